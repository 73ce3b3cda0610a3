/**
 * The unit tests' S3 client: no network. The only request the kit sends for a written object in
 * these tests is the DeleteObjects that clears a stale rejection record; it is answered here as S3
 * answers it (nothing to delete is not an error). Any other request fails the test loudly. The
 * same behaviour against the emulator is tested in tests/integration.
 */
import { S3Client } from '@aws-sdk/client-s3';

export interface OfflineS3 {
  readonly s3: S3Client;
  /** The keys each DeleteObjects asked to delete, in order. */
  readonly deleted: string[][];
}

export function offlineS3(): OfflineS3 {
  const s3 = new S3Client({ endpoint: 'http://127.0.0.1:9', region: 'us-east-1' });
  const deleted: string[][] = [];
  s3.middlewareStack.add(
    (next, context) => async (args) => {
      if (context.commandName !== 'DeleteObjectsCommand')
        throw new Error(`unit test sent ${context.commandName}: it needs the emulator (tests/integration)`);
      const input = args.input as { Delete?: { Objects?: { Key?: string }[] } };
      deleted.push((input.Delete?.Objects ?? []).map((o) => o.Key ?? ''));
      return { output: { $metadata: {} }, response: {} };
    },
    { step: 'initialize', name: 'offlineS3' },
  );
  return { s3, deleted };
}
