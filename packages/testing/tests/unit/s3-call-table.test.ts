import type { ObservedS3Call } from '../../src/iam/s3-call-record.js';
import { renderS3CallTable, summarizeS3Calls } from '../../src/iam/s3-call-table.js';

const head = (result: ObservedS3Call['result'], granted = true): ObservedS3Call => ({
  pipeline: 'copy',
  functionName: 'demo-local-copy',
  call: 'HeadObject',
  target: 's3://dst/copies/x',
  permissions: [{ action: 's3:GetObject', resource: 'processed/copies/*', granted }],
  result,
});

describe('the per-function S3 call table', () => {
  it('folds calls into one row per call, action and resource, counting the answers', () => {
    const rows = summarizeS3Calls([head('ok'), head('not-found'), head('ok', false)]);
    expect(rows).toEqual([
      {
        functionName: 'demo-local-copy',
        call: 'HeadObject',
        action: 's3:GetObject',
        resource: 'processed/copies/*',
        granted: false,
        answers: { ok: 2, 'not-found': 1 },
      },
    ]);
    expect(renderS3CallTable(rows)).toBe(
      [
        '#### demo-local-copy',
        '',
        '| S3 call | IAM action | on | granted | answers in the tests |',
        '| --- | --- | --- | --- | --- |',
        '| HeadObject | `s3:GetObject` | `processed/copies/*` | **no** | 2 ok, 1 not found |',
      ].join('\n'),
    );
  });
});
