/**
 * An S3 object written while it is produced, as a multipart upload whose parts go up as they fill:
 * nothing of it is kept on local disk. The object may be written as several ordered segments at
 * the same time (the NDJSON parts DuckDB writes side by side): segment i numbers its parts in a
 * block of its own, so they can go up in any order; the pieces S3 would refuse as too small (the
 * last bytes of a segment, and the first part of the next, held back for that) are joined into
 * one part at the end. An object that never fills a part is one PutObject. Nothing exists at the
 * destination until the upload completes; abort() leaves nothing behind.
 */
import {
  AbortMultipartUploadCommand,
  CompleteMultipartUploadCommand,
  CreateMultipartUploadCommand,
  PutObjectCommand,
  UploadPartCommand,
  type CompletedPart,
  type S3Client,
} from '@aws-sdk/client-s3';
import { classifyS3Error, withS3Errors } from '@pipeline/lambda-kit';
import type { ByteSink, OutputSink, WrittenObject } from './sink.js';

const MAX_PARTS = 10_000;
/** S3's smallest part (but the last): every part we send is at least `partBytes`, which is at least this. */
const MIN_PART_BYTES = 5 * 1024 * 1024;

export interface S3OutputOptions {
  readonly partBytes?: number;
  /** Parts in flight at once for this object. */
  readonly queueSize?: number;
  /** User metadata of the object (its lineage: lambda-kit's `sourceMetadata`). */
  readonly metadata?: Readonly<Record<string, string>>;
}

/** A part held back for the end: its bytes and the part number it goes up under. */
interface Held {
  readonly number: number;
  readonly bytes: Buffer;
}

/**
 * One ordered segment. Bytes are copied into a part buffer of exactly `partBytes` as they arrive,
 * so the reader's chunks (often small slices of larger allocations) are let go at once and the
 * memory a segment holds is one part, however the bytes come.
 */
class Segment implements ByteSink {
  private part: Buffer | undefined;
  private filled = 0;
  private parts = 0;
  private total = 0;
  head: Held | undefined;
  tail: Held | undefined;
  ended = false;

  constructor(
    private readonly output: S3Output,
    private readonly index: number,
    private readonly firstNumber: number,
    private readonly span: number,
  ) {}

  get bytes(): number {
    return this.total;
  }

  async write(chunk: Uint8Array | string): Promise<void> {
    const bytes = typeof chunk === 'string' ? Buffer.from(chunk) : chunk;
    this.total += bytes.byteLength;
    for (let at = 0; at < bytes.byteLength;) {
      this.part ??= Buffer.allocUnsafeSlow(this.output.partBytes);
      const take = Math.min(bytes.byteLength - at, this.part.length - this.filled);
      this.part.set(bytes.subarray(at, at + take), this.filled);
      this.filled += take;
      at += take;
      if (this.filled === this.part.length) await this.cut();
    }
  }

  private async cut(): Promise<void> {
    const part: Held = { number: this.firstNumber + this.parts, bytes: this.part as Buffer };
    this.part = undefined;
    this.filled = 0;
    this.parts += 1;
    if (this.parts >= this.span)
      throw new Error(`Output ${this.output.key} needs more than ${this.span} parts in one segment`);
    // A later segment's first part waits, to be joined to the previous segment's last bytes.
    if (this.parts === 1 && this.index > 0) this.head = part;
    else await this.output.uploadPart(part);
  }

  async end(): Promise<void> {
    const rest = this.part ? Buffer.from(this.part.subarray(0, this.filled)) : Buffer.alloc(0);
    this.tail = { number: this.firstNumber + this.parts, bytes: rest };
    this.part = undefined;
    this.ended = true;
  }

  /** This segment's pieces in object order: held ones with their bytes, uploaded ones as `undefined`. */
  pieces(): (Held | undefined)[] {
    const uploaded = this.parts - (this.head ? 1 : 0);
    return [
      ...(this.head ? [this.head] : []),
      ...Array.from({ length: uploaded }, () => undefined),
      this.tail,
    ];
  }
}

export class S3Output implements OutputSink {
  readonly partBytes: number;
  private readonly queueSize: number;
  private readonly metadata: Readonly<Record<string, string>> | undefined;
  private segments: Segment[] = [];
  private uploadId: Promise<string> | undefined;
  private readonly completed: CompletedPart[] = [];
  private readonly inFlight = new Set<Promise<void>>();
  private failure: ReturnType<typeof classifyS3Error> | undefined;
  private aborted = false;

  constructor(
    private readonly s3: S3Client,
    readonly bucket: string,
    readonly key: string,
    private readonly contentType: string,
    options: S3OutputOptions = {},
  ) {
    this.partBytes = Math.max(MIN_PART_BYTES, options.partBytes ?? 8 * 1024 * 1024);
    this.queueSize = options.queueSize ?? 2;
    this.metadata = options.metadata;
  }

  open(count: number): readonly ByteSink[] {
    const span = Math.floor(MAX_PARTS / count);
    this.segments = Array.from({ length: count }, (_, i) => new Segment(this, i, i * span + 1, span));
    return this.segments;
  }

  private create(): Promise<string> {
    this.uploadId ??= withS3Errors(`CreateMultipartUpload ${this.key}`, async () => {
      const created = await this.s3.send(
        new CreateMultipartUploadCommand({
          Bucket: this.bucket,
          Key: this.key,
          ContentType: this.contentType,
          Metadata: this.metadata,
        }),
      );
      return created.UploadId as string;
    });
    return this.uploadId;
  }

  /** Sends a part, waiting while `queueSize` are in flight; a failure surfaces on a later write or at finish. */
  async uploadPart(part: Held): Promise<void> {
    while (this.inFlight.size >= this.queueSize) await Promise.race(this.inFlight);
    if (this.failure !== undefined) throw this.failure;
    if (this.aborted) throw new Error(`Output ${this.key} was aborted`);
    const sending = this.send(part).then(
      () => undefined,
      (error: unknown) => {
        this.failure ??= classifyS3Error(error, `UploadPart ${this.key}`);
      },
    );
    const tracked = sending.finally(() => this.inFlight.delete(tracked));
    this.inFlight.add(tracked);
  }

  private async send(part: Held): Promise<void> {
    const UploadId = await this.create();
    const sent = await this.s3.send(
      new UploadPartCommand({
        Bucket: this.bucket,
        Key: this.key,
        UploadId,
        PartNumber: part.number,
        Body: part.bytes,
      }),
    );
    this.completed.push({ PartNumber: part.number, ETag: sent.ETag });
  }

  /** Held pieces that follow each other with no uploaded part between, joined: each group is one part. */
  private heldGroups(): Held[] {
    const groups: Held[] = [];
    let open: { number: number; bytes: Buffer[] } | undefined;
    for (const piece of this.segments.flatMap((segment) => segment.pieces())) {
      if (!piece) {
        if (open) groups.push({ number: open.number, bytes: Buffer.concat(open.bytes) });
        open = undefined;
        continue;
      }
      open ??= { number: piece.number, bytes: [] };
      open.bytes.push(piece.bytes);
    }
    if (open) groups.push({ number: open.number, bytes: Buffer.concat(open.bytes) });
    return groups.filter((group, i) => group.bytes.length > 0 || i < groups.length - 1);
  }

  async finish(): Promise<WrittenObject | undefined> {
    if (this.segments.length === 0) return undefined;
    if (!this.segments.every((segment) => segment.ended))
      throw new Error(`Output ${this.key} has unfinished segments`);
    const bytes = this.segments.reduce((sum, segment) => sum + segment.bytes, 0);
    const groups = this.heldGroups();
    if (!this.uploadId) return this.putWhole(groups[0]?.bytes ?? Buffer.alloc(0), bytes);
    for (const group of groups) await this.uploadPart(group);
    await Promise.all(this.inFlight);
    if (this.failure !== undefined) throw this.failure;
    const UploadId = await this.uploadId;
    const parts = [...this.completed].sort((a, b) => (a.PartNumber ?? 0) - (b.PartNumber ?? 0));
    const done = await withS3Errors(`CompleteMultipartUpload ${this.key}`, () =>
      this.s3.send(
        new CompleteMultipartUploadCommand({
          Bucket: this.bucket,
          Key: this.key,
          UploadId,
          MultipartUpload: { Parts: parts },
        }),
      ),
    );
    return {
      bucket: this.bucket,
      key: this.key,
      bytes,
      ...(done.VersionId ? { versionId: done.VersionId } : {}),
    };
  }

  private async putWhole(body: Buffer, bytes: number): Promise<WrittenObject> {
    const put = await withS3Errors(`PutObject ${this.key}`, () =>
      this.s3.send(
        new PutObjectCommand({
          Bucket: this.bucket,
          Key: this.key,
          Body: body,
          ContentType: this.contentType,
          Metadata: this.metadata,
        }),
      ),
    );
    return {
      bucket: this.bucket,
      key: this.key,
      bytes,
      ...(put.VersionId ? { versionId: put.VersionId } : {}),
    };
  }

  async abort(): Promise<void> {
    this.aborted = true;
    await Promise.allSettled(this.inFlight);
    if (!this.uploadId) return;
    const UploadId = await this.uploadId.catch(() => undefined);
    if (UploadId)
      await this.s3
        .send(new AbortMultipartUploadCommand({ Bucket: this.bucket, Key: this.key, UploadId }))
        .catch(() => undefined); // the bucket's lifecycle rule aborts what is left
  }
}
