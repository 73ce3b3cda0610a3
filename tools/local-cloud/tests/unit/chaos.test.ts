import { Chaos, DEFAULT_CHAOS_RATES, eventLabel } from '../../src/run/chaos.js';

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
