import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  assertS3CallsDocumented,
  S3_CALL_DOCS_BEGIN,
  S3_CALL_DOCS_END,
  undocumentedRows,
  writeS3CallDocs,
} from '../../src/iam/s3-call-docs.js';
import type { S3CallRow } from '../../src/iam/s3-call-table.js';

const row = (call: string, action: string, resource: string): S3CallRow => ({
  functionName: 'pipeline-local-copy',
  call,
  action,
  resource,
  granted: true,
  answers: { ok: 3 },
});
const rows = [
  row('HeadObject', 's3:GetObject', 'ingest/incoming/*'),
  row('CopyObject', 's3:PutObject', 'processed/copies/*'),
];

function readme(): string {
  const file = join(mkdtempSync(join(tmpdir(), 's3-call-docs-')), 'README.md');
  writeFileSync(file, `# infra\n\n${S3_CALL_DOCS_BEGIN}\n(stale)\n${S3_CALL_DOCS_END}\n\nafter\n`);
  return file;
}

describe('the S3 call table in infra/README.md', () => {
  it('is written between its markers, keeping the rest of the document, and then documents every row', () => {
    const file = readme();
    writeS3CallDocs(rows, file);
    const text = readFileSync(file, 'utf8');
    expect(text).toContain(
      '| pipeline-local-copy | CopyObject | `s3:PutObject` | `processed/copies/*` | yes |',
    );
    expect(text).not.toContain('(stale)');
    expect(text.endsWith('after\n')).toBe(true);
    expect(undocumentedRows(rows, text)).toEqual([]);
    // The counts of a later run do not matter; a new call does.
    const later = [
      { ...rows[0]!, answers: { ok: 9 } },
      row('DeleteObjects', 's3:DeleteObject', 'processed/copies-rejected/*'),
    ];
    expect(undocumentedRows(later, text).map((r) => r.call)).toEqual(['DeleteObjects']);
    expect(() => assertS3CallsDocumented(later, file)).toThrow(
      /does not document 1 S3 call\(s\)[\s\S]*DeleteObjects needs `s3:DeleteObject` on processed\/copies-rejected\/\*/,
    );
  });
});
