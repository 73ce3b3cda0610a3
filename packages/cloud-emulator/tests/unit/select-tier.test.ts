import { NoEmulatorError, selectTier, type TierProbes } from '../../src/tiers/select-tier.js';

function probes(overrides: Partial<TierProbes>): TierProbes & { calls: string[] } {
  const calls: string[] = [];
  return {
    endpointUrl: undefined,
    forced: undefined,
    dockerReachable: async () => {
      calls.push('docker');
      return false;
    },
    motoCommand: async () => {
      calls.push('moto');
      return ['moto_server'];
    },
    ...overrides,
    calls,
  };
}

describe('selectTier', () => {
  it('uses AWS_ENDPOINT_URL as it is, without probing Docker or moto', async () => {
    const p = probes({ endpointUrl: 'http://localhost:4566' });
    const choice = await selectTier(p);
    expect(choice).toMatchObject({ tier: 'endpoint', endpoint: 'http://localhost:4566' });
    expect(p.calls).toEqual([]);
  });

  it('starts LocalStack when a Docker engine is reachable', async () => {
    const p = probes({ dockerReachable: async () => true });
    await expect(selectTier(p)).resolves.toMatchObject({ tier: 'localstack' });
  });

  it('falls back to moto server when Docker is unreachable', async () => {
    const p = probes({});
    await expect(selectTier(p)).resolves.toMatchObject({ tier: 'moto', command: ['moto_server'] });
    expect(p.calls).toEqual(['docker', 'moto']);
  });

  it('fails at once naming all three ways to get an emulator when moto is missing too', async () => {
    const p = probes({ motoCommand: async () => undefined });
    const error = await selectTier(p).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(NoEmulatorError);
    const message = (error as Error).message;
    expect(message).toMatch(/AWS_ENDPOINT_URL/);
    expect(message).toMatch(/Docker/);
    expect(message).toMatch(/moto/);
  });

  it('honours PIPELINE_EMULATOR=moto even when Docker is reachable', async () => {
    const p = probes({ forced: 'moto', dockerReachable: async () => true });
    await expect(selectTier(p)).resolves.toMatchObject({ tier: 'moto' });
    expect(p.calls).toEqual(['moto']);
  });

  it('refuses PIPELINE_EMULATOR=localstack without Docker instead of silently using moto', async () => {
    await expect(selectTier(probes({ forced: 'localstack' }))).rejects.toThrow(/no Docker engine/);
  });

  it('rejects an unknown PIPELINE_EMULATOR value by name', async () => {
    await expect(selectTier(probes({ forced: 'minio' }))).rejects.toThrow(/PIPELINE_EMULATOR.*minio/);
  });
});
