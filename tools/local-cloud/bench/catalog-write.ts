/**
 * `pnpm --filter @pipeline/local-cloud bench:catalog-write`: what one object catalog write costs the
 * emulator, against an S3 HeadObject measured in the same run. On this machine the soak is bound by
 * CPU, and moto is a large part of it, so a catalog write's share of a soak invocation is its CPU in
 * moto. Each write is lambda-kit's own (`writeCatalogItem` with a resize outcome of four variants;
 * `updateParts` for the UpdateItem of the same item), on a fresh moto with IAM enforced:
 * - HeadObject: the baseline;
 * - PutItem: an S3 event's write (conditional on the sequencer), of a new item;
 * - PutItem refused: the same event again (a duplicate: the condition keeps the stored item);
 * - UpdateItem: the same item set attribute by attribute, as a record without a sequencer is.
 * Prints emulator CPU milliseconds a request, its ratio to HeadObject, and the client's own CPU a
 * request (the SDK's work in the function); `--json` prints JSON alone.
 *
 *   pnpm --filter @pipeline/local-cloud bench:catalog-write [-- --requests N --json]
 */
import { parseArgs } from 'node:util';
import { CreateTableCommand, DynamoDBClient, UpdateItemCommand } from '@aws-sdk/client-dynamodb';
import { CreateBucketCommand, HeadObjectCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import {
  CATALOG_KEY,
  catalogItemOf,
  updateParts,
  writeCatalogItem,
  type CatalogItem,
  type ObjectOutcome,
} from '@pipeline/lambda-kit';
import { withEnforcedMoto } from './enforced-moto.js';
import { treeCpuSeconds } from './process-profile.js';
import { progress, runCommand, writeOut } from '../src/cli/command.js';
import { EXIT_OK } from '../src/cli/exit-codes.js';

/** Clients at once, as the soak's functions and runner keep moto busy. */
const CONCURRENCY = 4;

interface Measured {
  readonly request: string;
  readonly requests: number;
  /** The emulator's CPU a request. */
  readonly cpuMsPerRequest: number;
  /** The client's (this process: the SDK's serialization, signing and parsing) CPU a request. */
  readonly clientCpuMsPerRequest: number;
}

async function measure(
  request: string,
  motoPid: number,
  requests: number,
  send: (n: number) => Promise<unknown>,
): Promise<Measured> {
  const before = treeCpuSeconds(motoPid);
  const clientBefore = process.cpuUsage();
  let next = 0;
  const lane = async (): Promise<void> => {
    while (next < requests) await send(next++);
  };
  await Promise.all(Array.from({ length: CONCURRENCY }, lane));
  const cpuMsPerRequest = ((treeCpuSeconds(motoPid) - before) * 1000) / requests;
  const client = process.cpuUsage(clientBefore);
  const clientCpuMsPerRequest = (client.user + client.system) / 1000 / requests;
  progress(
    `${request}: ${requests} requests, ${cpuMsPerRequest.toFixed(2)} ms of emulator CPU and ${clientCpuMsPerRequest.toFixed(2)} ms of the client's each`,
  );
  const round = (ms: number) => Math.round(ms * 100) / 100;
  return {
    request,
    requests,
    cpuMsPerRequest: round(cpuMsPerRequest),
    clientCpuMsPerRequest: round(clientCpuMsPerRequest),
  };
}

/** A resize outcome of four variants for key n, as the skeleton records it. */
function itemOf(n: number): CatalogItem {
  const key = `uploads/photos/photo-${n}.jpg`;
  const outcome: ObjectOutcome = {
    schema: 'pipeline.outcome/v1',
    pipeline: 'resize',
    requestId: 'r'.repeat(36),
    kind: 'written',
    action: 'resized',
    source: { bucket: 'ingest', key, versionId: 'v'.repeat(32), eTag: 'e'.repeat(32), size: 1_234_567 },
    written: ['thumb', 'small', 'medium', 'large'].map((variant) => ({
      bucket: 'processed',
      key: `images/variants/${variant}/photos/photo-${n}.webp`,
      bytes: 24_000,
      versionId: 'x'.repeat(32),
      width: 640,
      height: 480,
      format: 'webp',
    })),
    durationMs: 120,
  };
  return catalogItemOf(outcome, { object: { sequencer: '0055AED6DCD90281E5' }, now: new Date() });
}

async function main(): Promise<number> {
  const { values } = parseArgs({
    args: process.argv.slice(2).filter((arg) => arg !== '--'),
    options: { requests: { type: 'string', default: '1000' }, json: { type: 'boolean', default: false } },
  });
  const requests = Number(values.requests);
  const results = await withEnforcedMoto(async (moto, admin) => {
    const config = { endpoint: moto.endpoint, region: 'us-east-1', credentials: admin };
    const s3 = new S3Client({ ...config, forcePathStyle: true });
    const dynamodb = new DynamoDBClient(config);
    await s3.send(new CreateBucketCommand({ Bucket: 'bench-catalog-write' }));
    await s3.send(
      new PutObjectCommand({ Bucket: 'bench-catalog-write', Key: 'seed', Body: Buffer.alloc(64 * 1024) }),
    );
    // The stack's table: its keys, on demand, a stream of new and old images (moto keeps its records).
    await dynamodb.send(
      new CreateTableCommand({
        TableName: 'bench-catalog',
        BillingMode: 'PAY_PER_REQUEST',
        AttributeDefinitions: [
          { AttributeName: CATALOG_KEY.partition, AttributeType: 'S' },
          { AttributeName: CATALOG_KEY.sort, AttributeType: 'S' },
        ],
        KeySchema: [
          { AttributeName: CATALOG_KEY.partition, KeyType: 'HASH' },
          { AttributeName: CATALOG_KEY.sort, KeyType: 'RANGE' },
        ],
        StreamSpecification: { StreamEnabled: true, StreamViewType: 'NEW_AND_OLD_IMAGES' },
      }),
    );
    const measured = [
      await measure('HeadObject', moto.pid, requests, () =>
        s3.send(new HeadObjectCommand({ Bucket: 'bench-catalog-write', Key: 'seed' })),
      ),
      await measure('PutItem', moto.pid, requests, (n) =>
        writeCatalogItem(dynamodb, 'bench-catalog', itemOf(n)),
      ),
      await measure('PutItem refused', moto.pid, requests, (n) =>
        writeCatalogItem(dynamodb, 'bench-catalog', itemOf(n)),
      ),
      await measure('UpdateItem', moto.pid, requests, (n) => {
        const { sequencer: _s, sequencerLength: _l, ...unordered } = itemOf(n);
        return dynamodb.send(
          new UpdateItemCommand({
            TableName: 'bench-catalog',
            ...updateParts(unordered as CatalogItem),
          }),
        );
      }),
    ];
    s3.destroy();
    dynamodb.destroy();
    return measured;
  });
  const head = results[0]?.cpuMsPerRequest ?? 1;
  const rows = results.map((r) => ({
    ...r,
    xHeadObject: Math.round((r.cpuMsPerRequest / head) * 100) / 100,
  }));
  if (values.json)
    await writeOut(`${JSON.stringify({ requests, concurrency: CONCURRENCY, rows }, null, 2)}\n`);
  else
    await writeOut(
      [
        'request          emulator CPU ms  x HeadObject  client CPU ms',
        ...rows.map(
          (r) =>
            `${r.request.padEnd(17)}${r.cpuMsPerRequest.toFixed(2).padStart(15)}  ${r.xHeadObject.toFixed(2).padStart(12)}  ${r.clientCpuMsPerRequest.toFixed(2).padStart(12)}`,
        ),
        '',
      ].join('\n'),
    );
  return EXIT_OK;
}

runCommand(main);
