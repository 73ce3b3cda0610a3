/**
 * The generator end to end: in a scratch copy of the workspace, `pnpm gen pipeline gen-probe` writes a
 * fourth pipeline; its zip is built and the stack synthesized; then the local cloud (`pnpm start`'s
 * CLI, which starts its own moto and deploys with terraform) uploads one input under its source
 * prefix, and the new function, run under its own deployed role with IAM enforced, must end it
 * `written`. Before that, the generated workspace must pass its checks (typecheck, lint, the new unit
 * test, infra's registry and README tests, knip, prettier). The copy is removed afterwards.
 */
import { spawnSync, type SpawnSyncReturns } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { describeWithTerraform } from '@pipeline/infra/testing';

const ROOT = join(__dirname, '..', '..', '..', '..');
const NAME = 'gen-probe';
const ENFORCED = 'IAM: enforced by moto: each function runs under its deployed role';

interface Row {
  key: string;
  pipeline: string;
  outcome: string;
  outputs: { bucket: string; key: string; bytes: number }[];
  problems: unknown[];
}

/** Runs a command in `cwd`; throws with its output when it fails. */
function run(cwd: string, command: string, args: string[], env: NodeJS.ProcessEnv = process.env) {
  const result: SpawnSyncReturns<string> = spawnSync(command, args, {
    cwd,
    env,
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
  });
  if (result.status !== 0)
    throw new Error(
      `${command} ${args.join(' ')} ended ${result.status ?? result.signal}:\n${result.stdout.slice(-3000)}\n${result.stderr.slice(-3000)}`,
    );
  return result;
}

/**
 * The workspace's files as git sees them (tracked and untracked, not ignored), plus the build
 * outputs turbo made before this test (the other apps' zips, image-core's dist): the scratch copy
 * rebuilds only the new pipeline.
 */
function copyWorkspace(to: string): void {
  const files = run(ROOT, 'git', ['ls-files', '-z', '--cached', '--others', '--exclude-standard'])
    .stdout.split('\0')
    .filter((file) => file !== '' && existsSync(join(ROOT, file)));
  for (const file of files) {
    mkdirSync(dirname(join(to, file)), { recursive: true });
    cpSync(join(ROOT, file), join(to, file));
  }
  for (const group of ['apps', 'packages'])
    for (const pkg of readdirSync(join(ROOT, group)))
      for (const output of ['artifacts', 'dist']) {
        const from = join(ROOT, group, pkg, output);
        if (existsSync(from)) cpSync(from, join(to, group, pkg, output), { recursive: true });
      }
}

const suite = describeWithTerraform('the generated pipeline end-to-end test');

suite('pnpm gen pipeline, then the generated pipeline on the local cloud', () => {
  const scratch = mkdtempSync(join(tmpdir(), 'pipeline-generator-'));
  const env = { ...process.env, CI: 'true' };
  const pnpm = (...args: string[]) => run(scratch, 'pnpm', args, env);

  beforeAll(() => {
    copyWorkspace(scratch);
    pnpm('install', '--offline', '--frozen-lockfile');
    pnpm('gen', 'pipeline', NAME);
  }, 300_000);

  afterAll(() => rmSync(scratch, { recursive: true, force: true }));

  it('writes the app folder and the module, and leaves the workspace green', () => {
    for (const file of ['src/handler.ts', 'src/pipeline.ts', 'src/config.ts', 'turbo.json', 'README.md'])
      expect(existsSync(join(scratch, 'apps', NAME, file))).toBe(true);
    expect(existsSync(join(scratch, 'infra', 'src', 'pipelines', `${NAME}.ts`))).toBe(true);
    for (const script of ['typecheck', 'lint', 'test']) pnpm('--filter', `@pipeline/${NAME}`, script);
    pnpm('--filter', '@pipeline/infra', 'typecheck');
    pnpm(
      '--filter',
      '@pipeline/infra',
      'exec',
      'jest',
      'tests/unit/registry.test.ts',
      'tests/unit/readme.test.ts',
    );
    pnpm('lint:deps');
    pnpm('format:check');
  }, 600_000);

  it('builds its zip, synthesizes, and ends one input written under the new function', () => {
    pnpm('--filter', `@pipeline/${NAME}`, 'build');
    expect(existsSync(join(scratch, 'apps', NAME, 'artifacts', `${NAME}-x86_64.zip`))).toBe(true);
    pnpm('--filter', '@pipeline/infra', 'synth');

    const inputs = join(scratch, 'generator-inputs');
    mkdirSync(inputs);
    writeFileSync(join(inputs, 'hello.txt'), 'hello from the generator test\n');
    // `pnpm start`'s CLI without its build-first step (done above); it starts its own moto, so IAM is enforced.
    const cliEnv: NodeJS.ProcessEnv = { ...env, INIT_CWD: join(scratch, 'tools', 'local-cloud') };
    delete cliEnv.AWS_ENDPOINT_URL;
    delete cliEnv.PIPELINE_EMULATOR;
    const start = run(
      scratch,
      'pnpm',
      [
        '--silent',
        '--filter',
        '@pipeline/local-cloud',
        'start',
        '--',
        '--input',
        inputs,
        '--json',
        '--timeout',
        '240',
      ],
      cliEnv,
    );

    expect(start.stderr).toContain(ENFORCED);
    const report = JSON.parse(start.stdout) as {
      inputs: Row[];
      figures: { coldStarts: Record<string, number> };
    };
    // Its own function (`pipeline-<env>-<name>`, under its own role) ran it.
    expect(report.figures.coldStarts[`pipeline-local-${NAME}`]).toBeGreaterThanOrEqual(1);
    const rows = report.inputs.filter((row) => row.pipeline === NAME);
    expect(rows).toEqual([
      expect.objectContaining({
        key: `${NAME}/hello.txt`,
        outcome: 'written',
        outputs: [expect.objectContaining({ key: `${NAME}/output/hello.txt` })],
        problems: [],
      }),
    ]);
  }, 900_000); // a hang guard: deploys on a busy 2-core machine have taken 3.5 min
});
