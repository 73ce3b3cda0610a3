/**
 * docs/catalog.md shows a catalog item; it must be the one the skeleton builds from that outcome
 * (catalogItemOf), so the example cannot drift from the contract.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  catalogItemOf,
  CATALOG_MAX_OUTPUTS,
  CATALOG_TOMBSTONE_SECONDS,
  type ObjectOutcome,
} from '../../src/index.js';

const DOC = readFileSync(join(__dirname, '../../../../docs/catalog.md'), 'utf8');

/** The first JSON block of the page. */
function exampleItem(): unknown {
  const block = /```json\n([\s\S]*?)\n```/.exec(DOC)?.[1];
  if (block === undefined) throw new Error('docs/catalog.md shows no JSON item');
  return JSON.parse(block);
}

describe('docs/catalog.md', () => {
  it('shows the item catalogItemOf builds from a resize outcome', () => {
    const processed = 'pipeline-prod-processed';
    const variant = (name: string, bytes: number, width: number, height: number) => ({
      bucket: processed,
      key: `images/variants/${name}/2026/cat.jpg.jpg`,
      bytes,
      width,
      height,
      format: 'jpeg',
    });
    const outcome: ObjectOutcome = {
      schema: 'pipeline.outcome/v1',
      pipeline: 'resize',
      requestId: '8f2c1e0a-4c1b-4d55-9d0e-5a3b2f7c9e11',
      kind: 'written',
      action: 'resized',
      source: {
        bucket: 'pipeline-prod-ingest',
        key: 'uploads/2026/cat.jpg',
        versionId: '3HL4kqtJlcpXroDTDmJ.rmSpXd3dIbrHY',
        eTag: '9b2cf535f27731c974343645a3985328',
        size: 2481123,
      },
      written: [variant('thumbnail', 18211, 256, 192), variant('web', 141877, 1067, 800)],
      durationMs: 412,
      measures: { variantsWritten: 2 },
    };
    const item = catalogItemOf(outcome, {
      object: { sequencer: '0062E99A88DC407460' },
      now: new Date('2026-12-05T20:15:03.120Z'),
    });
    expect(exampleItem()).toEqual(item);
  });

  it('quotes the limits the code keeps', () => {
    expect(DOC).toContain(`at most ${CATALOG_MAX_OUTPUTS} outputs are listed`);
    expect(DOC).toContain(`${CATALOG_TOMBSTONE_SECONDS / 86400} days on`);
  });
});
