/**
 * The deploy gate's comparison (src/deploy): a plan made at deploy time against the artifact a pull
 * request saved. The fixture is real `terraform show -json` output (see fixtures/reviewed-plan/README.md);
 * each case changes a copy of it the way a merge could.
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {
  checkAgainstReviewed,
  formatCheck,
  parsePlan,
  runCli,
  type PlanCheck,
} from '../../src/deploy/index.js';

const FIXTURE = path.resolve(__dirname, '../fixtures/reviewed-plan/plan.json');
const FUNCTION = 'aws_lambda_function.copy';

type Json = Record<string, unknown>;

function fixturePlan(): Json {
  return JSON.parse(readFileSync(FIXTURE, 'utf8')) as Json;
}

function changeOf(plan: Json, address: string): Json {
  const changes = plan['resource_changes'] as Json[];
  return changes.find((c) => c['address'] === address)!['change'] as Json;
}

/** A synthesized stack directory as cdktf writes it: cdk.tf.json, one zip asset and the JSON plan beside it. */
function stackDir(
  root: string,
  name: string,
  plan: Json,
  zipContent = 'zip bytes v1',
): { dir: string; plan: string } {
  const dir = path.join(root, name);
  const hashFolder = path.join(dir, 'assets', 'copy_code', zipContent === 'zip bytes v1' ? 'AAAA' : 'BBBB');
  mkdirSync(hashFolder, { recursive: true });
  writeFileSync(path.join(hashFolder, 'copy-arm64.zip'), zipContent);
  writeFileSync(
    path.join(dir, 'cdk.tf.json'),
    JSON.stringify({ '//': { metadata: { stackName: name } }, resource: { aws_s3_bucket: { ingest: {} } } }),
  );
  const planFile = path.join(root, `${name}.plan.json`);
  writeFileSync(planFile, JSON.stringify(plan));
  return { dir, plan: planFile };
}

describe('reviewed plan check', () => {
  let root: string;
  const io = { out: jest.fn<void, [string]>(), err: jest.fn<void, [string]>() };

  beforeEach(() => {
    root = mkdtempSync(path.join(os.tmpdir(), 'reviewed-plan-'));
    io.out.mockClear();
    io.err.mockClear();
  });
  afterEach(() => rmSync(root, { recursive: true, force: true }));

  /** Saves `reviewed` as the PR job would, then verifies `planned` as the deploy job would. */
  function verify(planned: Json, zipContent?: string): number {
    const pr = stackDir(root, 'reviewed', fixturePlan());
    expect(
      runCli(
        ['save', '--stack-dir', pr.dir, '--plan-json', pr.plan, '--out', path.join(root, 'artifact')],
        io,
      ),
    ).toBe(0);
    const deploy = stackDir(root, 'deploy', planned, zipContent);
    return runCli(
      [
        'verify',
        '--stack-dir',
        deploy.dir,
        '--plan-json',
        deploy.plan,
        '--reviewed',
        path.join(root, 'artifact'),
      ],
      io,
    );
  }

  function check(planned: Json): PlanCheck {
    const snapshot = (plan: Json) => ({ plan: parsePlan(JSON.stringify(plan), 'test'), stack: {}, zips: {} });
    return checkAgainstReviewed(snapshot(fixturePlan()), snapshot(planned));
  }

  it('accepts an identical plan, zip and stack', () => {
    const planned = { ...fixturePlan(), timestamp: '2027-01-01T00:00:00Z' };
    expect(verify(planned)).toBe(0);
    expect(io.out).toHaveBeenLastCalledWith(expect.stringContaining('matches the reviewed plan'));
  });

  it('refuses a changed attribute and names the path with both values', () => {
    const planned = fixturePlan();
    changeOf(planned, FUNCTION)['after'] = {
      ...(changeOf(planned, FUNCTION)['after'] as Json),
      memory_size: 2048,
    };
    expect(verify(planned)).toBe(1);
    const report = io.err.mock.calls.at(-1)![0];
    expect(report).toContain('Refusing to deploy');
    expect(report).toContain(`~ ${FUNCTION}:`);
    expect(report).toContain('memory_size: reviewed 128, now 2048');
  });

  it('refuses a resource the review never saw', () => {
    const planned = fixturePlan();
    const extra = { ...(planned['resource_changes'] as Json[])[0], address: 'aws_s3_bucket.surprise' };
    planned['resource_changes'] = [...(planned['resource_changes'] as Json[]), extra];
    expect(verify(planned)).toBe(1);
    expect(io.err.mock.calls.at(-1)![0]).toContain(
      '+ aws_s3_bucket.surprise: planned [create] but not in the reviewed plan',
    );
  });

  it('refuses a changed zip even when the plan is the same', () => {
    expect(verify(fixturePlan(), 'zip bytes v2')).toBe(1);
    const report = io.err.mock.calls.at(-1)![0];
    expect(report).toMatch(/assets\/copy_code\/copy-arm64\.zip: reviewed [0-9a-f]{64}, now [0-9a-f]{64}/);
  });

  it('refuses a resource that is no longer planned, and changed actions', () => {
    const planned = fixturePlan();
    planned['resource_changes'] = (planned['resource_changes'] as Json[]).filter(
      (c) => c['address'] !== 'aws_s3_bucket.ingest',
    );
    changeOf(planned, FUNCTION)['actions'] = ['delete', 'create'];
    const result = check(planned);
    expect(result.resources).toEqual([
      { kind: 'actions-changed', address: FUNCTION, reviewed: ['create'], planned: ['delete', 'create'] },
      { kind: 'no-longer-planned', address: 'aws_s3_bucket.ingest', actions: ['create'] },
    ]);
  });

  it('ignores values known only after apply, on either side', () => {
    const planned = fixturePlan();
    // The reviewed plan has `role` unknown (the role's ARN); a deploy-time plan may know it.
    changeOf(planned, FUNCTION)['after'] = {
      ...(changeOf(planned, FUNCTION)['after'] as Json),
      role: 'arn:aws:iam::123456789012:role/pipelines-dev-copy',
    };
    changeOf(planned, FUNCTION)['after_unknown'] = {
      ...(changeOf(planned, FUNCTION)['after_unknown'] as Json),
      role: false,
    };
    expect(check(planned).agree).toBe(true);
  });

  it('prints sensitive values as (sensitive)', () => {
    const planned = fixturePlan();
    const change = changeOf(planned, FUNCTION);
    change['after'] = { ...(change['after'] as Json), handler: 'secret.handler' };
    change['after_sensitive'] = { ...(change['after_sensitive'] as Json), handler: true };
    expect(formatCheck(check(planned))).toContain('handler: reviewed "index.handler", now (sensitive)');
  });

  it('answers 2 with the usage for a missing flag, an unknown command or a file that is not a plan', () => {
    expect(runCli(['verify', '--stack-dir', root], io)).toBe(2);
    expect(runCli(['apply', '--stack-dir', root, '--plan-json', FIXTURE], io)).toBe(2);
    writeFileSync(path.join(root, 'not-a-plan.json'), '{"hello": 1}');
    expect(
      runCli(
        ['save', '--stack-dir', root, '--plan-json', path.join(root, 'not-a-plan.json'), '--out', root],
        io,
      ),
    ).toBe(2);
    expect(io.err.mock.calls.map(([text]) => text.split('\n')[0])).toEqual([
      'Expected a value for --plan-json but received nothing',
      'Expected save or verify for the command but received "apply"',
      expect.stringContaining("Expected terraform's JSON plan (with format_version)"),
    ]);
  });
});
