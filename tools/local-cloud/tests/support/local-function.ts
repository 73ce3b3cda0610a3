/**
 * A function deployed the way the runner sees one (a LocalFunction in a Deployment), from code
 * unpacked on disk, so tests run it through the runner's own warm environments (FunctionRuntime).
 */
import type { Deployment, LocalFunction } from '../../src/deploy/deployment.js';

export interface LocalFunctionSpec {
  readonly pipeline: string;
  readonly name: string;
  readonly codeDir: string;
  readonly memoryMb: number;
  readonly timeoutSeconds: number;
  readonly environment?: Readonly<Record<string, string>>;
}

export function localFunction(spec: LocalFunctionSpec): LocalFunction {
  return {
    pipeline: spec.pipeline,
    artifactPath: `${spec.codeDir}.zip`,
    codeSha256: 'not-checked-in-tests',
    roleArn: undefined,
    reservedConcurrency: 1,
    fn: {
      name: spec.name,
      arn: `arn:aws:lambda:us-east-1:123456789012:function:${spec.name}`,
      handler: 'index.handler',
      codeDir: spec.codeDir,
      memoryMb: spec.memoryMb,
      timeoutSeconds: spec.timeoutSeconds,
      environment: spec.environment ?? {},
      region: 'us-east-1',
    },
    asyncConfig: { maximumRetryAttempts: 0, maximumEventAgeSeconds: 60, onFailureDestination: undefined },
  };
}

/** A deployment holding just these functions (no triggers: tests invoke them directly). */
export function deploymentOf(...functions: LocalFunction[]): Deployment {
  return { buckets: [], triggers: [], functions: new Map(functions.map((f) => [f.fn.arn, f])) };
}
