/**
 * Each input's catalog item, checked against the run's verdict on it (verify.ts): the item of the key
 * and pipeline must describe the key's current version, with the same outcome and the same outputs.
 * Read after the run with one consistent Scan of the local table, page by page: a run checks every key
 * it made, and moto 5.2.1 answers each Query by walking the whole table, so one Query per key made the
 * check of a 10,000-input soak quadratic (over 12 minutes at 18,000 inputs). Only a summary of each
 * item is kept, so 10,000 inputs hold 10,000 small records, not their items.
 */
import { paginateScan, type DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { catalogSourceUri, unquotedETag, type CatalogItem } from '@pipeline/lambda-kit';
import { catalogItemOfAttributes } from '../catalog/catalog-items.js';
import { writeUnits } from '../cost/catalog-units.js';
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

const itemId = (pipeline: string, sourceUri: string): string => `${pipeline}\u0000${sourceUri}`;

/** A verdict with its item's summary and whatever differs between them. */
function checkedAgainst(verdict: InputVerdict, item: CatalogItem | undefined): InputVerdict {
  return {
    ...verdict,
    ...(item === undefined ? {} : { catalog: summary(item) }),
    problems: [...verdict.problems, ...catalogProblems(verdict, item)],
  };
}

/**
 * Every verdict with its item's summary and whatever differs, from one consistent Scan of `tableName`
 * (`pageSize` items a page); items of keys outside `verdicts` (another run's) are passed over.
 */
export async function checkCatalog(
  dynamodb: DynamoDBClient,
  tableName: string,
  verdicts: readonly InputVerdict[],
  pageSize = 1000,
): Promise<InputVerdict[]> {
  const wanted = new Map<string, InputVerdict[]>();
  for (const v of verdicts) {
    const id = itemId(v.pipeline, catalogSourceUri(v.bucket, v.key));
    const group = wanted.get(id);
    if (group === undefined) wanted.set(id, [v]);
    else group.push(v);
  }
  const checked = new Map<InputVerdict, InputVerdict>();
  if (wanted.size > 0)
    for await (const page of paginateScan(
      { client: dynamodb, pageSize },
      { TableName: tableName, ConsistentRead: true },
    ))
      for (const raw of page.Items ?? []) {
        const item = catalogItemOfAttributes(raw);
        if (item === undefined) continue;
        for (const v of wanted.get(itemId(item.pipeline, item.sourceUri)) ?? [])
          checked.set(v, checkedAgainst(v, item));
      }
  return verdicts.map((v) => checked.get(v) ?? checkedAgainst(v, undefined));
}
