import { randomBytes } from 'node:crypto';
import type { S3Event, S3EventRecord } from 'aws-lambda';

export interface S3EventRecordInput {
  readonly bucket: string;
  /** The object key as stored (decoded); it is URL-encoded into the record as S3 does. */
  readonly key: string;
  readonly size?: number;
  readonly eTag?: string;
  readonly versionId?: string;
  /** Defaults to `ObjectCreated:Put`. */
  readonly eventName?: string;
  readonly region?: string;
  readonly eventTime?: Date;
  /** @default the next of a growing series (S3's order: events made later sort later for a key) */
  readonly sequencer?: string;
  readonly configurationId?: string;
}

/**
 * URL-encodes a key as S3 writes it into event notifications: form encoding (space as `+`),
 * with `/` left as is. (moto also encodes `/` as `%2F`; handlers must accept both.)
 */
export function encodeS3EventKey(key: string): string {
  return encodeURIComponent(key)
    .replace(/[!'()~]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`)
    .replace(/%20/g, '+')
    .replace(/%2F/g, '/');
}

let eventsMade = 0;

/**
 * A sequencer after every one made before in this process, as S3's grow for each key: 16 hex
 * digits (the time in milliseconds, then a counter), so a test's later upload has the later event.
 */
export function nextSequencer(): string {
  eventsMade = (eventsMade + 1) % 0x100000;
  const millis = Date.now().toString(16).padStart(11, '0');
  return `${millis}${eventsMade.toString(16).padStart(5, '0')}`.toUpperCase();
}

/** One record shaped exactly as S3 sends it (eventVersion 2.1). */
export function s3EventRecord(input: S3EventRecordInput): S3EventRecord {
  const region = input.region ?? process.env.AWS_REGION ?? 'us-east-1';
  const object: S3EventRecord['s3']['object'] = {
    key: encodeS3EventKey(input.key),
    size: input.size ?? 0,
    eTag: (input.eTag ?? '').replace(/"/g, ''),
    sequencer: input.sequencer ?? nextSequencer(),
  };
  if (input.versionId !== undefined) object.versionId = input.versionId;
  return {
    eventVersion: '2.1',
    eventSource: 'aws:s3',
    awsRegion: region,
    eventTime: (input.eventTime ?? new Date()).toISOString(),
    eventName: input.eventName ?? 'ObjectCreated:Put',
    userIdentity: { principalId: 'AWS:EMULATOR' },
    requestParameters: { sourceIPAddress: '127.0.0.1' },
    responseElements: {
      'x-amz-request-id': randomBytes(8).toString('hex').toUpperCase(),
      'x-amz-id-2': randomBytes(32).toString('base64'),
    },
    s3: {
      s3SchemaVersion: '1.0',
      configurationId: input.configurationId ?? 'pipeline-trigger',
      bucket: {
        name: input.bucket,
        ownerIdentity: { principalId: 'EMULATOR' },
        arn: `arn:aws:s3:::${input.bucket}`,
      },
      object,
    },
  };
}

/** An S3 notification event holding the given records. */
export function s3Event(records: readonly S3EventRecordInput[]): S3Event {
  return { Records: records.map(s3EventRecord) };
}
