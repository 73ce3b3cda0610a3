/**
 * Each input's catalog item, checked against the run's verdict on it (verify.ts): the item of the key
 * and pipeline must describe the key's current version, with the same outcome and the same outputs.
 * Read after the run with one consistent Query per key (never a Scan), a few at a time; only a summary
 * of each item is kept, so 10,000 inputs hold 10,000 small records, not their items.
 */
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { unquotedETag, type CatalogItem } from '@pipeline/lambda-kit';
import { catalogItems } from '../catalog/catalog-items.js';
import { writeUnits } from '../cost/catalog-units.js';
import { Slots } from '../run/slots.js';
import type { CatalogSummary, InputVerdict } from './verify.js';

/** Outcomes after which the skeleton may have written no item: a skip, or an attempt that died unrecorded. */
const ITEM_OPTIONAL = new Set<string>(['skipped', 'failed', 'missing']);

function sameVersion(item: CatalogItem, verdict: InputVerdict): boolean {
  if (item.source.versionId !== undefined || verdict.current.versionId !== undefined)
    return item.source.versionId === verdict.current.versionId;
  return unquotedETag(item.source.eTag ?? '') === unquotedETag(verdict.current.eTag);
}

const outputIds = (outputs: readonly { bucket: string; key: string }[]): string[] =>
  outputs.map((o) => `${o.bucket}/${o.key}`).sort();

/** What differs between a verdict and its item (nothing when they agree). */
export function catalogProblems(
  verdict: InputVerdict,
  item: CatalogItem | undefined,
): InputVerdict['problems'] {
  if (item === undefined)
    return ITEM_OPTIONAL.has(verdict.outcome)
      ? []
      : [{ check: 'catalog-missing', detail: `no ${verdict.pipeline} item in the catalog` }];
  if (verdict.outcome === 'missing' || verdict.outcome === 'skipped') return [];
  const problems: { check: 'catalog-version' | 'catalog-outcome' | 'catalog-outputs'; detail: string }[] = [];
  if (!sameVersion(item, verdict))
    problems.push({
      check: 'catalog-version',
      detail: `the item describes version ${item.source.versionId ?? item.source.eTag ?? '?'}, S3 holds ${verdict.current.versionId ?? verdict.current.eTag}`,
    });
  // A retry (or a duplicate event) that found the outputs in place records them as a duplicate.
  const duplicateOfWritten =
    verdict.outcome === 'written' && item.kind === 'skipped' && item.reason === 'duplicate';
  if (item.kind !== verdict.outcome && !duplicateOfWritten)
    problems.push({
      check: 'catalog-outcome',
      detail: `the item says ${item.kind}, the run ${verdict.outcome}`,
    });
  const listed = outputIds(item.outputs);
  const reported = outputIds(verdict.outputs);
  const agree =
    item.outputCount === reported.length &&
    (item.outputsTruncated === true
      ? listed.every((id) => reported.includes(id))
      : listed.join('\n') === reported.join('\n'));
  if (!agree)
    problems.push({
      check: 'catalog-outputs',
      detail: `the item lists ${item.outputCount} output(s), the run ${reported.length}`,
    });
  return problems;
}

function summary(item: CatalogItem): CatalogSummary {
  return {
    kind: item.kind,
    versionId: item.source.versionId,
    outputCount: item.outputCount,
    writeUnits: writeUnits(item),
  };
}

/** Every verdict with its item's summary and whatever differs, read `concurrency` keys at a time. */
export async function checkCatalog(
  dynamodb: DynamoDBClient,
  tableName: string,
  verdicts: readonly InputVerdict[],
  concurrency = 4,
): Promise<InputVerdict[]> {
  const slots = new Slots(concurrency);
  const byKey = new Map<string, InputVerdict[]>();
  for (const v of verdicts)
    byKey.set(`${v.bucket}/${v.key}`, [...(byKey.get(`${v.bucket}/${v.key}`) ?? []), v]);
  const checked = new Map<InputVerdict, InputVerdict>();
  await Promise.all(
    [...byKey.values()].map((group) =>
      slots.run(async () => {
        const items = await catalogItems(dynamodb, tableName, group[0] as InputVerdict);
        for (const v of group) {
          const item = items.find((i) => i.pipeline === v.pipeline);
          checked.set(v, {
            ...v,
            ...(item === undefined ? {} : { catalog: summary(item) }),
            problems: [...v.problems, ...catalogProblems(v, item)],
          });
        }
      }),
    ),
  );
  return verdicts.map((v) => checked.get(v) ?? v);
}
