import { CALM, Chaos, DEFAULT_CHAOS_RATES, eventLabel } from '../../src/run/chaos.js';
import { Removals } from '../../src/run/removals.js';

const object = { bucket: 'ingest', key: 'incoming/a.csv', eTag: '"0123abcd"' };

/** Every decision for a thousand events of one seed, as one string. */
function planOf(chaos: Chaos, labels: readonly string[]): string {
  return JSON.stringify(
    labels.map((label) => [chaos.input(label), [0, 1, 2].map((n) => chaos.attempt(`${label}#upload`, n))]),
  );
}

describe('chaos plans', () => {
  it('a seed makes the same plan on every run: events are told apart by key and content, not by version id', () => {
    // The emulator gives each upload a new version id; two runs of the same inputs differ only there.
    const runOne = { ...object, versionId: 'a1b2' };
    const runTwo = { ...object, versionId: 'ffff' };
    expect(eventLabel('copy', runOne)).toBe(eventLabel('copy', runTwo));
    expect(eventLabel('copy', object)).toBe('copy:ingest/incoming/a.csv@0123abcd');
    // Another content of the key, or another function, is another event.
    expect(eventLabel('copy', { ...object, eTag: '"9999"' })).not.toBe(eventLabel('copy', object));
    expect(eventLabel('etl', object)).not.toBe(eventLabel('copy', object));

    const labels = Array.from({ length: 1000 }, (_, i) => eventLabel('copy', { ...object, key: `k/${i}` }));
    expect(planOf(new Chaos('s1', DEFAULT_CHAOS_RATES), labels)).toBe(
      planOf(new Chaos('s1', DEFAULT_CHAOS_RATES), [...labels]),
    );
    expect(planOf(new Chaos('s2', DEFAULT_CHAOS_RATES), labels)).not.toBe(
      planOf(new Chaos('s1', DEFAULT_CHAOS_RATES), labels),
    );
  });

  it('draws each rate at about its share', () => {
    const chaos = new Chaos('rates', { ...DEFAULT_CHAOS_RATES, fault: 0.1 });
    const attempts = Array.from({ length: 20_000 }, (_, i) => chaos.attempt(`d${i}`, 0));
    const faulted = attempts.filter((a) => a.transientFault).length / attempts.length;
    const crashed = attempts.filter((a) => a.crashAfterMs !== undefined);
    expect(faulted).toBeCloseTo(0.1, 1);
    expect(crashed.length / attempts.length).toBeCloseTo(0.02, 1);
    // Crashes land early enough to hit even the fastest invocation.
    expect(Math.max(...crashed.map((a) => a.crashAfterMs ?? 0))).toBeLessThanOrEqual(25);
  });
});

describe('chaos removals', () => {
  const keys = Array.from({ length: 4000 }, (_, i) => `ingest/uploads/${i}.jpg`);

  it('deletes the same keys the same way for a seed, and other keys for another seed', () => {
    const plans = (seed: string): string =>
      JSON.stringify(keys.map((k) => new Chaos(seed, DEFAULT_CHAOS_RATES).removal(k)));
    expect(plans('s1')).toBe(plans('s1'));
    expect(plans('s2')).not.toBe(plans('s1'));
  });

  it('deletes about its share of keys, uploads about its share of those again, and never deletes a version of a key uploaded twice', () => {
    const chaos = new Chaos('removals', DEFAULT_CHAOS_RATES);
    const removed = keys.filter((k) => chaos.removal(k).remove);
    expect(removed.length / keys.length).toBeCloseTo(DEFAULT_CHAOS_RATES.remove, 1);
    const restored = removed.filter((k) => chaos.removal(k).restore);
    expect(restored.length / removed.length).toBeGreaterThan(DEFAULT_CHAOS_RATES.restore - 0.15);
    expect(restored.length / removed.length).toBeLessThan(DEFAULT_CHAOS_RATES.restore + 0.15);
    const hows = new Set(removed.map((k) => chaos.removal(k).how));
    expect(hows).toEqual(new Set(['delete-marker', 'delete-version']));
    for (const k of removed.filter((key) => chaos.input(key).reupload))
      expect(chaos.removal(k).how).toBe('delete-marker');
  });

  it('keeps every key without chaos', () => {
    expect(CALM.removal().remove).toBe(false);
    expect(new Chaos('none', { ...DEFAULT_CHAOS_RATES, remove: 0 }).removal(keys[0]!).remove).toBe(false);
  });
});

describe("a run's removal steps", () => {
  const version = {
    bucket: 'ingest',
    key: 'uploads/a.jpg',
    versionId: 'v1',
    eTag: '"e"',
    size: 1,
    eventName: 'ObjectCreated:Put' as const,
  };

  it('gives a removal, then (when planned) an upload again, each once, and nothing for a key never uploaded', () => {
    const plan = { remove: true, how: 'delete-version' as const, restore: true };
    const removals = new Removals({ removal: () => plan });
    expect(removals.next('ingest', 'uploads/a.jpg')).toBeUndefined();
    removals.uploaded(version);
    expect(removals.next('ingest', 'uploads/a.jpg')).toEqual({
      action: 'remove',
      version,
      how: 'delete-version',
    });
    expect(removals.next('ingest', 'uploads/a.jpg')).toEqual({ action: 'restore' });
    expect(removals.next('ingest', 'uploads/a.jpg')).toBeUndefined();
    expect([removals.removed, removals.restored]).toEqual([1, 1]);
  });

  it('stops after the removal when no upload again is planned', () => {
    const removals = new Removals({
      removal: () => ({ remove: true, how: 'delete-marker', restore: false }),
    });
    removals.uploaded(version);
    expect(removals.next('ingest', 'uploads/a.jpg')?.action).toBe('remove');
    expect(removals.next('ingest', 'uploads/a.jpg')).toBeUndefined();
  });
});
