// `pnpm bench`: cold start of the shipped bundle, and peak RSS of a 1 GiB multipart copy against
// the emulator, both run from the unzipped x86_64 artifact in fresh Node processes.
import { spawn } from 'node:child_process';
import { mkdir, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { HeadObjectCommand, PutObjectCommand } from '@aws-sdk/client-s3';
import { s3Event, testS3Client } from '@pipeline/testing';
import { measureColdStart } from './cold-start.js';
import { bucket, emulator, MiB, unpackedArtifact, uploadLargeObject } from './setup.js';

const appDir = join(import.meta.dirname, '..');
const OBJECT_BYTES = Number(process.env.BENCH_OBJECT_BYTES ?? 1024 * MiB);
const BUDGET_MIB = 64;

function runChild(dir: string, env: NodeJS.ProcessEnv): Promise<Record<string, unknown>> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--expose-gc', join(appDir, 'bench/memory-child.cjs')], {
      cwd: dir,
      env,
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('close', (code) => {
      const line = stderr.split('\n').find((l) => l.startsWith('BENCH_RESULT '));
      if (code === 0 && line !== undefined)
        resolve(JSON.parse(line.slice('BENCH_RESULT '.length)) as Record<string, unknown>);
      else reject(new Error(`memory child exited ${code}: ${stderr}`));
    });
  });
}

async function main(): Promise<void> {
  const running = await emulator();
  console.log(running.description);
  try {
    const { dir, zipBytes } = await unpackedArtifact(appDir);
    const s3 = testS3Client();
    const [source, destination] = [await bucket(s3, 'bench-src'), await bucket(s3, 'bench-dst')];
    const env = {
      ...process.env,
      DESTINATION_BUCKET: destination,
      SOURCE_PREFIX: 'in',
      DESTINATION_PREFIX: 'out',
      LOG_LEVEL: 'WARN',
    };
    const coldStart = await measureColdStart(dir, env);
    console.log(
      `cold start: require ${coldStart.requireMs.toFixed(0)} ms; process ${coldStart.processMs.toFixed(0)} ms vs empty node ${coldStart.baselineProcessMs.toFixed(0)} ms (x${coldStart.ratioToBaseline.toFixed(2)})`,
    );
    const uploadStarted = performance.now();
    const big = await uploadLargeObject(s3, source, 'in/big.bin', OBJECT_BYTES);
    console.log(
      `uploaded ${(big.size / MiB).toFixed(0)} MiB to the emulator in ${((performance.now() - uploadStarted) / 1000).toFixed(1)} s (streamed in 16 MiB parts)`,
    );
    await s3.send(new PutObjectCommand({ Bucket: source, Key: 'in/warm.txt', Body: 'warm' }));
    const events = [
      s3Event([{ bucket: source, key: 'in/warm.txt', size: 4 }]),
      s3Event([{ bucket: source, key: 'in/big.bin', size: big.size, eTag: big.eTag }]),
    ];
    const memory = await runChild(dir, { ...env, BENCH_EVENTS: JSON.stringify(events) });
    const delta = (memory['peakRssMiB'] as number) - (memory['idleRssMiB'] as number);
    // A multipart copy's ETag ends in -<parts>: proof the big object took the UploadPartCopy path.
    const copiedETag =
      (await s3.send(new HeadObjectCommand({ Bucket: destination, Key: 'out/big.bin' }))).ETag ?? '';
    memory['destinationETag'] = copiedETag;
    console.log(
      `destination ETag ${copiedETag} (multipart parts: ${/-(\d+)"?$/.exec(copiedETag)?.[1] ?? 'none'})`,
    );
    console.log(
      `${(big.size / MiB).toFixed(0)} MiB copy (${JSON.stringify(memory['result'])}) in ${((memory['copyMs'] as number) / 1000).toFixed(1)} s: idle RSS ${(memory['idleRssMiB'] as number).toFixed(1)} MiB, peak ${(memory['peakRssMiB'] as number).toFixed(1)} MiB, delta ${delta.toFixed(1)} MiB (budget ${BUDGET_MIB} MiB)`,
    );
    const report = {
      date: new Date().toISOString(),
      node: process.version,
      emulator: running.description,
      zipBytes,
      coldStart,
      memory: { objectBytes: big.size, ...memory, deltaMiB: delta, budgetMiB: BUDGET_MIB },
    };
    await mkdir(join(appDir, 'bench-results'), { recursive: true });
    await writeFile(join(appDir, 'bench-results/copy.json'), `${JSON.stringify(report, null, 2)}\n`);
    await rm(dir, { recursive: true, force: true });
    if (delta > BUDGET_MIB) process.exitCode = 1;
  } finally {
    await running.stop();
  }
}

await main();
