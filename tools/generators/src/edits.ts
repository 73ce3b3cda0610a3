/**
 * The edits `pnpm gen pipeline <name>` makes to existing files, as pure text transforms (plop's
 * modify actions call them). Each throws when the text it anchors on has moved, so a generator
 * that drifted from the workspace fails loudly instead of silently leaving a file unchanged.
 */
import { CodedError } from '@pipeline/coded-error';
import { camelName } from './names.js';

/** Where an anchor was not found: the generator needs updating with the file. */
export class GeneratorAnchorError extends CodedError<'ANCHOR_MISSING'> {
  override readonly name = 'GeneratorAnchorError';

  constructor(file: string, anchor: string) {
    super(
      'ANCHOR_MISSING',
      `Expected ${anchor} in ${file} but did not find it: update tools/generators/src/edits.ts`,
    );
  }
}

function replaceOnce(
  text: string,
  pattern: RegExp,
  replace: (...groups: string[]) => string,
  file: string,
): string {
  const match = pattern.exec(text);
  if (match === null) throw new GeneratorAnchorError(file, String(pattern));
  return text.slice(0, match.index) + replace(...match) + text.slice(match.index + match[0].length);
}

/** infra/src/pipelines/registry.ts: the module's import and its entry at the end of PIPELINES. */
export function registerPipeline(text: string, name: string): string {
  const file = 'infra/src/pipelines/registry.ts';
  const module = `${camelName(name)}Module`;
  const withEntry = replaceOnce(
    text,
    /\n\nexport const PIPELINES = \[([^\]]*)\] as const;/,
    (_, entries = '') =>
      `\nimport { ${module} } from './${name}.js';\n\nexport const PIPELINES = [${entries.trim().replace(/,$/, '')}, ${module}] as const;`,
    file,
  );
  // The names listed in PipelineName's comment, where it lists them.
  return withEntry.replace(/(The registered modules' names: `[^`]*)`/, `$1 | '${name}'\``);
}

/** infra/package.json: the app as a dev dependency, so turbo builds its zip before infra's synth and tests. */
export function addInfraDevDependency(text: string, name: string): string {
  const manifest = JSON.parse(text) as { devDependencies?: Record<string, string> };
  const devDependencies = { ...manifest.devDependencies, [`@pipeline/${name}`]: 'workspace:*' };
  const sorted = Object.fromEntries(Object.entries(devDependencies).sort(([a], [b]) => a.localeCompare(b)));
  return `${JSON.stringify({ ...manifest, devDependencies: sorted }, null, 2)}\n`;
}

/** knip.jsonc: infra never imports the app (it reads the zip by path), so knip must not call it unused. */
export function ignoreInfraAppDependency(text: string, name: string): string {
  return replaceOnce(
    text,
    /("infra":\s*\{[^}]*?"ignoreDependencies":\s*\[)([^\]]*)\]/,
    (_, head = '', list = '') => `${head}${list.trim().replace(/,$/, '')}, "@pipeline/${name}"]`,
    'knip.jsonc',
  );
}

/** The line range of the first markdown table after `heading`. */
function tableAfter(lines: readonly string[], heading: string, file: string): { first: number; end: number } {
  const at = lines.findIndex((line) => line.startsWith(heading));
  if (at < 0) throw new GeneratorAnchorError(file, JSON.stringify(heading));
  const first = lines.findIndex((line, i) => i > at && line.startsWith('|'));
  if (first < 0) throw new GeneratorAnchorError(file, `a table after ${JSON.stringify(heading)}`);
  const after = lines.findIndex((line, i) => i > first && !line.startsWith('|'));
  return { first, end: after < 0 ? lines.length : after };
}

const code = (text: string): string => `\`${text}\``;

/** The generated module's grants, as infra/README.md's "Grants per function" row. */
function grantsRow(name: string): string {
  const output = `processed/${name}/output/*`;
  const rejected = `processed/${name}/rejected/*`;
  return [
    '',
    name,
    code(`ingest/${name}/*`),
    `${code(output)}, ${code(rejected)}`,
    `${code('ingest')}: ${code(`${name}/*`)}; ${code('processed')}: ${code(`${name}/output/*`)}, ${code(`${name}/rejected/*`)}`,
    `${code('DeleteObject')} on ${code(rejected)} (a fixed file's rejection record)`,
    '',
  ].join(' | ');
}

/** The generated module's cell in each row of infra/README.md's "Environment variables" table. */
function environmentCell(name: string, variable: string): string {
  if (variable.startsWith('`DESTINATION_BUCKET`')) return 'processed bucket';
  if (variable.startsWith('`SOURCE_PREFIX`')) return code(`${name}/`);
  if (variable.startsWith('`LOG_LEVEL`')) return code(`<prefix>-${name}`);
  // A generated module keeps its outputs when its source is removed (onSourceRemoved's default).
  if (variable.startsWith('`ON_SOURCE_REMOVED`')) return code('keep');
  if (variable === 'specific')
    return `${code(`OUTPUT_PREFIX=${name}/output`)}, ${code(`REJECTED_PREFIX=${name}/rejected`)}`;
  return 'the same';
}

/** The buckets' "holds" cells in infra/README.md's layout table: its source folder and its outputs. */
function addToLayout(lines: string[], name: string, file: string): void {
  const folders: Record<string, string> = {
    '`<prefix>-ingest`': `${code(`${name}/`)} (${name})`,
    '`<prefix>-processed`': `${code(`${name}/output/`)}, ${code(`${name}/rejected/`)}`,
  };
  for (const [bucket, added] of Object.entries(folders)) {
    const at = lines.findIndex((line) => line.split('|')[1]?.trim() === bucket);
    const cells = lines[at]?.split('|');
    if (cells === undefined || cells.length < 4) throw new GeneratorAnchorError(file, `the ${bucket} row`);
    cells[2] = ` ${(cells[2] ?? '').trim()}, ${added} `;
    lines[at] = cells.join('|');
  }
}

/**
 * infra/README.md: its folders in the buckets' layout, a row in the grants table and a column in the
 * environment table (readme.test.ts).
 */
export function documentInInfraReadme(text: string, name: string): string {
  const file = 'infra/README.md';
  const lines = text.split('\n');
  addToLayout(lines, name, file);
  const grants = tableAfter(lines, '### Grants per function', file);
  lines.splice(grants.end, 0, grantsRow(name).trim());
  const environment = tableAfter(lines, '### Environment variables', file);
  for (let i = environment.first; i < environment.end; i += 1) {
    const row = lines[i] ?? '';
    const variable = row.split('|')[1]?.trim() ?? '';
    const cell =
      i === environment.first ? name : /^\|[\s|:-]+\|$/.test(row) ? '---' : environmentCell(name, variable);
    lines[i] = `${row.replace(/\|\s*$/, '|')} ${cell} |`;
  }
  return lines.join('\n');
}

/** README.md: the pipeline in the list of pipelines and its README among the packages'. */
export function documentInRootReadme(text: string, name: string): string {
  const file = 'README.md';
  const listed = replaceOnce(
    text,
    /((?:^- \*\*[a-z0-9-]+\*\*: .*\n)+)/m,
    (list = '') =>
      `${list.replace(/\.\n$/, ';\n')}- **${name}**: one output per input under \`${name}/output/\` (apps/${name}: describe its work here).\n`,
    file,
  );
  return replaceOnce(
    listed,
    /(\[apps\/[a-z0-9-]+\]\(apps\/[a-z0-9-]+\/README\.md\),\n?)(?!\s*\[apps\/)/,
    (link = '') =>
      `${link.replace(/\n$/, ' ')}[apps/${name}](apps/${name}/README.md),${link.endsWith('\n') ? '\n' : ''}`,
    file,
  );
}
