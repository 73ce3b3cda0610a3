/**
 * Log lines as a real handler writes them: the copy function's built zip, run once against the
 * emulator, for one object it copies and one it rejects. Readers of outcome records are tested on
 * these, never on lines written by hand.
 */
import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import { DeleteObjectCommand } from '@aws-sdk/client-s3';
import { findWorkspaceRoot, unpackArtifact } from '@pipeline/lambda-packager';
import {
  createTestBucket,
  invokeArtifact,
  putObjectForEvent,
  s3Event,
  testS3Client,
} from '@pipeline/testing';

export interface HandlerRun {
  readonly source: string;
  readonly destination: string;
  /** Copied: `in/a b.txt` (to `out/a b.txt`). Rejected (deleted before its event was handled): `in/gone.txt`. */
  readonly logs: readonly string[];
}

/** Runs the copy artifact over a copied and a rejected object; the caller cleans the buckets up. */
export async function copyHandlerRun(): Promise<HandlerRun> {
  const s3 = testS3Client();
  const [source, destination] = await Promise.all([
    createTestBucket('lc-src', s3),
    createTestBucket('lc-dst', s3),
  ]);
  const copied = await putObjectForEvent(s3, { Bucket: source, Key: 'in/a b.txt', Body: 'hello' });
  const gone = await putObjectForEvent(s3, { Bucket: source, Key: 'in/gone.txt', Body: 'x' });
  await s3.send(new DeleteObjectCommand({ Bucket: source, Key: 'in/gone.txt' }));
  const zip = join(findWorkspaceRoot(), 'apps', 'copy', 'artifacts', 'copy-x86_64.zip');
  const unpacked = await unpackArtifact(zip, 'local-cloud-lines');
  try {
    const run = await invokeArtifact(unpacked.taskDir, s3Event([copied, gone]), {
      DESTINATION_BUCKET: destination,
      SOURCE_PREFIX: 'in',
      DESTINATION_PREFIX: 'out',
    });
    if (run.error !== undefined) throw new Error(`the copy artifact failed: ${run.error.message}`);
    return { source, destination, logs: run.raw.logs };
  } finally {
    await rm(unpacked.root, { recursive: true, force: true });
  }
}
