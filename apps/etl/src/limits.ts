/**
 * The sizes a function can handle, declared and enforced before work: MAX_INPUT_BYTES (the object
 * as stored, checked from the event and a HEAD before any download) and MAX_EXPANDED_BYTES (the
 * CSV after gunzip, checked while inflating, with a ratio guard that stops a gzip bomb early).
 * Unset, both derive from what the function has: the free space of its work dir and, when known,
 * the time left in the invocation.
 */
import { statfs } from 'node:fs/promises';
import { TooLargeError } from './errors.js';

export interface ByteLimits {
  readonly maxInputBytes: number;
  readonly maxExpandedBytes: number;
  /** Inflated bytes per compressed byte, checked once the output passes `RATIO_CHECK_FROM`. */
  readonly maxGzipRatio: number;
}

/** What the configuration says (undefined: derive at run time). */
export interface ConfiguredLimits {
  readonly maxInputBytes?: number;
  readonly maxExpandedBytes?: number;
  readonly maxGzipRatio: number;
}

/**
 * Local storage a file needs per expanded CSV byte: the staged CSV (1), the typed staging Parquet
 * (at most about 1 for incompressible text, 0.3 on the bench file) and DuckDB's spill headroom.
 * Outputs stream to S3 and take no local space.
 */
export const STORAGE_PER_BYTE = 2.5;
/**
 * End-to-end rate per DuckDB thread, uploads included: the emulator's 1 GB run did 16-22 MB/s on two
 * threads, bound by its upload rate (README); S3 is faster, so this errs toward refusing early.
 */
export const BYTES_PER_SECOND_PER_THREAD = 8_000_000;
/** Time kept back from the invocation's remaining time for the manifest, cleanup and slack. */
const RESERVED_MS = 10_000;
/** Below this, any ratio passes: small, very repetitive files are fine. */
const RATIO_CHECK_FROM = 64 * 1024 * 1024;

/** Free bytes of the file system holding `dir`. */
export async function freeBytes(dir: string): Promise<number> {
  const stats = await statfs(dir);
  return stats.bavail * stats.bsize;
}

/** The largest expanded CSV that fits `free` bytes of storage and `remainingMs` of time. */
export function derivedMaxBytes(free: number, threads: number, remainingMs?: number): number {
  const byStorage = Math.floor(free / STORAGE_PER_BYTE);
  if (remainingMs === undefined) return byStorage;
  const seconds = Math.max(0, remainingMs - RESERVED_MS) / 1000;
  return Math.min(byStorage, Math.floor(seconds * BYTES_PER_SECOND_PER_THREAD * threads));
}

/** The limits in force for one object: configured ones as they are, the others derived now. */
export function resolveLimits(configured: ConfiguredLimits, derived: number): ByteLimits {
  return {
    maxInputBytes: configured.maxInputBytes ?? derived,
    maxExpandedBytes: configured.maxExpandedBytes ?? derived,
    maxGzipRatio: configured.maxGzipRatio,
  };
}

const RAISE =
  'Raise it (or the function ephemeral storage and timeout it derives from, see the etl README), or split the file';

/** Refuses an object whose stored size is over MAX_INPUT_BYTES, before any byte is read. */
export function checkInputSize(size: number | undefined, limits: ByteLimits): void {
  if (size !== undefined && size > limits.maxInputBytes)
    throw new TooLargeError({
      variable: 'MAX_INPUT_BYTES',
      limit: limits.maxInputBytes,
      measured: `The object holds ${size} bytes`,
      advice: RAISE,
    });
}

/** Refuses a CSV that has expanded past MAX_EXPANDED_BYTES, or a gzip past the ratio guard. */
export function checkExpanded(expanded: number, compressed: number | undefined, limits: ByteLimits): void {
  if (expanded > limits.maxExpandedBytes)
    throw new TooLargeError({
      variable: 'MAX_EXPANDED_BYTES',
      limit: limits.maxExpandedBytes,
      measured: `The CSV expands past ${expanded} bytes`,
      advice: RAISE,
    });
  if (compressed !== undefined && expanded > RATIO_CHECK_FROM && expanded > compressed * limits.maxGzipRatio)
    throw new TooLargeError({
      variable: 'MAX_GZIP_RATIO',
      limit: limits.maxGzipRatio,
      measured: `The gzip stream inflated ${compressed} bytes into ${expanded} (a ratio of ${Math.round(expanded / compressed)})`,
      advice:
        'A ratio this high is a decompression bomb, not a CSV export; raise MAX_GZIP_RATIO if the file is genuine',
    });
}
