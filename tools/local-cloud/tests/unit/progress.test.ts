/** The progress line: what it says, and where it goes whatever goes to stdout. */
import { progressLine, startProgress, type ProgressCounts } from '../../src/run/progress.js';

const COUNTS: ProgressCounts = {
  byOutcome: { written: 30, rejected: 2 },
  ended: 32,
  expected: 64,
  invocations: 40,
};

describe('progress', () => {
  it('says what is done, by outcome, the rate and the time left', () => {
    expect(progressLine(COUNTS, 8_000)).toBe(
      '32/64 events (30 written, 2 rejected), 5.0 invocations/s, about 8 s left',
    );
  });

  it('draws a last plain line when stopped, however short the run, where stderr is not a terminal', () => {
    const written: string[] = [];
    const ticker = startProgress({ isTTY: false, write: (text) => void written.push(text) }, () => COUNTS, {
      quiet: false,
    });
    ticker.stop();
    expect(written).toEqual([expect.stringMatching(/^ {2}32\/64 events \(30 written, 2 rejected\), .*\n$/)]);
  });

  it('finishes the line it redraws in place on a terminal', () => {
    const written: string[] = [];
    startProgress({ isTTY: true, write: (text) => void written.push(text) }, () => COUNTS, {
      quiet: false,
    }).stop();
    expect(written).toHaveLength(2);
    expect(written[0]?.startsWith('\r\u001b[2K32/64 events')).toBe(true);
    expect(written[1]).toBe('\n');
  });

  it('prints nothing when quiet', () => {
    const written: string[] = [];
    startProgress({ isTTY: false, write: (text) => void written.push(text) }, () => COUNTS, {
      quiet: true,
    }).stop();
    expect(written).toEqual([]);
  });
});
