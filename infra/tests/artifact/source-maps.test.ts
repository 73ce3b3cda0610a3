/**
 * Stack traces that work: a built zip (the copy app's, as `pnpm build` ships it) is run with the
 * environment the dev stack deploys, its handler throws (a malformed event), and the stack trace names
 * the TypeScript source file and line. Without the stack's NODE_OPTIONS the same trace names only
 * the minified `index.js`, so the setting is what makes it readable.
 */
import { execFile } from 'node:child_process';
import { existsSync, readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { unpackArtifact, type UnpackedArtifact } from '@pipeline/lambda-packager';
import { artifactPath } from '../../src/artifacts.js';
import { resourcesOf, synthJson } from '../support/synthesized.js';

const run = promisify(execFile);
const REPO_ROOT = path.resolve(__dirname, '../../..');
const ZIP = artifactPath(REPO_ROOT, 'copy', 'x86_64');
/** Where parseS3Event refuses a non-object event (the frame the trace must name). */
const THROWING_SOURCE = 'packages/lambda-kit/src/event.ts';

/** Requires the handler as Lambda's runtime does, invokes it with `null`, prints the error's stack. */
const INVOKE = `
const { handler } = require('./index.js');
Promise.resolve()
  .then(() => handler(null, { awsRequestId: 'req-1', functionName: 'copy', getRemainingTimeInMillis: () => 30000 }))
  .then(() => process.stdout.write(JSON.stringify({ stack: null })), (error) => process.stdout.write(JSON.stringify({ stack: error.stack })));
`;

/** The copy function's variables as the dev stack deploys them; terraform references become a bucket name. */
function deployedEnvironment(): Record<string, string> {
  const dev = synthJson({ environments: ['dev'] }).get('dev')!;
  const [, copy] = resourcesOf(dev, 'aws_lambda_function').find(([, fn]) =>
    String(fn['function_name']).endsWith('-copy'),
  )!;
  const variables = (copy['environment'] as { variables: Record<string, string> }).variables;
  return Object.fromEntries(
    Object.entries(variables).map(([name, value]) => [
      name,
      value.includes('${') ? 'pipeline-dev-processed' : value,
    ]),
  );
}

async function stackOf(taskDir: string, environment: Record<string, string>): Promise<string> {
  const { stdout } = await run(process.execPath, ['-e', INVOKE], {
    cwd: taskDir,
    env: { PATH: process.env['PATH'] ?? '', AWS_REGION: 'us-east-1', ...environment },
  });
  const { stack } = JSON.parse(stdout) as { stack: string | null };
  if (stack === null) throw new Error('the handler did not throw');
  return stack;
}

describe('stack traces from the built zip', () => {
  let unpacked: UnpackedArtifact;
  let environment: Record<string, string>;

  beforeAll(async () => {
    if (!existsSync(ZIP)) throw new Error(`${ZIP} is missing: run pnpm --filter @pipeline/copy build first`);
    unpacked = await unpackArtifact(ZIP, 'copy-source-maps');
    environment = deployedEnvironment();
  }, 60_000);
  afterAll(() => rmSync(unpacked.root, { recursive: true, force: true }));

  it('every deployed function enables source maps', () => {
    expect(environment['NODE_OPTIONS']).toBe('--enable-source-maps');
  });

  it('names the TypeScript file and the line that threw', async () => {
    const stack = await stackOf(unpacked.taskDir, environment);
    expect(stack.split('\n')[0]).toBe('EventShapeError: Expected an object for event but received null');
    const frame = new RegExp(`${THROWING_SOURCE.replace(/[./]/g, '\\$&')}:(\\d+):\\d+`).exec(stack);
    expect(frame).not.toBeNull();
    const line = readFileSync(path.join(REPO_ROOT, THROWING_SOURCE), 'utf8').split('\n')[
      Number(frame![1]) - 1
    ];
    expect(line).toContain("throw new EventShapeError('event', 'an object', event)");
    expect(stack).toMatch(/packages\/lambda-kit\/src\/pipeline\.ts:\d+:\d+/);
  }, 30_000);

  it('names only the minified index.js without NODE_OPTIONS', async () => {
    const { NODE_OPTIONS: _unused, ...withoutSourceMaps } = environment;
    const stack = await stackOf(unpacked.taskDir, withoutSourceMaps);
    expect(stack).not.toContain('.ts:');
    expect(stack).toMatch(/index\.js:\d+:\d+/);
  }, 30_000);
});
