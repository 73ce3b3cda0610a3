/**
 * docs/cli.md stays true: its exit-code table is exit-codes.ts's, and each command's section lists
 * exactly the options the command declares (its parseArgs spec), as does the command's own usage.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { SOAK_OPTIONS, SOAK_USAGE } from '../../bench/soak-options.js';
import { START_OPTIONS, USAGE } from '../../src/cli/cli-options.js';
import type { OptionSpec } from '../../src/cli/command-line.js';
import { EXIT_CODES, EXIT_CODES_LINE } from '../../src/cli/exit-codes.js';
import {
  REDRIVE_OPTIONS,
  REDRIVE_USAGE,
  REPROCESS_OPTIONS,
  REPROCESS_USAGE,
} from '../../src/ops/ops-options.js';
import { SMOKE_OPTIONS, SMOKE_USAGE } from '../../src/ops/smoke-options.js';
import { QUERY_OPTIONS, QUERY_USAGE } from '../../src/query/query-options.js';
import { STATUS_OPTIONS, STATUS_USAGE } from '../../src/status/status-options.js';

const DOC = readFileSync(join(__dirname, '..', '..', '..', '..', 'docs', 'cli.md'), 'utf8');

/** The text of the `## heading` section, up to the next one. */
function section(heading: string): string {
  const start = DOC.indexOf(`\n## ${heading}\n`);
  if (start < 0) throw new Error(`docs/cli.md has no section "## ${heading}"`);
  const end = DOC.indexOf('\n## ', start + 1);
  return DOC.slice(start, end < 0 ? undefined : end);
}

/** The long options a list item names first: "- `--json`: ..." and "- `--help`, `-h`: ...". */
function listedOptions(text: string): string[] {
  return [...text.matchAll(/^- `--([a-z-]+)/gm)].map((m) => m[1] as string).sort();
}

const declared = (spec: OptionSpec): string[] => Object.keys(spec).sort();

const COMMANDS: readonly [string, OptionSpec, string][] = [
  ['`pnpm start`', START_OPTIONS, USAGE],
  ['`pnpm soak`', SOAK_OPTIONS, SOAK_USAGE],
  ['`pnpm redrive`', REDRIVE_OPTIONS, REDRIVE_USAGE],
  ['`pnpm reprocess`', REPROCESS_OPTIONS, REPROCESS_USAGE],
  ['`pnpm smoke`', SMOKE_OPTIONS, SMOKE_USAGE],
  ['`pnpm query`', QUERY_OPTIONS, QUERY_USAGE],
  ['`pnpm status`', STATUS_OPTIONS, STATUS_USAGE],
];

describe('docs/cli.md', () => {
  it('holds the exit-code table of exit-codes.ts, once', () => {
    const rows = [...section('Exit codes').matchAll(/^\| (\d+) +\| (.+?) +\|$/gm)].map((m) => ({
      code: Number(m[1]),
      meaning: m[2],
    }));
    expect(rows).toEqual(EXIT_CODES.map((c) => ({ code: c.code, meaning: c.meaning })));
    expect(DOC.match(/^## Exit codes$/gm)).toHaveLength(1);
  });

  it.each(COMMANDS)(
    'lists the options %s declares, and its usage names each and points at the table',
    (heading, spec, usage) => {
      expect(listedOptions(section(heading))).toEqual(declared(spec));
      for (const name of declared(spec)) expect(usage).toContain(`--${name}`);
      expect(usage).toContain('-h');
      expect(usage.endsWith(EXIT_CODES_LINE)).toBe(true);
    },
  );
});
