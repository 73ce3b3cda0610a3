/**
 * S3 Batch Operations' `LambdaInvoke` event and response: the route for reprocessing millions of
 * existing objects (S3 notifies only for new ones). A pipeline's handler accepts this shape beside
 * S3 notifications, and answers with a result per task.
 */
import { EventShapeError } from './errors.js';
import type { S3ObjectRef } from './event.js';
import { decodeS3Key } from './keys.js';
import type { ObjectOutcome } from './outcome.js';

/** One object of a Batch Operations job (schema 1.0 names the bucket by ARN, 2.0 by name). */
export interface BatchOperationsTask {
  readonly taskId: string;
  readonly s3Key: string;
  readonly s3VersionId?: string | null;
  readonly s3BucketArn?: string;
  readonly s3Bucket?: string;
}

export interface BatchOperationsEvent {
  readonly invocationSchemaVersion: '1.0' | '2.0';
  readonly invocationId: string;
  readonly job: { readonly id: string; readonly userArguments?: Readonly<Record<string, string>> };
  readonly tasks: readonly BatchOperationsTask[];
}

export type BatchResultCode = 'Succeeded' | 'TemporaryFailure' | 'PermanentFailure';

export interface BatchOperationsResult {
  readonly invocationSchemaVersion: '1.0' | '2.0';
  readonly treatMissingKeysAs: BatchResultCode;
  readonly invocationId: string;
  readonly results: readonly {
    readonly taskId: string;
    readonly resultCode: BatchResultCode;
    readonly resultString: string;
  }[];
}

/** True for an event S3 Batch Operations sent (it has `invocationSchemaVersion` and `tasks`). */
export function isBatchOperationsEvent(event: unknown): event is BatchOperationsEvent {
  return (
    typeof event === 'object' &&
    event !== null &&
    'invocationSchemaVersion' in event &&
    Array.isArray((event as { tasks?: unknown }).tasks)
  );
}

function bucketOf(task: BatchOperationsTask, index: number): string {
  const bucket = task.s3Bucket ?? task.s3BucketArn?.split(':').pop();
  if (typeof bucket !== 'string' || bucket === '')
    throw new EventShapeError(
      `tasks[${index}].s3BucketArn`,
      'a bucket ARN (or an s3Bucket)',
      task.s3BucketArn,
    );
  return bucket;
}

/**
 * The tasks as object references. Keys arrive URL-encoded, as in S3 notifications (AWS's own
 * examples decode them with `unquote_plus`), so they are decoded the same way.
 *
 * @throws {EventShapeError} for a task without a bucket or key (the whole invocation is malformed).
 */
export function batchTaskObjects(event: BatchOperationsEvent): S3ObjectRef[] {
  return event.tasks.map((task, index) => {
    if (typeof task.s3Key !== 'string' || task.s3Key === '')
      throw new EventShapeError(`tasks[${index}].s3Key`, 'a non-empty string', task.s3Key);
    return {
      index,
      eventName: 'BatchOperations:LambdaInvoke',
      bucket: bucketOf(task, index),
      key: decodeS3Key(task.s3Key),
      rawKey: task.s3Key,
      ...(task.s3VersionId ? { versionId: task.s3VersionId } : {}),
    };
  });
}

/** A task's result from its outcome: a bad input is permanent, a transient failure temporary (Batch Operations retries it). */
export function batchResultOf(
  taskId: string,
  outcome: ObjectOutcome,
): BatchOperationsResult['results'][number] {
  switch (outcome.kind) {
    case 'rejected':
      return {
        taskId,
        resultCode: 'PermanentFailure',
        resultString: `rejected ${outcome.code}: ${outcome.message}`,
      };
    case 'failed':
      return {
        taskId,
        resultCode: 'TemporaryFailure',
        resultString: `failed ${outcome.code}: ${outcome.message}`,
      };
    case 'skipped':
      return { taskId, resultCode: 'Succeeded', resultString: `skipped ${outcome.reason}` };
    default:
      return {
        taskId,
        resultCode: 'Succeeded',
        resultString: `${outcome.kind}: ${outcome.written.length} object(s)`,
      };
  }
}
