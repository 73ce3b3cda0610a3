/** What an event is about, in words: the objects an S3 event names, for tables and messages. */
import { parseS3Event } from '@pipeline/lambda-kit';

/** The objects an event names, as `s3://bucket/key` (decoded, as the handler reads them), comma-separated. */
export function inputOf(event: unknown): string {
  try {
    const objects = parseS3Event(event).objects.map((o) => `s3://${o.bucket}/${o.key}`);
    return objects.length > 0 ? objects.join(', ') : '(an event naming no object)';
  } catch {
    return '(not an S3 event)';
  }
}
