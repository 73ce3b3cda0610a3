/**
 * infra/README.md's grants and environment tables follow the registry: one row (or column) per
 * registered pipeline, naming every folder its module grants and every variable its contract sets.
 * A module changed without its README rows fails here.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { ENVIRONMENTS, PIPELINES } from '../../src/config/index.js';
import type { Pipeline } from '../../src/pipelines/kit/define.js';
import { requireLocation } from '../../src/pipelines/kit/locations.js';
import { requireConfigOf } from '../../src/pipelines/registry.js';
import { contractVariables } from '../support/contract.js';

const README = readFileSync(path.resolve(__dirname, '../../README.md'), 'utf8');
const config = ENVIRONMENTS.dev;

/** The rows of the first markdown table after `heading`, as trimmed cells (header first). */
function tableAfter(heading: string): string[][] {
  const start = README.indexOf(heading);
  expect(start).toBeGreaterThanOrEqual(0);
  const lines = README.slice(start).split('\n');
  const first = lines.findIndex((line) => line.startsWith('|'));
  const rows = lines.slice(
    first,
    lines.findIndex((line, i) => i > first && !line.startsWith('|')),
  );
  return rows
    .filter((row) => !/^\|[\s|:-]+\|$/.test(row))
    .map((row) =>
      row
        .slice(1, -1)
        .split('|')
        .map((cell) => cell.trim()),
    );
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

const byName = PIPELINES.map((p): [string, Pipeline] => [p.name, p]);

describe('the grants table', () => {
  const rows = tableAfter('### Grants per function');

  it('has one row per registered pipeline', () => {
    expect(rows.slice(1).map((row) => row[0])).toEqual(PIPELINES.map((p) => p.name));
  });

  it.each(byName)('names every folder the %s module grants', (name, pipeline) => {
    const row = rows.find((r) => r[0] === name)!;
    const lists = row[rows[0]!.findIndex((header) => header.startsWith('lists'))]!;
    const settings = requireConfigOf(config.pipelines, pipeline);
    for (const grant of pipeline.grants) {
      const fields = 'objects' in grant ? grant.objects : grant.list;
      for (const field of fields) {
        const { bucket, prefix } = requireLocation(pipeline, settings, field);
        if ('objects' in grant) expect(row.join(' ')).toContain(`${bucket}/${prefix}/*`);
        // `ingest`: `incoming/*`; `processed`: `copies/*`, … — each folder listed under its bucket.
        else expect(lists).toMatch(new RegExp(`\\b${bucket}\\b[^;]*${escapeRegExp(`\`${prefix}/*\``)}`));
      }
    }
  });
});

describe('the environment table', () => {
  const rows = tableAfter('### Environment variables');

  it('has one column per registered pipeline', () => {
    expect(rows[0]!.slice(1)).toEqual(PIPELINES.map((p) => p.name));
  });

  it.each(byName)('names every variable of the %s contract', (name, pipeline) => {
    const column = rows[0]!.indexOf(name);
    const text = rows
      .slice(1)
      .filter((row) => row[column] !== undefined && row[column] !== '')
      .map((row) => `${row[0]} ${row[column]}`)
      .join(' ');
    for (const variable of contractVariables(pipeline, config)) expect(text).toContain(`\`${variable}`);
  });
});
