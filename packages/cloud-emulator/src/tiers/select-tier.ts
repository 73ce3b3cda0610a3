import { CodedError } from '@pipeline/coded-error';

/** The ways the harness can reach an AWS API emulator, in order of preference. */
export type EmulatorTier = 'endpoint' | 'localstack' | 'moto';

/** What the environment offers; every probe is injected so selection is testable without starting anything. */
export interface TierProbes {
  /** `AWS_ENDPOINT_URL`, when set. */
  readonly endpointUrl: string | undefined;
  /** `PIPELINE_EMULATOR`: force `localstack` or `moto` instead of auto-detection. */
  readonly forced: string | undefined;
  readonly dockerReachable: () => Promise<boolean>;
  /** The command that starts moto server, or undefined when moto is not installed. */
  readonly motoCommand: () => Promise<readonly string[] | undefined>;
}

export type TierChoice =
  | { readonly tier: 'endpoint'; readonly endpoint: string; readonly reason: string }
  | { readonly tier: 'localstack'; readonly reason: string }
  | { readonly tier: 'moto'; readonly command: readonly string[]; readonly reason: string };

export class NoEmulatorError extends CodedError<'NO_EMULATOR'> {
  override readonly name = 'NoEmulatorError';

  constructor(message: string) {
    super('NO_EMULATOR', message);
  }
}

export const NO_EMULATOR_HELP = [
  'No AWS emulator is available. Get one of these:',
  '  1. set AWS_ENDPOINT_URL to a running emulator (e.g. http://localhost:4566);',
  '  2. start a Docker engine, so LocalStack runs in a container (image localstack/localstack:4.14.0, LOCALSTACK_IMAGE overrides);',
  '  3. install moto server: `pip install "moto[server]"` (provides `moto_server`).',
].join('\n');

/** Chooses the emulator tier: endpoint given > Docker (LocalStack) > moto server > a clear failure. */
export async function selectTier(probes: TierProbes): Promise<TierChoice> {
  if (probes.endpointUrl !== undefined && probes.endpointUrl.trim() !== '') {
    return { tier: 'endpoint', endpoint: probes.endpointUrl.trim(), reason: 'AWS_ENDPOINT_URL is set' };
  }
  const forced = probes.forced?.trim().toLowerCase();
  if (forced !== undefined && forced !== '' && forced !== 'localstack' && forced !== 'moto') {
    throw new NoEmulatorError(
      `Expected "localstack" or "moto" for PIPELINE_EMULATOR but received ${JSON.stringify(probes.forced)}`,
    );
  }
  if (forced !== 'moto' && (await probes.dockerReachable())) {
    return {
      tier: 'localstack',
      reason: forced === 'localstack' ? 'PIPELINE_EMULATOR=localstack' : 'a Docker engine is reachable',
    };
  }
  if (forced === 'localstack') {
    throw new NoEmulatorError(
      `PIPELINE_EMULATOR=localstack but no Docker engine is reachable.\n${NO_EMULATOR_HELP}`,
    );
  }
  const command = await probes.motoCommand();
  if (command !== undefined) {
    const reason =
      forced === 'moto'
        ? 'PIPELINE_EMULATOR=moto'
        : 'no Docker engine is reachable; moto server is installed';
    return { tier: 'moto', command, reason };
  }
  throw new NoEmulatorError(NO_EMULATOR_HELP);
}
