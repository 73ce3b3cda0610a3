/**
 * Where the engine's outputs go: an {@link OutputSink} per output (an S3 object in the function,
 * local files in the bench), written through {@link ByteSink}s whose writes wait for the
 * destination to drain, so memory stays bounded.
 */
export interface ByteSink {
  write(chunk: Uint8Array | string): Promise<void>;
  /** Ends this stream of bytes (for an output in segments: this segment). */
  end(): Promise<void>;
  /** Bytes written so far. */
  readonly bytes: number;
}

/** One object an output became. */
export interface WrittenObject {
  readonly bucket: string;
  readonly key: string;
  readonly bytes: number;
  readonly versionId?: string;
}

/**
 * One output object, written as `segments` ordered byte streams at the same time (segment 0's bytes
 * first, then segment 1's, ...). Nothing exists at the destination until the first write.
 */
export interface OutputSink {
  /** The segment writers; called once, before any write. */
  open(segments: number): readonly ByteSink[];
  /**
   * Instead of open(), where the output is local files: the paths a writer may write the segments
   * to directly, no byte passing through Node (the bench's outputs; S3 outputs have none).
   */
  files?(segments: number): readonly string[];
  /** Completes the object once every segment has ended; undefined when it was never opened. */
  finish(): Promise<WrittenObject | undefined>;
  /** Gives up: nothing is left at the destination. Safe to call at any time, more than once. */
  abort(): Promise<void>;
}
