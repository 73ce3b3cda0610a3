import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  enforceIam,
  exportEmulatorEnv,
  exportIamEnv,
  IAM_MODE_VARIABLE,
  startEmulator,
  type RunningEmulator,
} from '@pipeline/cloud-emulator';
import { deleteTestRoles } from '../iam/role-cleanup.js';
import { readSynthesizedStack, SynthesizedStackError } from '../iam/synthesized-function.js';
import { assertS3CallsDocumented } from '../iam/s3-call-docs.js';
import {
  mergeCallFragments,
  readS3CallRows,
  S3_CALLS_DIR_VARIABLE,
  S3_CALLS_FILE,
} from '../iam/s3-call-files.js';

/** Shared between setup and teardown: jest runs both in the same parent process. */
const EMULATOR_KEY = Symbol.for('@pipeline/testing/emulator');
type EmulatorGlobal = typeof globalThis & { [EMULATOR_KEY]?: RunningEmulator };

/** What jest passes to a global setup or teardown (the part we read). */
interface JestGlobalConfig {
  readonly rootDir: string;
}

async function start(roles: boolean): Promise<void> {
  const emulator = await startEmulator();
  (globalThis as EmulatorGlobal)[EMULATOR_KEY] = emulator;
  exportEmulatorEnv(emulator);
  const stopOnSignal = (signal: NodeJS.Signals): void => {
    void emulator.stop().finally(() => process.kill(process.pid, signal));
  };
  process.once('SIGINT', stopOnSignal);
  process.once('SIGTERM', stopOnSignal);
  const announced = [emulator.description];
  if (roles) {
    const mode = await enforceIam(emulator).catch(async (error: unknown) => {
      await emulator.stop();
      throw error;
    });
    exportIamEnv(mode);
    process.env[S3_CALLS_DIR_VARIABLE] = mkdtempSync(join(tmpdir(), 'pipeline-s3-calls-'));
    announced.push(mode.description, ...missingStackWarning());
  }
  process.stdout.write(`\n${announced.join('\n')}\n`);
}

/** Said once at the start (unit tests alone still run): every test that runs a function would fail. */
function missingStackWarning(): string[] {
  try {
    readSynthesizedStack();
    return [];
  } catch (error) {
    if (error instanceof SynthesizedStackError) return [`WARNING: ${error.message}`];
    throw error;
  }
}

/** jest globalSetup: one emulator per test run, announced in one line, inherited by every worker. */
export async function setupEmulator(): Promise<void> {
  await start(false);
}

/**
 * jest globalSetup of a suite whose functions run under their synthesized roles: the emulator, plus IAM
 * enforcement where the harness may switch it on (a moto it started), and an administrator for setup
 * and assertions. Says once whether IAM is enforced.
 */
export async function setupEmulatorWithRoles(): Promise<void> {
  await start(true);
}

/**
 * jest globalTeardown: writes the run's S3 call table (`.s3-calls.json`), removes the test roles from
 * an adopted emulator, and stops what globalSetup started (an adopted endpoint is left running).
 */
export async function teardownEmulator(globalConfig?: JestGlobalConfig): Promise<void> {
  const holder = globalThis as EmulatorGlobal;
  const emulator = holder[EMULATOR_KEY];
  const callsDir = process.env[S3_CALLS_DIR_VARIABLE];
  let undocumented: unknown;
  if (callsDir !== undefined && globalConfig !== undefined) {
    const file = join(globalConfig.rootDir, S3_CALLS_FILE);
    // Every call this run saw must be in infra/README.md's table (checked after cleaning up, below).
    if (mergeCallFragments(callsDir, file) > 0)
      undocumented = catching(() => assertS3CallsDocumented(readS3CallRows(file)));
  }
  if (emulator?.tier === 'endpoint' && process.env[IAM_MODE_VARIABLE] !== undefined) await deleteTestRoles();
  await emulator?.stop();
  delete holder[EMULATOR_KEY];
  // eslint-disable-next-line @typescript-eslint/only-throw-error -- the check's own failure, as it was thrown
  if (undocumented !== undefined) throw undocumented;
}

/** The error `check` throws, or undefined. */
function catching(check: () => void): unknown {
  try {
    check();
    return undefined;
  } catch (error) {
    return error;
  }
}
