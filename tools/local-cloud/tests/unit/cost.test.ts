import { budgetViolations } from '../../src/cost/budget.js';
import { modelledDurationMs, pipelineCost, vcpuShare, type InvocationMeasure } from '../../src/cost/model.js';
import { US_EAST_1_PRICES, withPrices } from '../../src/cost/prices.js';
import { rightSize } from '../../src/cost/right-size.js';

/** Raw measures as a warm worker reports them: wall and CPU time, peak RSS, requests and bytes. */
const copyLike: InvocationMeasure[] = [
  {
    pipeline: 'copy',
    input: 'in/a',
    wallMs: 200,
    cpuMs: 50,
    peakRssMb: 90,
    s3Requests: { HeadObject: 2, CopyObject: 1 },
    bytesWritten: 1024 ** 2,
  },
  {
    pipeline: 'copy',
    input: 'in/b',
    wallMs: 400,
    cpuMs: 100,
    peakRssMb: 110,
    s3Requests: { HeadObject: 2, CopyObject: 1 },
    bytesWritten: 3 * 1024 ** 2,
  },
];

describe('the cost model', () => {
  it('models duration as wait time plus CPU time over the vCPU share of the memory size', () => {
    expect(vcpuShare(1769)).toBe(1);
    expect(vcpuShare(3538)).toBe(2);
    // 512 MB is 512/1769 of a vCPU: 50 ms of CPU take 172.75 ms; plus 150 ms of waiting; billed up to the ms.
    expect(modelledDurationMs({ wallMs: 200, cpuMs: 50 }, 512)).toBe(Math.ceil(150 + 50 / (512 / 1769)));
    // Two threads' worth of CPU (cpu > wall) on two vCPUs: no wait, half the CPU time.
    expect(modelledDurationMs({ wallMs: 1000, cpuMs: 1900 }, 3538)).toBe(950);
  });

  it('prices a million inputs: requests, GB-seconds at the architecture rate, S3 requests and storage', () => {
    const cost = pipelineCost(
      copyLike,
      { memoryMb: 512, timeoutSeconds: 300, architecture: 'arm64' },
      US_EAST_1_PRICES,
    );
    // Recomputed from the raw measures, by hand:
    const durations = [Math.ceil(150 + 50 * (1769 / 512)), Math.ceil(300 + 100 * (1769 / 512))]; // 323, 646 ms
    const gbSeconds = ((durations[0]! + durations[1]!) / 2 / 1000) * 0.5;
    const lambda = 1e6 * (0.2 / 1e6 + gbSeconds * 0.0000133334);
    const s3Requests = 1e6 * ((2 * 0.0004) / 1000 + (1 * 0.005) / 1000); // two HEADs and one COPY per input
    expect(cost.gbSecondsPerInvocation).toBeCloseTo(gbSeconds, 12);
    expect(cost.perMillion.lambda).toBeCloseTo(lambda, 9);
    expect(cost.perMillion.s3Requests).toBeCloseTo(s3Requests, 9);
    expect(cost.perMillion.total).toBeCloseTo(lambda + s3Requests, 9);
    expect(cost.storagePerMillionPerMonth).toBeCloseTo(((1e6 * 2 * 1024 ** 2) / 1024 ** 3) * 0.023, 9);
    expect(cost.p99DurationMs).toBe(646);
    expect(cost.peakRssMb).toBe(110);
  });

  it('takes overridden prices', () => {
    const dear = withPrices({ lambda: { perGbSecond: { arm64: 1 } } });
    expect(dear.lambda.perGbSecond).toEqual({ x86_64: 0.0000166667, arm64: 1 });
    const cost = pipelineCost(copyLike, { memoryMb: 1024, timeoutSeconds: 60, architecture: 'arm64' }, dear);
    expect(cost.perMillion.lambda).toBeGreaterThan(1e5);
  });
});

describe('right-sizing', () => {
  it('picks the cheapest size that keeps peak memory and p99 duration under 80% of memory and timeout', () => {
    // CPU-bound: 2 s of CPU at 400 MB peak; timeout 10 s. Under 640 MB the memory margin fails
    // (400 >= 0.8 x 512); the smallest sizes that fit are slow but cheap per GB-second.
    const measures: InvocationMeasure[] = [
      {
        pipeline: 'etl',
        input: 'raw/x.csv',
        wallMs: 2100,
        cpuMs: 2000,
        peakRssMb: 420,
        s3Requests: {},
        bytesWritten: 0,
      },
    ];
    const shape = { memoryMb: 3538, timeoutSeconds: 10, architecture: 'arm64' as const };
    const pick = rightSize(measures, shape, US_EAST_1_PRICES);
    expect(pick.memoryMb).toBe(768); // 512: 420 MB is over 80%; 768: 100 + 2000 x 1769/768 = 4707 ms < 8 s
    expect(pick.p99DurationMs).toBe(Math.ceil(100 + 2000 / (768 / 1769)));
    expect(pick.reason).toMatch(/peak memory 420 MB is over 80% of 512 MB/);
    // With a 4 s timeout, 768 MB is too slow: the pick moves up to where the duration fits.
    const tight = rightSize(measures, { ...shape, timeoutSeconds: 4 }, US_EAST_1_PRICES);
    expect(tight.memoryMb).toBe(1536);
  });

  it('says so when no size fits', () => {
    const huge: InvocationMeasure[] = [
      { pipeline: 'x', input: 'k', wallMs: 10, cpuMs: 10, peakRssMb: 9000, s3Requests: {}, bytesWritten: 0 },
    ];
    expect(
      rightSize(huge, { memoryMb: 1024, timeoutSeconds: 3, architecture: 'x86_64' }, US_EAST_1_PRICES),
    ).toMatchObject({
      memoryMb: undefined,
      reason: expect.stringMatching(/over 80% of 10240 MB/),
    });
  });
});

describe('the budget gate', () => {
  it('names every invocation over 80% of the deployed memory or timeout, with its function and input', () => {
    const measures: InvocationMeasure[] = [
      {
        pipeline: 'resize',
        input: 'uploads/big.jpg',
        wallMs: 1000,
        cpuMs: 900,
        peakRssMb: 1300,
        s3Requests: {},
        bytesWritten: 0,
      },
      {
        pipeline: 'resize',
        input: 'uploads/ok.jpg',
        wallMs: 100,
        cpuMs: 90,
        peakRssMb: 300,
        s3Requests: {},
        bytesWritten: 0,
      },
      {
        pipeline: 'resize',
        input: 'uploads/slow.jpg',
        wallMs: 50_000,
        cpuMs: 100,
        peakRssMb: 300,
        s3Requests: {},
        bytesWritten: 0,
      },
    ];
    const violations = budgetViolations('pipeline-local-resize', measures, {
      memoryMb: 1536,
      timeoutSeconds: 60,
      architecture: 'x86_64',
    });
    expect(violations.map((v) => [v.input, v.what])).toEqual([
      ['uploads/big.jpg', 'memory'],
      ['uploads/slow.jpg', 'duration'],
    ]);
    expect(violations[0]?.message).toBe(
      'pipeline-local-resize on uploads/big.jpg: peak memory 1300 MB is over 80% of its 1536 MB',
    );
  });

  it("leaves the wait for this machine's CPUs out of the modelled duration: a busy machine is not a slow function", () => {
    const shape = { memoryMb: 1536, timeoutSeconds: 60, architecture: 'x86_64' as const };
    const busy: InvocationMeasure = {
      pipeline: 'resize',
      input: 'uploads/busy.jpg',
      wallMs: 50_000,
      cpuMs: 100,
      queuedMs: 49_800,
      peakRssMb: 300,
      s3Requests: {},
      bytesWritten: 0,
    };
    expect(budgetViolations('pipeline-local-resize', [busy], shape)).toEqual([]);
    // The same wall time without the queue wait is I/O wait, and over budget.
    const { queuedMs: _queued, ...waiting } = busy;
    expect(budgetViolations('pipeline-local-resize', [waiting], shape).map((v) => v.what)).toEqual([
      'duration',
    ]);
  });
});
