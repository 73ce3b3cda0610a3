import { exportEmulatorEnv, startEmulator, type RunningEmulator } from '../emulator.js';

/** Shared between setup and teardown: jest runs both in the same parent process. */
const EMULATOR_KEY = Symbol.for('@pipeline/testing/emulator');
type EmulatorGlobal = typeof globalThis & { [EMULATOR_KEY]?: RunningEmulator };

/** jest globalSetup: one emulator per test run, announced in one line, inherited by every worker. */
export async function setupEmulator(): Promise<void> {
  const emulator = await startEmulator();
  (globalThis as EmulatorGlobal)[EMULATOR_KEY] = emulator;
  exportEmulatorEnv(emulator);
  const stopOnSignal = (signal: NodeJS.Signals): void => {
    void emulator.stop().finally(() => process.kill(process.pid, signal));
  };
  process.once('SIGINT', stopOnSignal);
  process.once('SIGTERM', stopOnSignal);
  process.stdout.write(`\n${emulator.description}\n`);
}

/** jest globalTeardown: stops what globalSetup started (an adopted endpoint is left running). */
export async function teardownEmulator(): Promise<void> {
  const holder = globalThis as EmulatorGlobal;
  await holder[EMULATOR_KEY]?.stop();
  delete holder[EMULATOR_KEY];
}
