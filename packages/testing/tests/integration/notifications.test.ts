import { PutBucketNotificationConfigurationCommand, PutObjectCommand } from '@aws-sdk/client-s3';
import {
  CreateQueueCommand,
  DeleteQueueCommand,
  GetQueueAttributesCommand,
  ReceiveMessageCommand,
} from '@aws-sdk/client-sqs';
import type { S3Event } from 'aws-lambda';
import {
  cleanupTestBuckets,
  createTestBucket,
  testS3Client,
  testSqsClient,
  uniqueName,
} from '../../src/index.js';

const s3 = testS3Client();
const sqs = testSqsClient();
const queues: string[] = [];
afterAll(async () => {
  await cleanupTestBuckets(s3);
  await Promise.all(queues.map((QueueUrl) => sqs.send(new DeleteQueueCommand({ QueueUrl }))));
});

async function receiveRecords(queueUrl: string, wantAtLeast: number): Promise<S3Event['Records']> {
  const records: S3Event['Records'] = [];
  for (let attempt = 0; attempt < 10 && records.length < wantAtLeast; attempt++) {
    const { Messages = [] } = await sqs.send(
      new ReceiveMessageCommand({ QueueUrl: queueUrl, MaxNumberOfMessages: 10, WaitTimeSeconds: 1 }),
    );
    for (const message of Messages) {
      const parsed = JSON.parse(message.Body ?? '{}') as Partial<S3Event>;
      records.push(...(parsed.Records ?? []));
    }
  }
  return records;
}

describe('S3 -> SQS notifications', () => {
  it('delivers ObjectCreated events for keys under the filter prefix only, with URL-encoded keys', async () => {
    const bucket = await createTestBucket('notify');
    const queueUrl = (await sqs.send(new CreateQueueCommand({ QueueName: uniqueName('notify') }))).QueueUrl!;
    queues.push(queueUrl);
    const attributes = await sqs.send(
      new GetQueueAttributesCommand({ QueueUrl: queueUrl, AttributeNames: ['QueueArn'] }),
    );
    await s3.send(
      new PutBucketNotificationConfigurationCommand({
        Bucket: bucket,
        NotificationConfiguration: {
          QueueConfigurations: [
            {
              QueueArn: attributes.Attributes!.QueueArn!,
              Events: ['s3:ObjectCreated:*'],
              Filter: { Key: { FilterRules: [{ Name: 'prefix', Value: 'incoming/' }] } },
            },
          ],
        },
      }),
    );
    await s3.send(new PutObjectCommand({ Bucket: bucket, Key: 'incoming/my photo.jpg', Body: 'x' }));
    await s3.send(new PutObjectCommand({ Bucket: bucket, Key: 'elsewhere/other.jpg', Body: 'y' }));

    const records = (await receiveRecords(queueUrl, 1)).filter((r) =>
      r.eventName?.startsWith('ObjectCreated'),
    );
    expect(records).toHaveLength(1);
    const record = records[0]!;
    expect(record.s3.bucket.name).toBe(bucket);
    // The raw key is form-encoded; '/' may arrive as '%2F' (moto) or as is (S3).
    expect(decodeURIComponent(record.s3.object.key.replace(/\+/g, ' '))).toBe('incoming/my photo.jpg');
    expect(record.s3.object.key).not.toContain(' ');
  });
});
