import { mkdir, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { listKeys, readBody } from '@pipeline/cloud-emulator';
import type { LocalCloud } from '../deploy/deploy-local.js';
import { allMessages, queueNameOfArn, queueUrlOfArn } from '../run/failure-queue.js';
import { localPathOf } from './out-dir.js';

async function writeUnder(root: string, parts: readonly string[], body: Uint8Array | string): Promise<void> {
  const target = localPathOf(root, ...parts);
  await mkdir(dirname(target), { recursive: true });
  await writeFile(target, body);
}

/** Downloads every object the run produced in the stack's buckets, and every failure message, into `outDir`. */
export async function downloadOutputs(
  cloud: LocalCloud,
  inputs: ReadonlySet<string>,
  outDir: string,
): Promise<number> {
  let count = 0;
  for (const bucket of cloud.deployment.buckets) {
    for (const key of await listKeys(cloud.clients.s3, bucket)) {
      if (inputs.has(`${bucket}/${key}`)) continue;
      await writeUnder(outDir, [bucket, key], await readBody(cloud.clients.s3, bucket, key));
      count++;
    }
  }
  for (const fn of cloud.deployment.functions.values()) {
    const arn = fn.asyncConfig.onFailureDestination;
    if (arn === undefined) continue;
    for (const message of await allMessages(cloud.clients.sqs, await queueUrlOfArn(cloud.clients.sqs, arn))) {
      await writeUnder(
        outDir,
        ['_failure-destinations', queueNameOfArn(arn), `${message.MessageId}.json`],
        message.Body ?? '',
      );
      count++;
    }
  }
  return count;
}
