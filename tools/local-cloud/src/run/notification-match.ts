/** A Lambda trigger as S3 stores it in the bucket's notification configuration. */
export interface LambdaTrigger {
  readonly bucket: string;
  readonly functionArn: string;
  /** e.g. `s3:ObjectCreated:*` or `s3:ObjectCreated:Put`. */
  readonly events: readonly string[];
  readonly prefix: string;
  readonly suffix: string;
}

/**
 * S3's matching rules: the event name matches a configured event exactly or through its `*` wildcard,
 * and the key starts with the prefix and ends with the suffix (case-sensitive, on the decoded key).
 */
export function triggerMatches(
  trigger: LambdaTrigger,
  bucket: string,
  key: string,
  eventName: string,
): boolean {
  if (trigger.bucket !== bucket) return false;
  if (!key.startsWith(trigger.prefix) || !key.endsWith(trigger.suffix)) return false;
  const qualified = `s3:${eventName}`;
  return trigger.events.some((configured) =>
    configured.endsWith(':*') ? qualified.startsWith(configured.slice(0, -1)) : configured === qualified,
  );
}

/** Every trigger a new object fires (S3 refuses overlapping configurations, so at most one per function). */
export function matchingTriggers(
  triggers: readonly LambdaTrigger[],
  bucket: string,
  key: string,
  eventName: string,
): LambdaTrigger[] {
  return triggers.filter((trigger) => triggerMatches(trigger, bucket, key, eventName));
}
