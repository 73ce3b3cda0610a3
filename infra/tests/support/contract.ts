/**
 * The variables a pipeline's function must carry: the runtime's (NODE_OPTIONS), the ones every app reads, plus its module's
 * environment contract (src/pipelines/<name>.ts). tests/unit/pipelines.test.ts pins each built-in
 * module's contract to what its app reads.
 */
import type { EnvironmentConfig } from '../../src/config/index.js';
import type { Pipeline, PipelineModuleContext } from '../../src/pipelines/kit/define.js';
import { COMMON_VARIABLES, RUNTIME_VARIABLES } from '../../src/pipelines/kit/environment.js';
import { requireConfigOf } from '../../src/pipelines/registry.js';

/** The names only: values that are terraform references are checked by the suites that read them. */
export function contractVariables(pipeline: Pipeline, environment: EnvironmentConfig): string[] {
  const context: PipelineModuleContext = {
    functionName: `${environment.namePrefix}-${pipeline.name}`,
    environmentName: environment.name,
    logLevel: environment.logLevel,
    bucketName: (bucket) => bucket,
    kmsKeyArn: () => environment.bucketKmsKeyArn,
    glue: { database: 'curated', partitionsFrom: environment.query.partitionsFrom },
    catalogTableName: `${environment.namePrefix}-catalog`,
  };
  const own = pipeline.environment(requireConfigOf(environment.pipelines, pipeline), context);
  return [...Object.keys(RUNTIME_VARIABLES), ...COMMON_VARIABLES, ...Object.keys(own)];
}
