/**
 * The generator's edits, applied to the workspace's own files as they are now: a file that moved
 * away from what an edit anchors on fails here, not in a user's `pnpm gen pipeline`.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  addInfraDevDependency,
  documentInInfraReadme,
  documentInRootReadme,
  GeneratorAnchorError,
  ignoreInfraAppDependency,
  registerPipeline,
} from '../../src/edits.js';
import { camelName, pipelineNameProblem } from '../../src/names.js';

const ROOT = join(__dirname, '..', '..', '..', '..');
const read = (file: string): string => readFileSync(join(ROOT, file), 'utf8');

describe('pipeline names', () => {
  it('accepts a new lowercase name and derives its identifier', () => {
    expect(pipelineNameProblem(ROOT, 'audit-log')).toBe(true);
    expect(camelName('audit-log')).toBe('auditLog');
  });

  it.each(['Audit', '1st', 'a_b', 'trailing-', 'double--dash', 'a'.repeat(21)])('refuses %j', (name) => {
    expect(pipelineNameProblem(ROOT, name)).toMatch(/^Expected a pipeline name/);
  });

  it('refuses an existing pipeline', () => {
    expect(pipelineNameProblem(ROOT, 'copy')).toMatch(/apps\/copy exists/);
  });
});

describe('the edits', () => {
  it('registers the module at the end of PIPELINES, with its import', () => {
    const text = registerPipeline(read('infra/src/pipelines/registry.ts'), 'audit-log');
    expect(text).toContain(`import { auditLogModule } from './audit-log.js';`);
    expect(text).toMatch(/export const PIPELINES = \[[^\]]*, auditLogModule\] as const;/);
  });

  it('makes infra depend on the app, keys sorted', () => {
    const manifest = JSON.parse(addInfraDevDependency(read('infra/package.json'), 'audit-log')) as {
      devDependencies: Record<string, string>;
    };
    expect(manifest.devDependencies['@pipeline/audit-log']).toBe('workspace:*');
    const keys = Object.keys(manifest.devDependencies);
    expect(keys).toEqual([...keys].sort((a, b) => a.localeCompare(b)));
  });

  it("tells knip that infra's dependency on the app is by path", () => {
    expect(ignoreInfraAppDependency(read('knip.jsonc'), 'audit-log')).toMatch(
      /"infra":[^}]*"ignoreDependencies": \[[^\]]*"@pipeline\/audit-log"\]/,
    );
  });

  it("adds its folders, the grants row and the environment column to infra/README.md's tables", () => {
    const text = documentInInfraReadme(read('infra/README.md'), 'audit-log');
    expect(text).toMatch(/^\| audit-log \| `ingest\/audit-log\/\*` \|/m);
    const header = text.split('\n').find((line) => line.startsWith('| variable'));
    expect(header).toMatch(/\| audit-log \|$/);
    expect(text).toContain('`OUTPUT_PREFIX=audit-log/output`, `REJECTED_PREFIX=audit-log/rejected`');
    expect(text).toMatch(/^\| `<prefix>-ingest` +\| [^|]*, `audit-log\/` \(audit-log\) \|/m);
    expect(text).toMatch(
      /^\| `<prefix>-processed` +\| [^|]*, `audit-log\/output\/`, `audit-log\/rejected\/` \|/m,
    );
  });

  it('lists the pipeline and its README in the root README', () => {
    const text = documentInRootReadme(read('README.md'), 'audit-log');
    expect(text).toMatch(/^- \*\*audit-log\*\*: /m);
    expect(text).toContain('[apps/audit-log](apps/audit-log/README.md)');
  });

  it('fails loudly when an anchor has moved', () => {
    expect(() => registerPipeline('export const OTHER = [];', 'x')).toThrow(GeneratorAnchorError);
    expect(() => documentInInfraReadme('# nothing here', 'x')).toThrow(GeneratorAnchorError);
  });
});
