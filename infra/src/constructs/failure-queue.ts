/**
 * The on-failure destination of one function's async invocations: an encrypted SQS queue that
 * keeps failed events for the maximum 14 days so they can be inspected and replayed.
 */
import { SqsQueue } from '@cdktf/provider-aws/lib/sqs-queue/index.js';
import { Construct } from 'constructs';

export interface FailureQueueProps {
  readonly queueName: string;
  /** @default 1209600 (14 days, SQS's maximum) */
  readonly retentionSeconds?: number;
  /** Encrypt with this KMS key. @default SQS-managed encryption (SSE-SQS) */
  readonly kmsKeyId?: string;
  readonly tags?: Readonly<Record<string, string>>;
}

export class FailureQueue extends Construct {
  readonly queue: SqsQueue;

  constructor(scope: Construct, id: string, props: FailureQueueProps) {
    super(scope, id);
    this.queue = new SqsQueue(this, 'queue', {
      name: props.queueName,
      messageRetentionSeconds: props.retentionSeconds ?? 1_209_600,
      ...(props.kmsKeyId === undefined ? { sqsManagedSseEnabled: true } : { kmsMasterKeyId: props.kmsKeyId }),
      tags: props.tags ? { ...props.tags } : undefined,
    });
  }
}
