/**
 * The registry is the only list of pipelines: every module file under src/pipelines/ must be in
 * it, under its file name, and it must hold nothing else. A module left out would never be
 * validated, deployed or checked for trigger loops.
 */
import { readdirSync } from 'node:fs';
import path from 'node:path';
import { PIPELINE_NAMES, PIPELINES, loadEnvironment } from '../../src/config/index.js';
import { InfraConfigError } from '../../src/errors.js';
import { definePipelineModule, type Pipeline } from '../../src/pipelines/kit/define.js';

const PIPELINES_DIR = path.resolve(__dirname, '../../src/pipelines');
/** Module files: every `.ts` directly in src/pipelines/ but the registry (helpers live in subfolders). */
const MODULE_FILES = readdirSync(PIPELINES_DIR, { withFileTypes: true })
  .filter((entry) => entry.isFile() && entry.name.endsWith('.ts') && entry.name !== 'registry.ts')
  .map((entry) => entry.name)
  .sort();

function isPipelineModule(value: unknown): value is Pipeline {
  return (
    typeof value === 'object' &&
    value !== null &&
    typeof (value as Pipeline).name === 'string' &&
    typeof (value as Pipeline).defaults === 'function' &&
    typeof (value as Pipeline).environment === 'function'
  );
}

describe('the pipeline registry', () => {
  it('has a module file for every entry and an entry for every module file', () => {
    expect(MODULE_FILES.length).toBeGreaterThan(0);
    expect(PIPELINE_NAMES.map((name) => `${name}.ts`).sort()).toEqual(MODULE_FILES);
  });

  it.each(MODULE_FILES)('registers the one pipeline module %s exports, under its file name', async (file) => {
    const exported = Object.values((await import(path.join(PIPELINES_DIR, file))) as Record<string, unknown>);
    const modules = exported.filter(isPipelineModule);
    expect(modules.map((m) => m.name)).toEqual([path.basename(file, '.ts')]);
    expect(PIPELINES as readonly unknown[]).toContain(modules[0]);
  });

  it('refuses a registry holding one name twice', () => {
    const again = definePipelineModule({ ...PIPELINES[0] });
    let caught: unknown;
    try {
      loadEnvironment('dev', {}, [...PIPELINES, again]);
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(InfraConfigError);
    expect(caught).toMatchObject({
      field: 'pipelines',
      message: expect.stringContaining('names that each appear once'),
    });
  });

  it('refuses a module whose name cannot name resources, or whose rejected folder is not an output', () => {
    expect(() => definePipelineModule({ ...PIPELINES[0], name: 'Copy Two' })).toThrow(InfraConfigError);
    expect(() => definePipelineModule({ ...PIPELINES[1], outputs: ['output'] })).toThrow(
      /^Expected one of the outputs .* for pipelines\.resize\.rejected but received "rejected"$/,
    );
  });
});
