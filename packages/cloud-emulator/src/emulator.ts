import { isDockerReachable } from './tiers/docker-probe.js';
import { waitForEndpoint } from './tiers/endpoint-probe.js';
import { startLocalStack } from './tiers/localstack.js';
import { findMotoCommand, motoChecksNoSignatures, startMotoServer } from './tiers/moto-server.js';
import { selectTier, type EmulatorTier } from './tiers/select-tier.js';

export interface RunningEmulator {
  readonly tier: EmulatorTier;
  readonly endpoint: string;
  /** One line saying which tier was chosen and why. */
  readonly description: string;
  /** Whether the harness may switch IAM enforcement on: a moto it started with its signature check off. */
  readonly iamEnforceable: boolean;
  stop(): Promise<void>;
}

/** How long an endpoint given by the user may take to answer before we fail (seconds, not minutes). */
const GIVEN_ENDPOINT_TIMEOUT_MS = 5_000;

/** Starts (or adopts) one AWS API emulator, by the tiers in ARCHITECTURE.md. */
export async function startEmulator(env: NodeJS.ProcessEnv = process.env): Promise<RunningEmulator> {
  const choice = await selectTier({
    endpointUrl: env.AWS_ENDPOINT_URL,
    forced: env.PIPELINE_EMULATOR,
    dockerReachable: () => isDockerReachable(env),
    motoCommand: findMotoCommand,
  });
  switch (choice.tier) {
    case 'endpoint': {
      await waitForEndpoint(choice.endpoint, GIVEN_ENDPOINT_TIMEOUT_MS).catch((error: unknown) => {
        throw new Error(`AWS_ENDPOINT_URL=${choice.endpoint} is not reachable: ${(error as Error).message}`, {
          cause: error,
        });
      });
      return describe('endpoint', choice.endpoint, choice.reason, async () => undefined);
    }
    case 'localstack': {
      const localstack = await startLocalStack(env);
      return describe('localstack', localstack.endpoint, choice.reason, () => localstack.stop());
    }
    case 'moto': {
      const moto = await startMotoServer(choice.command);
      const running = describe('moto', moto.endpoint, choice.reason, () => moto.stop());
      return { ...running, iamEnforceable: motoChecksNoSignatures(choice.command) };
    }
  }
}

function describe(
  tier: EmulatorTier,
  endpoint: string,
  reason: string,
  stop: () => Promise<void>,
): RunningEmulator {
  return {
    tier,
    endpoint,
    description: `AWS emulator: ${tier} at ${endpoint} (${reason})`,
    iamEnforceable: false,
    stop,
  };
}

/** Credentials and region the emulators accept; set for the test process and its children. */
export const EMULATOR_ENV = Object.freeze({
  AWS_REGION: 'us-east-1',
  AWS_DEFAULT_REGION: 'us-east-1',
  AWS_ACCESS_KEY_ID: 'test',
  AWS_SECRET_ACCESS_KEY: 'test',
});

/** Points `env` at a running emulator: what jest workers and child processes inherit. */
export function exportEmulatorEnv(emulator: RunningEmulator, env: NodeJS.ProcessEnv = process.env): void {
  for (const [name, value] of Object.entries(EMULATOR_ENV)) env[name] ??= value;
  env.AWS_ENDPOINT_URL = emulator.endpoint;
  env.PIPELINE_EMULATOR = emulator.tier;
}
