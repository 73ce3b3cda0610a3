/** Every row of the README's inference table, checked: the README says what inference does. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { inferColumns } from '../../src/infer.js';

const README = readFileSync(join(__dirname, '..', '..', 'README.md'), 'utf8');

/** `| \`value\` | type | why |` rows of the table headed `| value | inferred type |`. */
function tableRows(): [string, string][] {
  const start = README.indexOf('| value ');
  const lines = README.slice(start).split('\n');
  const rows = lines.slice(
    2,
    lines.findIndex((line, i) => i > 0 && !line.startsWith('|')),
  );
  return rows.map((line) => {
    const [value, type] = line
      .split('|')
      .slice(1, 3)
      .map((cell) => cell.trim());
    return [(value as string).replace(/^`|`$/g, ''), type as string];
  });
}

describe('the README inference table', () => {
  it('has its rows', () => {
    expect(tableRows().length).toBeGreaterThan(20);
  });

  it.each(tableRows())('%j infers %s', (value, type) => {
    expect(inferColumns(['c'], [[value]], new Set(['']))[0]?.type).toBe(type);
  });

  it('a column of 1 and 2.5 infers float, of 1 and x infers string', () => {
    expect(inferColumns(['c'], [['1'], ['2.5']], new Set())[0]?.type).toBe('float');
    expect(inferColumns(['c'], [['1'], ['x']], new Set())[0]?.type).toBe('string');
  });
});
