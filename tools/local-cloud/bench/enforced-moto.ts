/**
 * A fresh moto for a bench, as `pnpm start` has it: started by the same launcher, IAM enforced, signed
 * as an administrator (policy evaluation is part of every request's cost). Stopped afterwards, and on
 * Ctrl-C. The emulator harness is imported when called, so a command's `--help` stays light.
 */
import type { RunningMoto } from '@pipeline/cloud-emulator';
import { onInterrupt } from '../src/cli/command.js';
import { CouldNotStartError } from '../src/errors.js';

export interface AwsKey {
  readonly accessKeyId: string;
  readonly secretAccessKey: string;
}

/** Runs `use` against a fresh, IAM-enforcing moto with its administrator's key. */
export async function withEnforcedMoto<T>(use: (moto: RunningMoto, admin: AwsKey) => Promise<T>): Promise<T> {
  const { enforceIam, findMotoCommand, motoChecksNoSignatures, startMotoServer } =
    await import('@pipeline/cloud-emulator');
  const command = await findMotoCommand();
  if (command === undefined)
    throw new CouldNotStartError('this bench needs moto server (pip install "moto[server]")');
  const moto = await startMotoServer(command);
  const forget = onInterrupt(() => moto.stop());
  try {
    const emulator = {
      tier: 'moto' as const,
      endpoint: moto.endpoint,
      description: '',
      stop: () => moto.stop(),
    };
    const mode = await enforceIam({ ...emulator, iamEnforceable: motoChecksNoSignatures(command) });
    if (!mode.enforced) throw new Error(`the bench's moto does not enforce IAM: ${mode.description}`);
    return await use(moto, mode.admin);
  } finally {
    forget();
    await moto.stop();
  }
}
