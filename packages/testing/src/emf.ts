/**
 * Reads CloudWatch embedded-metric-format lines (what Powertools Metrics prints) back, so tests
 * can assert on the metrics a real handler run published.
 */

/** One EMF line: its namespace, dimensions and metric values. */
export interface EmfBlob {
  readonly namespace: string;
  readonly dimensions: Readonly<Record<string, string>>;
  /** Metric name -> the values in this line (EMF allows an array per name). */
  readonly values: Readonly<Record<string, readonly number[]>>;
}

interface EmfDirective {
  readonly Namespace: string;
  readonly Dimensions: readonly (readonly string[])[];
  readonly Metrics: readonly { readonly Name: string }[];
}

function parse(line: unknown): Record<string, unknown> | undefined {
  if (typeof line === 'object' && line !== null) return line as Record<string, unknown>;
  if (typeof line !== 'string' || !line.startsWith('{')) return undefined;
  try {
    return JSON.parse(line) as Record<string, unknown>;
  } catch {
    return undefined;
  }
}

/**
 * Every EMF blob among log lines (raw or parsed), in order.
 *
 * @example const [blob] = emfBlobs(run.logs); blob.values['ObjectsWritten'] // [1]
 */
export function emfBlobs(lines: readonly unknown[]): EmfBlob[] {
  return lines.flatMap((line): EmfBlob[] => {
    const record = parse(line);
    const aws = record?.['_aws'] as { CloudWatchMetrics?: readonly EmfDirective[] } | undefined;
    const directive = aws?.CloudWatchMetrics?.[0];
    if (record === undefined || directive === undefined) return [];
    const names = directive.Dimensions.flat();
    const values: Record<string, readonly number[]> = {};
    for (const { Name } of directive.Metrics) {
      const value = record[Name];
      values[Name] = Array.isArray(value) ? (value as number[]) : [Number(value)];
    }
    const dimensions = Object.fromEntries(names.map((name) => [name, String(record[name])]));
    return [{ namespace: directive.Namespace, dimensions, values }];
  });
}

/** Each metric's values summed over every EMF line (what CloudWatch's Sum statistic shows). */
export function emfTotals(lines: readonly unknown[]): Record<string, number> {
  const totals: Record<string, number> = {};
  for (const blob of emfBlobs(lines))
    for (const [name, values] of Object.entries(blob.values))
      totals[name] = (totals[name] ?? 0) + values.reduce((sum, value) => sum + value, 0);
  return totals;
}
