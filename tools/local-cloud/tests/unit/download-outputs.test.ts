/**
 * `--out DIR` writes each output under DIR as `bucket/key`: a key is data, not a path, so `..`
 * segments (S3 allows them) must not lead outside DIR.
 */
import { existsSync, mkdtempSync, readFileSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PutObjectCommand } from '@aws-sdk/client-s3';
import { cleanupTestBuckets, createTestBucket, testS3Client } from '@pipeline/testing';
import { downloadOutputs } from '../../src/report/download-outputs.js';
import { localPathOf } from '../../src/report/out-dir.js';
import type { LocalCloud } from '../../src/deploy/deploy-local.js';

const s3 = testS3Client();
afterAll(() => cleanupTestBuckets(s3));

function cloudWith(bucket: string): LocalCloud {
  return {
    deployment: { buckets: [bucket], triggers: [], functions: new Map() },
    clients: { s3 },
  } as unknown as LocalCloud;
}

describe('downloadOutputs', () => {
  it('keeps keys holding ../ inside the output folder', async () => {
    const bucket = await createTestBucket('lc-out');
    const root = mkdtempSync(join(tmpdir(), 'lc-out-'));
    const outDir = join(root, 'out');
    const keys = ['copies/../../../escaped.txt', 'copies/./a//b.txt', '../top.txt', 'copies/ok.txt'];
    for (const Key of keys) await s3.send(new PutObjectCommand({ Bucket: bucket, Key, Body: Key }));
    const count = await downloadOutputs(cloudWith(bucket), new Set(), outDir);
    expect(count).toBe(keys.length);
    expect(existsSync(join(root, 'escaped.txt'))).toBe(false);
    expect(readdirSync(root)).toEqual(['out']);
    const written = readdirSync(outDir, { recursive: true, withFileTypes: true })
      .filter((e) => e.isFile())
      .map((e) => readFileSync(join(e.parentPath, e.name), 'utf8'))
      .sort();
    // Every object landed in its own file inside DIR, with its own content.
    expect(written).toEqual([...keys].sort());
  });
});

describe('localPathOf', () => {
  it('encodes segments a file system would read as directions, and keeps distinct keys apart', () => {
    expect(localPathOf('/out', 'b', 'x/../../etc/passwd')).toBe('/out/b/x/%2E%2E/%2E%2E/etc/passwd');
    expect(localPathOf('/out', 'b', './a//c/')).toBe('/out/b/%2E/a/%/c/%');
    const keys = ['a/..', 'a/%2E%2E', 'a/%', 'a/', 'a/%25'];
    expect(new Set(keys.map((key) => localPathOf('/out', 'b', key))).size).toBe(keys.length);
  });
});
