/**
 * The query side of an environment: the Glue database with every pipeline's declared tables, the
 * Athena workgroup, and the analysts' read-only policy. Pipelines with a catalog (their module's
 * `catalog`) are found through the registry; the grant that lets such a function keep its tables
 * comes from here too.
 */
import type { DataAwsIamPolicyDocument } from '@cdktf/provider-aws/lib/data-aws-iam-policy-document/index.js';
import type { Construct } from 'constructs';
import type { EnvironmentConfig, S3Location } from '../config/index.js';
import { athenaWorkgroupNameOf, glueDatabaseNameOf } from '../config/names.js';
import { queryResultsLocation } from '../config/query-checks.js';
import { CuratedCatalog } from '../constructs/curated-catalog.js';
import type { PolicyStatement } from '../constructs/policy-document.js';
import { queryPolicyDocument } from '../constructs/query-policy.js';
import { QueryWorkgroup } from '../constructs/query-workgroup.js';
import type { Pipeline } from '../pipelines/kit/define.js';
import { requireLocation } from '../pipelines/kit/locations.js';
import { requireConfigOf, type PipelineRegistry } from '../pipelines/registry.js';
import type { BucketsByRole } from './pipeline-wiring.js';

/** `terraform output -json query`: what an analyst or `pnpm query` needs to query the curated datasets. */
export interface QueryOutputs {
  readonly glue_database: string;
  readonly athena_workgroup: string;
  /** `s3://<processed bucket>/<results prefix>/`. */
  readonly results_location: string;
  /** The read-only query policy (IAM JSON) for analysts' roles. */
  readonly policy_json: string;
}

/** Glue actions a function that keeps its tables calls (lambda-kit's Glue client, apps/etl's catalog). */
const KEEP_TABLES = ['glue:GetTable', 'glue:CreateTable', 'glue:UpdateTable'] as const;

export class QueryCatalog {
  readonly catalog: CuratedCatalog;
  readonly workgroup: QueryWorkgroup;
  readonly policy: DataAwsIamPolicyDocument;

  constructor(
    scope: Construct,
    config: EnvironmentConfig,
    registry: PipelineRegistry,
    buckets: BucketsByRole,
    accountId: string,
  ) {
    const cataloged = (registry as readonly Pipeline[]).flatMap((pipeline) => {
      const settings = requireConfigOf(config.pipelines, pipeline);
      return pipeline.glue === undefined
        ? []
        : [
            {
              location: requireLocation(pipeline, settings, pipeline.glue.output),
              tables: pipeline.glue.tables(settings),
            },
          ];
    });
    const folderUrl = (location: S3Location, folder: string) =>
      `s3://${buckets[location.bucket].bucket.bucket}/${location.prefix}/${folder}/`;
    this.catalog = new CuratedCatalog(scope, 'curated-catalog', {
      databaseName: glueDatabaseNameOf(config.namePrefix),
      region: config.region,
      accountId,
      partitionsFrom: config.query.partitionsFrom,
      tables: cataloged.flatMap(({ location, tables }) =>
        tables.map((table) => ({ ...table, location: folderUrl(location, table.folder) })),
      ),
    });
    const results = queryResultsLocation(config);
    this.workgroup = new QueryWorkgroup(scope, 'athena', {
      workgroupName: athenaWorkgroupNameOf(config.namePrefix),
      resultsBucket: buckets[results.bucket],
      resultsPrefix: results.prefix,
      bytesScannedCutoffPerQuery: config.query.bytesScannedCutoffPerQuery,
      forceDestroy: config.forceDestroyBuckets,
      tags: config.tags,
    });
    this.policy = queryPolicyDocument(scope, 'query-policy-document', {
      workgroupArn: this.workgroup.workgroup.arn,
      catalogArns: this.catalogArns(),
      curated: cataloged.map((c) => c.location),
      results,
      buckets,
    });
  }

  /** The catalog, the database and its tables: Glue authorizes a table call on all three. */
  private catalogArns(): string[] {
    return [this.catalog.catalogArn, this.catalog.databaseArn, this.catalog.tablesArn];
  }

  /** The statement that lets `pipeline`'s function keep its tables, when it has a catalog. */
  grantsFor(pipeline: Pipeline): PolicyStatement[] {
    if (pipeline.glue === undefined) return [];
    return [{ sid: 'KeepCatalogTables', actions: [...KEEP_TABLES], resources: this.catalogArns() }];
  }

  outputs(): QueryOutputs {
    return {
      glue_database: this.catalog.database.name,
      athena_workgroup: this.workgroup.workgroup.name,
      results_location: this.workgroup.resultsLocation,
      policy_json: this.policy.json,
    };
  }
}
