import { EventShapeError, KeyDecodeError } from './errors.js';
import { decodeS3Key } from './keys.js';

/** One created (or, `ObjectRemoved:*`, removed) object from an S3 event record, key decoded. */
export interface S3ObjectRef {
  /** Position of the record in `event.Records`. */
  readonly index: number;
  readonly eventName: string;
  readonly bucket: string;
  /** Decoded key (`+` -> space, then percent-decoding). */
  readonly key: string;
  /** The key exactly as the event carried it. */
  readonly rawKey: string;
  readonly size?: number;
  readonly eTag?: string;
  readonly versionId?: string;
  readonly sequencer?: string;
}

/** Why a record was skipped on purpose. */
export type IgnoreReason = 'test-event' | 'not-object-created' | 'directory-marker';

export interface IgnoredRecord {
  readonly index: number;
  readonly reason: IgnoreReason;
  readonly eventName?: string;
  readonly bucket?: string;
  readonly key?: string;
}

/** A record that could not be read; `error` says which field and why. */
export interface InvalidRecord {
  readonly index: number;
  readonly error: EventShapeError | KeyDecodeError;
  /** The record's bucket and (raw) key, where it had them: for the failure's outcome record. */
  readonly bucket?: string;
  readonly key?: string;
}

export interface ParsedS3Event {
  readonly objects: S3ObjectRef[];
  readonly ignored: IgnoredRecord[];
  readonly invalid: InvalidRecord[];
}

type Json = Record<string, unknown>;

function isObject(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function field(parent: Json, name: string, path: string): Json {
  const value = parent[name];
  if (!isObject(value)) throw new EventShapeError(`${path}.${name}`, 'an object', value);
  return value;
}

function requiredText(parent: Json, name: string, path: string): string {
  const value = parent[name];
  if (typeof value !== 'string' || value === '') {
    throw new EventShapeError(`${path}.${name}`, 'a non-empty string', value);
  }
  return value;
}

function optionalText(parent: Json, name: string, path: string): string | undefined {
  const value = parent[name];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'string') throw new EventShapeError(`${path}.${name}`, 'a string', value);
  return value === '' ? undefined : value;
}

function optionalSize(parent: Json, path: string): number | undefined {
  const value = parent['size'];
  if (value === undefined) return undefined;
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < 0) {
    throw new EventShapeError(`${path}.size`, 'a non-negative integer', value);
  }
  return value;
}

type RecordResult = { object: S3ObjectRef } | { ignored: IgnoredRecord };

/** `ObjectRemoved:Delete` and `ObjectRemoved:DeleteMarkerCreated`: the source is gone (or has a newer version). */
function isRemovalEvent(eventName: string): boolean {
  return eventName.startsWith('ObjectRemoved:');
}

/**
 * True for a record of a removed source (`s3:ObjectRemoved:*`): it carries the key, the sequencer and,
 * versioned, the version deleted or the delete marker's; no size or ETag.
 *
 * @example if (isRemoval(object)) return settleRemoval(...);
 */
export function isRemoval(object: Pick<S3ObjectRef, 'eventName'>): boolean {
  return isRemovalEvent(object.eventName);
}

function parseRecord(record: unknown, index: number): RecordResult {
  const path = `Records[${index}]`;
  if (!isObject(record)) throw new EventShapeError(path, 'an object', record);
  const eventName = requiredText(record, 'eventName', path);
  if (!eventName.startsWith('ObjectCreated:') && !isRemovalEvent(eventName)) {
    const { bucket, key } = bestEffortLocation(record);
    return { ignored: { index, reason: 'not-object-created', eventName, bucket, key } };
  }
  const s3 = field(record, 's3', path);
  const bucket = requiredText(field(s3, 'bucket', `${path}.s3`), 'name', `${path}.s3.bucket`);
  const object = field(s3, 'object', `${path}.s3`);
  const objectPath = `${path}.s3.object`;
  const rawKey = requiredText(object, 'key', objectPath);
  const key = decodeS3Key(rawKey);
  if (key.endsWith('/')) return { ignored: { index, reason: 'directory-marker', eventName, bucket, key } };
  const ref: S3ObjectRef = {
    index,
    eventName,
    bucket,
    key,
    rawKey,
    size: optionalSize(object, objectPath),
    eTag: optionalText(object, 'eTag', objectPath),
    versionId: optionalText(object, 'versionId', objectPath),
    sequencer: optionalText(object, 'sequencer', objectPath),
  };
  return { object: ref };
}

/** The bucket and key of a record that is not fully readable, where they are there (decoded when possible). */
function bestEffortLocation(record: unknown): { bucket?: string; key?: string } {
  const s3 = isObject(record) && isObject(record['s3']) ? record['s3'] : {};
  const bucket = isObject(s3['bucket']) ? s3['bucket']['name'] : undefined;
  const rawKey = isObject(s3['object']) ? s3['object']['key'] : undefined;
  let key = typeof rawKey === 'string' ? rawKey : undefined;
  try {
    if (key !== undefined) key = decodeS3Key(key);
  } catch {
    // keep the raw key: the record's error already says it cannot be decoded
  }
  return { bucket: typeof bucket === 'string' ? bucket : undefined, key };
}

function isTestEvent(event: Json): boolean {
  return event['Event'] === 's3:TestEvent';
}

/**
 * Reads every record of an S3 notification event.
 *
 * - `s3:TestEvent` (sent when a notification is configured) and records other than
 *   `ObjectCreated:*` and `ObjectRemoved:*` land in `ignored` (the handler logs a `skipped` outcome for each).
 * - Directory markers (decoded keys ending in `/`) land in `ignored`.
 * - A record with a missing or malformed field, or an undecodable key, lands in
 *   `invalid` with an {@link EventShapeError} / {@link KeyDecodeError} naming the field;
 *   the other records are still returned so the handler can process them.
 *
 * @throws {EventShapeError} when the event as a whole is not an S3 event (no `Records` array).
 */
export function parseS3Event(event: unknown): ParsedS3Event {
  const result: ParsedS3Event = { objects: [], ignored: [], invalid: [] };
  if (!isObject(event)) throw new EventShapeError('event', 'an object', event);
  if (isTestEvent(event)) {
    const bucket = typeof event['Bucket'] === 'string' ? event['Bucket'] : undefined;
    result.ignored.push({ index: 0, reason: 'test-event', eventName: 's3:TestEvent', bucket });
  } else {
    const records = event['Records'];
    if (!Array.isArray(records)) throw new EventShapeError('Records', 'an array', records);
    records.forEach((record: unknown, index) => {
      try {
        const parsed = parseRecord(record, index);
        if ('object' in parsed) result.objects.push(parsed.object);
        else result.ignored.push(parsed.ignored);
      } catch (error) {
        if (!(error instanceof EventShapeError || error instanceof KeyDecodeError)) throw error;
        result.invalid.push({ index, error, ...bestEffortLocation(record) });
      }
    });
  }
  return result;
}
