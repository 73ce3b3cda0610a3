import {
  ENVIRONMENTS,
  loadEnvironment,
  validateEnvironment,
  type EnvironmentConfig,
} from '../../src/config/index.js';
import { InfraConfigError } from '../../src/errors.js';

function expectConfigError(run: () => unknown, field: string, message?: RegExp): void {
  let caught: unknown;
  try {
    run();
  } catch (error) {
    caught = error;
  }
  expect(caught).toBeInstanceOf(InfraConfigError);
  expect((caught as InfraConfigError).field).toBe(field);
  expect((caught as InfraConfigError).code).toBe('INVALID_CONFIG');
  expect((caught as InfraConfigError).message).toContain(field);
  if (message) expect((caught as InfraConfigError).message).toMatch(message);
}

const dev = ENVIRONMENTS.dev;
const withFunction = (
  change: Partial<EnvironmentConfig['pipelines']['resize']['function']>,
): EnvironmentConfig => ({
  ...dev,
  pipelines: {
    ...dev.pipelines,
    resize: { ...dev.pipelines.resize, function: { ...dev.pipelines.resize.function, ...change } },
  },
});

describe('environment configuration', () => {
  it.each(['local', 'dev', 'prod'])('accepts the built-in %s environment and freezes it', (name) => {
    const config = loadEnvironment(name);
    expect(config.name).toBe(name);
    expect(Object.isFrozen(config.pipelines.copy.function)).toBe(true);
  });

  it('uses x86_64 locally and arm64 in dev and prod', () => {
    expect(
      [loadEnvironment('local'), loadEnvironment('dev'), loadEnvironment('prod')].map((c) => c.architecture),
    ).toEqual(['x86_64', 'arm64', 'arm64']);
  });

  it('rejects an unknown environment, naming the field', () => {
    expectConfigError(() => loadEnvironment('staging'), 'environment', /local, dev, prod.*"staging"/);
  });

  it.each([127, 10241, 512.5])('rejects memory %s outside 128-10240', (memoryMb) => {
    expectConfigError(
      () => validateEnvironment(withFunction({ memoryMb })),
      'environments.dev.pipelines.resize.function.memoryMb',
      /between 128 and 10240/,
    );
  });

  it.each([511, 10241])('rejects ephemeral storage %s outside 512-10240', (ephemeralStorageMb) => {
    expectConfigError(
      () => validateEnvironment(withFunction({ ephemeralStorageMb })),
      'environments.dev.pipelines.resize.function.ephemeralStorageMb',
      /between 512 and 10240/,
    );
  });

  it('rejects a timeout over 900 seconds', () => {
    expectConfigError(
      () => validateEnvironment(withFunction({ timeoutSeconds: 901 })),
      'environments.dev.pipelines.resize.function.timeoutSeconds',
      /^Expected an integer between 1 and 900 for .* but received 901$/,
    );
  });

  it('rejects a retention CloudWatch does not offer', () => {
    expectConfigError(
      () => validateEnvironment({ ...dev, logRetentionDays: 2 }),
      'environments.dev.logRetentionDays',
      /one of 1, 3, 5/,
    );
  });

  it('rejects an output folder under its own source prefix (the function would trigger itself)', () => {
    const pipelines = {
      ...dev.pipelines,
      resize: { ...dev.pipelines.resize, output: { bucket: 'ingest' as const, prefix: 'uploads/variants' } },
    };
    expectConfigError(
      () => validateEnvironment({ ...dev, pipelines }),
      'environments.dev.pipelines.resize.source.prefix',
      /does not overlap pipelines\.resize\.output.*trigger itself/,
    );
  });

  it("rejects a source prefix that overlaps another pipeline's output", () => {
    const pipelines = {
      ...dev.pipelines,
      etl: { ...dev.pipelines.etl, source: { bucket: 'processed' as const, prefix: 'copies' } },
    };
    expectConfigError(
      () => validateEnvironment({ ...dev, pipelines }),
      'environments.dev.pipelines.etl.source.prefix',
      /copy output would trigger etl/,
    );
  });

  it('rejects overlapping source prefixes, which S3 refuses as ambiguous', () => {
    const pipelines = {
      ...dev.pipelines,
      etl: { ...dev.pipelines.etl, source: { bucket: 'ingest' as const, prefix: 'incoming/csv' } },
    };
    expectConfigError(
      () => validateEnvironment({ ...dev, pipelines }),
      'environments.dev.pipelines.etl.source.prefix',
      /overlapping notification filters/,
    );
  });

  it('treats folders as folders: "raw" and "raw-archive" do not overlap', () => {
    const pipelines = {
      ...dev.pipelines,
      copy: { ...dev.pipelines.copy, destination: { bucket: 'ingest' as const, prefix: 'raw-archive' } },
    };
    expect(validateEnvironment({ ...dev, pipelines }).pipelines.copy.destination.prefix).toBe('raw-archive');
  });

  it('rejects prefixes with leading or trailing slashes', () => {
    const pipelines = {
      ...dev.pipelines,
      copy: { ...dev.pipelines.copy, source: { bucket: 'ingest' as const, prefix: 'incoming/' } },
    };
    expectConfigError(
      () => validateEnvironment({ ...dev, pipelines }),
      'environments.dev.pipelines.copy.source.prefix',
      /no leading or trailing slash/,
    );
  });

  it('keeps local on x86_64 and on a local backend, shared environments on S3', () => {
    expectConfigError(
      () => validateEnvironment({ ...ENVIRONMENTS.local, architecture: 'arm64' }),
      'environments.local.architecture',
    );
    expectConfigError(
      () => validateEnvironment({ ...dev, backend: { type: 'local', path: 'x.tfstate' } }),
      'environments.dev.backend.type',
    );
  });

  it('rejects unknown resize variants and malformed dataset columns', () => {
    const resize = { ...dev.pipelines.resize, variants: ['thumbnail', 'poster'] };
    expectConfigError(
      () => validateEnvironment({ ...dev, pipelines: { ...dev.pipelines, resize } }),
      'environments.dev.pipelines.resize.variants[1]',
    );
    const etl = {
      ...dev.pipelines.etl,
      datasets: [{ name: 'orders', columns: [{ name: 'amount', type: 'decimal' as const }] }],
    };
    expectConfigError(
      () => validateEnvironment({ ...dev, pipelines: { ...dev.pipelines, etl } }),
      'environments.dev.pipelines.etl.datasets[0].columns[0].scale',
    );
  });

  it('rejects retries, event age, concurrency and lifecycle days out of range', () => {
    expectConfigError(
      () => validateEnvironment(withFunction({ maximumRetryAttempts: 3 })),
      'environments.dev.pipelines.resize.function.maximumRetryAttempts',
    );
    expectConfigError(
      () => validateEnvironment(withFunction({ maximumEventAgeSeconds: 30 })),
      'environments.dev.pipelines.resize.function.maximumEventAgeSeconds',
    );
    expectConfigError(
      () => validateEnvironment(withFunction({ reservedConcurrency: 0 })),
      'environments.dev.pipelines.resize.function.reservedConcurrency',
    );
    expectConfigError(
      () =>
        validateEnvironment({
          ...dev,
          lifecycle: { ...dev.lifecycle, archiveStorageClass: 'STANDARD_IA', archiveAfterDays: 10 },
        }),
      'environments.dev.lifecycle.archiveAfterDays',
      /between 30/,
    );
    expectConfigError(
      () => validateEnvironment({ ...dev, alarmEmail: 'not-an-email' }),
      'environments.dev.alarmEmail',
    );
  });
});
