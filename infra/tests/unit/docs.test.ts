/**
 * The docs stay true by construction: every count, version, link, picture and sample they quote is
 * checked here against where it comes from (the synthesized stack, package.json, .nvmrc, the
 * workflows, the file system, the pipeline registry). A change that makes a doc wrong fails here.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { PIPELINES } from '../../src/config/index.js';
import { TERRAFORM_REQUIRED_VERSION } from '../../src/stacks/provider.js';
import { architectureSvg, architectureSvgPath } from '../../scripts/architecture-svg.js';
import { resourcesOf, synthJson } from '../support/synthesized.js';

const ROOT = path.resolve(__dirname, '../../..');
const SKIPPED_DIRS = new Set([
  'node_modules',
  '.git',
  'dist',
  'cdktf.out',
  '.turbo',
  'artifacts',
  'bench-results',
]);

function markdownFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return SKIPPED_DIRS.has(entry.name) ? [] : markdownFiles(full);
    return entry.name.endsWith('.md') ? [full] : [];
  });
}

const read = (file: string): string => readFileSync(path.join(ROOT, file), 'utf8');
const json = <T>(file: string): T => JSON.parse(read(file)) as T;
/** Every markdown file of the repository, relative to its root. */
const DOCS = markdownFiles(ROOT).map((file) => path.relative(ROOT, file));
const TEXT = new Map(DOCS.map((file) => [file, read(file)]));
/** The prose docs: the READMEs, docs/ and the changelog (not API Extractor's reports). */
const PROSE = DOCS.filter((file) => !/(^|\/)api\//.test(file));

/** Every match of `pattern` (with a capture group) in the prose docs, as [file, captured]. */
function quoted(pattern: RegExp): [string, string][] {
  return PROSE.flatMap((file) =>
    [...TEXT.get(file)!.matchAll(pattern)].map((match): [string, string] => [file, match[1]!]),
  );
}

/** A claim is quoted at least once, and every time with the source's value. */
function expectEveryQuote(pattern: RegExp, expected: string): void {
  const quotes = quoted(pattern);
  expect(quotes.length).toBeGreaterThan(0);
  expect(quotes.filter(([, value]) => value !== expected)).toEqual([]);
}

describe('counts quoted in the docs', () => {
  // As `pnpm start` applies it: the local stack against an emulator over plain http.
  const local = synthJson({ environments: ['local'], endpointUrl: 'http://127.0.0.1:4566' }).get('local')!;
  const resources = Object.values(local.resource).reduce((sum, byId) => sum + Object.keys(byId).length, 0);
  const alarms = resourcesOf(local, 'aws_cloudwatch_metric_alarm').length;

  it('every "N resources" is the local stack as applied to the emulator', () => {
    expectEveryQuote(/\b(\d+) resources\b/g, String(resources));
    expect(quoted(/Resources: (\d+) added/g).filter(([, n]) => n !== String(resources))).toEqual([]);
  });

  it('every "N alarms" is the stack\'s alarm count', () => {
    expectEveryQuote(/\b(\d+) (?:of them )?alarms\b/g, String(alarms));
  });
});

describe('versions quoted in the docs', () => {
  const root = json<{ engines: { node: string }; packageManager: string }>('package.json');
  const nodeMajor = /^>=\s*(\d+)$/.exec(root.engines.node)?.[1];

  it('engines.node, .nvmrc and the lowest node-version in the workflows agree', () => {
    expect(nodeMajor).toBeDefined();
    expect(read('.nvmrc').trim()).toBe(nodeMajor);
    const versions = readdirSync(path.join(ROOT, '.github/workflows'))
      .map((name) => read(`.github/workflows/${name}`))
      .flatMap((workflow) =>
        [...workflow.matchAll(/node-version:\s*(?:'([^']+)'|([^\s,}]+))/g)].flatMap(
          ([, quotedValue, plainValue]) => {
            const value = quotedValue ?? plainValue!;
            const matrix = /^\$\{\{\s*matrix\.(\w+)\s*\}\}$/.exec(value)?.[1];
            if (matrix === undefined) return [Number(value)];
            const list = new RegExp(`\\b${matrix}:\\s*\\[([^\\]]*)\\]`).exec(workflow)?.[1] ?? '';
            return list.split(',').map(Number);
          },
        ),
      );
    expect(versions.length).toBeGreaterThan(0);
    expect(versions.every(Number.isInteger)).toBe(true);
    expect(Math.min(...versions)).toBe(Number(nodeMajor));
  });

  it('"Node N or later" is engines.node', () => {
    expectEveryQuote(/\bNode(?:\.js)?\*{0,2} (\d+) or later/gi, nodeMajor!);
  });

  it('"terraform >= X" is what the stack requires', () => {
    const stack = synthJson({ environments: ['dev'] }).get('dev')!;
    const required =
      (stack.terraform['required_version'] as string | undefined) ?? TERRAFORM_REQUIRED_VERSION;
    expectEveryQuote(/\bterraform\*{0,2} (>= ?\d+(?:\.\d+)*)/gi, required);
  });

  it('the AWS provider version is the one the stack pins', () => {
    const stack = synthJson({ environments: ['dev'] }).get('dev')!;
    const providers = stack.terraform['required_providers'] as Record<string, { version: string }>;
    expectEveryQuote(
      /(?:hashicorp\/aws|AWS provider)`?\*{0,2} (?:provider )?\*{0,2}(\d+\.\d+\.\d+)/g,
      providers['aws']!.version,
    );
  });

  it('"pnpm N" is the major of packageManager', () => {
    const major = /^pnpm@(\d+)\./.exec(root.packageManager)?.[1];
    expectEveryQuote(/\bpnpm[ @](\d+)\b/g, major!);
  });
});

/** The text of fenced code blocks and inline code spans. */
function code(text: string): string {
  return [...text.matchAll(/^```[^\n]*\n([\s\S]*?)^```|`([^`\n]+)`/gm)]
    .map(([, block, span]) => block ?? span)
    .join('\n');
}

/** The text outside fenced code blocks and inline code. */
function prose(text: string): string {
  return text.replace(/^```[\s\S]*?^```/gm, '').replace(/`[^`\n]*`/g, '');
}

describe('links', () => {
  it.each(DOCS)('every relative link in %s resolves to a file', (file) => {
    const targets = [...prose(TEXT.get(file)!).matchAll(/\]\(([^)\s]+)\)/g)].map(([, target]) => target!);
    const broken = targets
      .filter((target) => !/^[a-z]+:/i.test(target) && !target.startsWith('#'))
      .map((target) => target.split('#')[0]!)
      .filter((target) => !existsSync(path.resolve(ROOT, path.dirname(file), decodeURI(target))));
    expect(broken).toEqual([]);
  });
});

describe('the architecture picture', () => {
  it('is what infra/scripts/architecture-svg.ts draws from the registry (pnpm docs:architecture)', () => {
    expect(readFileSync(architectureSvgPath(ROOT), 'utf8')).toBe(architectureSvg());
  });

  it('is shown by the README and docs/architecture.md', () => {
    expect(read('README.md')).toContain('](docs/architecture.svg)');
    expect(read('docs/architecture.md')).toContain('](architecture.svg)');
  });
});

/** The fenced block between `<!-- sample:start name -->` and `<!-- sample:end -->` in `file`. */
function sample(file: string, name: string): string[] {
  const text = read(file);
  const start = text.indexOf(`<!-- sample:start ${name} -->`);
  const end = text.indexOf('<!-- sample:end -->', start);
  expect(start).toBeGreaterThanOrEqual(0);
  expect(end).toBeGreaterThan(start);
  const block = /```text\n([\s\S]*?)\n```/.exec(text.slice(start, end))?.[1];
  expect(block).toBeDefined();
  return block!.split('\n');
}

const OUTCOMES = ['written', 'rejected', 'skipped', 'superseded', 'failed', 'missing'];
const PIPELINE_NAMES = PIPELINES.map((p) => p.name);

describe('samples regenerated by pnpm docs:samples', () => {
  it('every sample block in the docs is one the script writes', () => {
    const script = read('scripts/docs-samples.mjs');
    const names = PROSE.flatMap((file) =>
      [...TEXT.get(file)!.matchAll(/<!-- sample:start (\S+) -->/g)].map(([, name]) => `${name!}: '${file}'`),
    );
    expect(names.sort()).toEqual([
      "cost: 'docs/cost.md'",
      "queries: 'apps/etl/README.md'",
      "quickstart: 'README.md'",
    ]);
    for (const name of names) expect(script).toContain(name);
  });

  it('the quickstart sample is one row per input, and its totals count them', () => {
    const lines = sample('README.md', 'quickstart');
    const totals = lines.pop()!;
    const rows = lines.map((line) => line.split(/ {2,}/));
    expect(rows.length).toBeGreaterThan(0);
    for (const [outcome, pipeline, input] of rows) {
      expect(OUTCOMES).toContain(outcome);
      expect(PIPELINE_NAMES).toContain(pipeline);
      expect(input).toMatch(/^s3:\/\/[a-z0-9.-]+\/\S/);
    }
    const counted = Object.fromEntries(
      OUTCOMES.map((kind) => [kind, rows.filter(([outcome]) => outcome === kind).length]),
    );
    expect(totals).toBe(`inputs: ${OUTCOMES.map((kind) => `${counted[kind]} ${kind}`).join(', ')}`);
  });

  it('the cost sample has a row per registered pipeline with its figures', () => {
    const [header, ...rows] = sample('docs/cost.md', 'cost').map((line) => line.split(/ {2,}/));
    expect(header![0]).toBe('pipeline');
    expect(rows.map((row) => row[0])).toEqual(PIPELINE_NAMES);
    for (const row of rows) {
      expect(row).toHaveLength(header!.length);
      expect(row[2]).toMatch(/^\d+ MB (arm64|x86_64)$/);
      expect(row[5]).toMatch(/^\$\d+\.\d\d$/);
    }
  });
});

describe('the queries sample (pnpm docs:samples -- --queries)', () => {
  const lines = sample('apps/etl/README.md', 'queries');
  /** The blocks: a `$ pnpm -s query -- "SQL"` line, then the table pnpm query printed and its row count. */
  const blocks = lines
    .join('\n')
    .split('\n\n')
    .map((block) => block.split('\n'));

  it("holds the script's three queries, each with its output", () => {
    const script = read('scripts/docs-samples.mjs');
    expect(blocks).toHaveLength(3);
    for (const [command] of blocks) {
      const sql = /^\$ pnpm -s query -- "(.+)"$/.exec(command!)?.[1];
      expect(sql).toBeDefined();
      expect(script).toContain(sql!);
    }
  });

  it('prints each result as a table whose row count is its rows', () => {
    for (const [, header, rule, ...rest] of blocks) {
      const count = rest.pop()!;
      expect(rule).toMatch(/^-+( {2}-+)*$/);
      expect(header!.split(/ {2,}/)).toHaveLength(rule!.split('  ').length);
      expect(count).toBe(`${rest.length} row${rest.length === 1 ? '' : 's'}`);
    }
  });

  it("counts in the first query the rows etl wrote in the quickstart sample's run of the same demo set", () => {
    const etl = sample('README.md', 'quickstart').find((line) => / etl /.test(line));
    const written = /\((\d+) rows, \d+ rejected\)/.exec(etl ?? '')?.[1];
    const [, header, , first] = blocks[0]!;
    expect(header!.split(/ {2,}/)[0]).toBe('orders');
    expect(first!.split(/ {2,}/)[0]).toBe(written);
  });
});

describe('commands the docs name', () => {
  const packages = new Map(
    ['apps', 'packages', 'tools']
      .flatMap((dir) => readdirSync(path.join(ROOT, dir)).map((name) => `${dir}/${name}`))
      .concat('infra')
      .filter((dir) => existsSync(path.join(ROOT, dir, 'package.json')))
      .map((dir) => {
        const manifest = json<{ name: string; scripts?: Record<string, string> }>(`${dir}/package.json`);
        return [manifest.name, Object.keys(manifest.scripts ?? {})];
      }),
  );
  const rootScripts = Object.keys(json<{ scripts: Record<string, string> }>('package.json').scripts);
  const PNPM_COMMANDS = new Set(['install', 'exec', 'add', 'run', 'dlx']);
  /** The fourth pipeline docs/adding-a-pipeline.md builds (a fixture in infra/tests/fixtures, not a package). */
  const GUIDE_PACKAGES = new Set(['@pipeline/pdf']);

  it.each(PROSE.filter((file) => file === 'README.md' || file.startsWith('docs/')))(
    'every pnpm script %s names exists',
    (file) => {
      const text = code(TEXT.get(file)!);
      const filtered = [...text.matchAll(/pnpm --filter (@pipeline\/[\w-]+) ([\w:-]+)/g)].filter(
        ([, name, script]) =>
          !PNPM_COMMANDS.has(script!) &&
          !GUIDE_PACKAGES.has(name!) &&
          !packages.get(name!)?.includes(script!),
      );
      const plain = [...text.matchAll(/(?:^|[`\s])pnpm ([a-z][\w:-]*)/gm)].filter(
        ([, script]) => !PNPM_COMMANDS.has(script!) && script !== 'N' && !rootScripts.includes(script!),
      );
      expect([...filtered, ...plain].map(([command]) => command.trim())).toEqual([]);
    },
  );
});
