/**
 * Each input is checked against S3 (verify.ts) as soon as nothing more can happen to its key: its
 * uploads (a second one under chaos included) and every delivery they caused have ended. The checks
 * then overlap the run instead of following it (at 10,000 inputs they are about a third of all S3
 * requests). A key whose deliveries never all end (a timeout) is checked at the end, as it stands.
 */
import type { S3Client } from '@aws-sdk/client-s3';
import type { DeliveryResult } from '../run/event-delivery.js';
import { Slots } from '../run/slots.js';
import { verifyInput, type InputVerdict, type Removal } from './verify.js';

/** An input as the run planned it: one key, as one pipeline takes it. */
export interface VerdictInput {
  readonly bucket: string;
  readonly key: string;
  readonly pipeline: string;
}

const idOf = (bucket: string, key: string): string => `${bucket}\u0000${key}`;

export class Verdicts {
  private readonly inputs = new Map<string, VerdictInput>();
  private readonly open = new Map<string, number>();
  private readonly results = new Map<string, DeliveryResult[]>();
  private readonly checked = new Map<string, Promise<InputVerdict>>();
  private readonly removals = new Map<string, Removal>();
  private readonly slots: Slots;

  /**
   * `settled` is told when nothing more is under way for a key; it answers true when it has started
   * something more for it (a removal, an upload after one, each opened here first), so the key is
   * checked only once that has ended too.
   */
  constructor(
    private readonly s3: S3Client,
    inputs: readonly VerdictInput[],
    concurrency = 4,
    private readonly settled: (bucket: string, key: string) => boolean = () => false,
  ) {
    for (const input of inputs) this.inputs.set(idOf(input.bucket, input.key), input);
    this.slots = new Slots(concurrency);
  }

  /** `count` more things under way for the key (an upload starting, the deliveries it caused). */
  opened(bucket: string, key: string, count = 1): void {
    const id = idOf(bucket, key);
    this.open.set(id, (this.open.get(id) ?? 0) + count);
  }

  /** One of them ended; when none is left, the key is checked. */
  closed(bucket: string, key: string): void {
    const id = idOf(bucket, key);
    const left = (this.open.get(id) ?? 0) - 1;
    if (left > 0) {
      this.open.set(id, left);
      return;
    }
    this.open.delete(id);
    const input = this.inputs.get(id);
    if (input !== undefined && !this.checked.has(id) && this.settled(bucket, key)) return;
    if (input !== undefined && !this.checked.has(id)) this.checked.set(id, this.check(id, input));
  }

  /** A delivery ended: its result counts for its key, and closes one delivery of it. */
  delivered(result: DeliveryResult): void {
    const id = idOf(result.bucket, result.key);
    const results = this.results.get(id) ?? [];
    results.push(result);
    this.results.set(id, results);
    this.closed(result.bucket, result.key);
  }

  /** The run deleted the key: what it removed, and the event S3 sent (the check judges the key by it). */
  removed(removal: Removal): void {
    this.removals.set(idOf(removal.event.bucket, removal.event.key), removal);
  }

  /** Inputs checked so far (the progress line). */
  get done(): number {
    return this.checked.size;
  }

  /** Every input's verdict, in the order given; those not yet checked are checked now. */
  async all(): Promise<InputVerdict[]> {
    return Promise.all(
      [...this.inputs].map(([id, input]) => {
        let verdict = this.checked.get(id);
        if (verdict === undefined) {
          verdict = this.check(id, input);
          this.checked.set(id, verdict);
        }
        return verdict;
      }),
    );
  }

  private check(id: string, input: VerdictInput): Promise<InputVerdict> {
    const verdict = this.slots.run(() =>
      verifyInput(this.s3, input, this.results.get(id) ?? [], this.removals.get(id)),
    );
    // Awaited by all(); until then a failed check must not count as an unhandled rejection.
    verdict.catch(() => undefined);
    return verdict;
  }
}
