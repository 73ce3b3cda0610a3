/**
 * The catalog item as built from an outcome (no I/O): what it lists, how it is cut, and that it stays
 * under DynamoDB's 400 KB item limit whatever the outcome; the put or update a write sends.
 */
import {
  attributeOf,
  CATALOG_MAX_OUTPUTS,
  catalogItemOf,
  putParts,
  updateParts,
  type ObjectOutcome,
  type Plain,
} from '../../src/index.js';

const DYNAMODB_ITEM_LIMIT = 400 * 1024;
const longKey = (prefix: string) => `${prefix}${'é'.repeat((1024 - prefix.length) / 2)}`;

function outcome(extra: Partial<ObjectOutcome> = {}): ObjectOutcome {
  return {
    schema: 'pipeline.outcome/v1',
    pipeline: 'demo',
    requestId: 'req-1',
    kind: 'written',
    action: 'copied',
    source: { bucket: 'src', key: 'in/a.txt' },
    written: [],
    durationMs: 1,
    ...extra,
  } as ObjectOutcome;
}

/** An item's size as DynamoDB counts it, near enough: names and values in UTF-8. */
function itemBytes(item: object): number {
  return Buffer.byteLength(JSON.stringify(attributeOf(item as unknown as Plain)), 'utf8');
}

describe('catalogItemOf', () => {
  it('stays under 400 KB with the longest keys S3 allows, however many outputs and however long the message', () => {
    const written = Array.from({ length: 5000 }, (_, i) => ({
      bucket: 'b'.repeat(63),
      key: `${longKey('out/')}`.slice(0, 1000) + String(i).padStart(4, '0'),
      bytes: Number.MAX_SAFE_INTEGER,
      versionId: 'v'.repeat(32),
      width: 99999,
      height: 99999,
      format: 'jpeg',
    }));
    const failed = outcome({
      kind: 'failed',
      code: 'X',
      message: 'm'.repeat(1_000_000),
      retried: true,
      source: { bucket: 'b'.repeat(63), key: longKey('in/') },
      written,
    });
    const item = catalogItemOf(failed, { object: { sequencer: 'F'.repeat(64) }, now: new Date() });
    expect(item.outputs.length).toBeLessThanOrEqual(CATALOG_MAX_OUTPUTS);
    expect(item).toMatchObject({ outputCount: 5000, outputsTruncated: true });
    expect(itemBytes(item)).toBeLessThan(DYNAMODB_ITEM_LIMIT);
  });

  it("lists a duplicate's outputs found in place, and none for a removal (a tombstone with a TTL)", () => {
    const found = [{ bucket: 'dst', key: 'out/a.txt', bytes: 3 }];
    const duplicate = catalogItemOf(outcome({ kind: 'skipped', reason: 'duplicate', outputs: found }), {
      object: {},
      now: new Date(0),
    });
    expect(duplicate).toMatchObject({ kind: 'skipped', reason: 'duplicate', outputs: found, outputCount: 1 });
    expect(duplicate).not.toHaveProperty('sequencer');
    const removed = catalogItemOf(outcome({ kind: 'removed', removed: ['out/a.txt'] }), {
      object: { sequencer: '0A' },
      now: new Date(1000),
    });
    expect(removed).toMatchObject({
      kind: 'removed',
      outputs: [],
      outputCount: 0,
      removedCount: 1,
      expiresAt: 1 + 30 * 86400,
    });
  });
});

describe('putParts', () => {
  it('puts the whole item, keys and order included, on the order condition', () => {
    const item = catalogItemOf(outcome(), { object: { sequencer: '0A' }, now: new Date(0) });
    const parts = putParts(item);
    expect(parts.Item).toMatchObject({
      sourceUri: { S: item.sourceUri },
      pipeline: { S: item.pipeline },
      sequencer: { S: '0A' },
      sequencerLength: { N: '2' },
      kind: { S: 'written' },
    });
    // Nothing the item lacks is sent: a put replaces the stored item, TTL and all.
    expect(parts.Item).not.toHaveProperty('expiresAt');
    expect(parts.ConditionExpression).toContain('#sequencerLength < :len');
    expect(parts.ExpressionAttributeValues?.[':len']).toEqual({ N: '2' });
    expect(putParts(item, true).ConditionExpression).toMatch(/^attribute_exists\(#pk\) AND \(/);
  });

  it('refuses an item without a sequencer (that one is an update)', () => {
    expect(() => putParts(catalogItemOf(outcome(), { object: {}, now: new Date(0) }))).toThrow(TypeError);
  });
});

describe('updateParts', () => {
  it("sets what the item has and removes what it lacks (a re-upload clears a tombstone's TTL)", () => {
    const parts = updateParts(catalogItemOf(outcome(), { object: {}, now: new Date(0) }));
    expect(parts.UpdateExpression).toMatch(/^SET .*#kind = :kind.* REMOVE .*#expiresAt/);
  });

  it('sends no condition and leaves the stored order alone for a record without a sequencer', () => {
    const parts = updateParts(catalogItemOf(outcome(), { object: {}, now: new Date(0) }));
    expect(parts.ConditionExpression).toBeUndefined();
    expect(parts.UpdateExpression).not.toMatch(/#sequencer\b/);
    expect(
      updateParts(catalogItemOf(outcome(), { object: {}, now: new Date(0) }), true).ConditionExpression,
    ).toBe('attribute_exists(#pk)');
  });
});
