/**
 * Each deployed function's shape as the cost model prices it: memory and timeout as deployed (the
 * runner read them back from the Lambda API), and its architecture (GetFunctionConfiguration).
 */
import { GetFunctionConfigurationCommand, type LambdaClient } from '@aws-sdk/client-lambda';
import type { Deployment } from '../deploy/deployment.js';
import type { PricedFunction } from './cost-report.js';

export async function deployedFunctions(
  deployment: Deployment,
  lambda: LambdaClient,
): Promise<PricedFunction[]> {
  const priced: PricedFunction[] = [];
  for (const fn of deployment.functions.values()) {
    const config = await lambda.send(new GetFunctionConfigurationCommand({ FunctionName: fn.fn.name }));
    priced.push({
      pipeline: fn.pipeline,
      functionName: fn.fn.name,
      shape: {
        memoryMb: fn.fn.memoryMb,
        timeoutSeconds: fn.fn.timeoutSeconds,
        // Lambda's default when the API names none.
        architecture: config.Architectures?.[0] === 'arm64' ? 'arm64' : 'x86_64',
      },
    });
  }
  return priced;
}
