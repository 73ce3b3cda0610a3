import { readdir } from 'node:fs/promises';
import { join, posix, relative, sep } from 'node:path';
import type { Deployment, LocalFunction } from './deployment.js';
import type { LambdaTrigger } from './notification-match.js';

export type PipelineKind = 'copy' | 'resize' | 'etl';

/** One file to upload, and where. */
export interface PlannedUpload {
  readonly file: string;
  readonly bucket: string;
  readonly key: string;
  readonly pipeline: PipelineKind;
}

const IMAGE = /\.(jpe?g|png|webp|avif|gif|tiff?)$/i;
const CSV = /\.csv(\.gz)?$/i;

/** Every regular file below `dir`, as POSIX paths relative to it, sorted. */
export async function listFiles(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  return entries
    .filter((e) => e.isFile())
    .map((e) => relative(dir, join(e.parentPath, e.name)).split(sep).join('/'))
    .sort();
}

interface DatasetPrefix {
  readonly name: string;
  readonly prefix: string;
  readonly hasSchema: boolean;
}

/** The etl datasets as deployed (its DATASETS variable), each with the key prefix that selects it. */
export function deployedDatasets(fn: LocalFunction, trigger: LambdaTrigger): DatasetPrefix[] {
  const raw = fn.fn.environment.DATASETS;
  if (raw === undefined) return [];
  const parsed: unknown = JSON.parse(raw);
  const list = Array.isArray(parsed)
    ? parsed
    : typeof parsed === 'object' && parsed !== null
      ? Object.values(parsed)
      : [];
  return list.flatMap((item: unknown): DatasetPrefix[] => {
    if (typeof item !== 'object' || item === null) return [];
    const d = item as Record<string, unknown>;
    const name = String(d.name ?? d.dataset ?? '');
    if (name === '') return [];
    const given =
      typeof d.prefix === 'string' ? d.prefix : typeof d.keyPrefix === 'string' ? d.keyPrefix : undefined;
    const prefix =
      given === undefined
        ? `${trigger.prefix}${name}/`
        : given.startsWith(trigger.prefix)
          ? given
          : posix.join(trigger.prefix, given);
    const hasSchema = d.schema !== undefined || d.columns !== undefined;
    return [{ name, prefix: prefix.endsWith('/') ? prefix : `${prefix}/`, hasSchema }];
  });
}

/**
 * Where each file goes, from the deployed triggers: images to resize, CSV (and CSV.gz) to etl (the
 * dataset named by the file's first folder, else the first schema-less one), everything to copy.
 */
export function planUploads(files: readonly string[], dir: string, deployment: Deployment): PlannedUpload[] {
  const byKind = new Map<PipelineKind, { trigger: LambdaTrigger; fn: LocalFunction }>();
  for (const trigger of deployment.triggers) {
    const fn = deployment.functions.get(trigger.functionArn);
    const kind = fn?.pipeline as PipelineKind | undefined;
    if (fn !== undefined && kind !== undefined && !byKind.has(kind)) byKind.set(kind, { trigger, fn });
  }
  const plan: PlannedUpload[] = [];
  for (const file of files) {
    const path = join(dir, ...file.split('/'));
    const copy = byKind.get('copy');
    if (copy !== undefined && file.endsWith(copy.trigger.suffix))
      plan.push({
        file: path,
        bucket: copy.trigger.bucket,
        key: `${copy.trigger.prefix}${file}`,
        pipeline: 'copy',
      });
    const resize = byKind.get('resize');
    if (resize !== undefined && IMAGE.test(file))
      plan.push({
        file: path,
        bucket: resize.trigger.bucket,
        key: `${resize.trigger.prefix}${file}`,
        pipeline: 'resize',
      });
    const etl = byKind.get('etl');
    if (etl !== undefined && CSV.test(file)) {
      const datasets = deployedDatasets(etl.fn, etl.trigger);
      const folder = file.includes('/') ? file.slice(0, file.indexOf('/')) : '';
      const dataset =
        datasets.find((d) => d.name === folder) ?? datasets.find((d) => !d.hasSchema) ?? datasets[0];
      const prefix = dataset?.prefix ?? etl.trigger.prefix;
      plan.push({
        file: path,
        bucket: etl.trigger.bucket,
        key: `${prefix}${posix.basename(file)}`,
        pipeline: 'etl',
      });
    }
  }
  return plan;
}
