/**
 * X-Ray through Powertools Tracer: one `## <pipeline>` subsegment per invocation (cold start and
 * service annotated, an error kept as metadata), and every AWS SDK v3 client among the pipeline's
 * clients captured, so each call (S3 GetObject, PutObject, ...) is a subsegment of its own named
 * after the service with its operation. Tracing is on where Lambda runs the function
 * (`AWS_EXECUTION_ENV`) and off elsewhere or with `POWERTOOLS_TRACE_ENABLED=false` (Powertools' rules).
 */
import { getXRayTraceIdFromEnv } from '@aws-lambda-powertools/commons/utils/env';
import { Tracer } from '@aws-lambda-powertools/tracer';
import { oneOf, optionalString, type Env } from './env.js';

export { Tracer };

/** The X-Ray SDK's answers to a call made without a segment (`AWS_XRAY_CONTEXT_MISSING`). */
const CONTEXT_MISSING_STRATEGIES = ['IGNORE_ERROR', 'LOG_ERROR', 'RUNTIME_ERROR'] as const;

/**
 * The pipeline's tracer; its service is `POWERTOOLS_SERVICE_NAME`, else the pipeline's name (as the logger's).
 *
 * @example const tracer = createTracer('copy'); // definePipeline does this at cold start
 */
export function createTracer(pipelineName: string, env: Env = process.env): Tracer {
  const tracer = new Tracer({ serviceName: optionalString('POWERTOOLS_SERVICE_NAME', pipelineName, env) });
  // An invocation without trace data (the local cloud; on Lambda active tracing always gives some) is not
  // traced, silently. Powertools means to set AWS_XRAY_CONTEXT_MISSING=IGNORE_ERROR when it is unset, but its
  // ES module build (what the zips bundle) sets it after the X-Ray SDK has read it, which leaves LOG_ERROR:
  // one "Missing AWS Lambda trace data" stack per SDK call. Apply the variable's value, as both intend.
  if (tracer.isTracingEnabled())
    tracer.provider.setContextMissingStrategy(
      oneOf('AWS_XRAY_CONTEXT_MISSING', CONTEXT_MISSING_STRATEGIES, 'IGNORE_ERROR', env),
    );
  return tracer;
}

interface SdkClient {
  readonly middlewareStack: object;
  readonly send: (...args: never[]) => unknown;
}

function isSdkClient(value: unknown): value is SdkClient {
  return (
    typeof value === 'object' &&
    value !== null &&
    'middlewareStack' in value &&
    typeof (value as { send?: unknown }).send === 'function'
  );
}

/**
 * Captures every AWS SDK v3 client held by `clients` (its own properties); returns how many.
 *
 * @example captureClients(tracer, { s3 }); // each S3 call is now an `S3` subsegment with its operation
 */
export function captureClients(tracer: Tracer, clients: object): number {
  const sdkClients = Object.values(clients).filter(isSdkClient);
  for (const client of sdkClients) tracer.captureAWSv3Client(client);
  return sdkClients.length;
}

/**
 * Runs one invocation inside a `## <name>` subsegment of the invocation's segment, and puts the
 * segment back afterwards. Without tracing, trace data or a segment, it just runs `work`.
 *
 * @example return traceInvocation(tracer, 'copy', () => handleEvent(event, context));
 */
export async function traceInvocation<T>(tracer: Tracer, name: string, work: () => Promise<T>): Promise<T> {
  // No trace data (an invocation outside Lambda's tracing, e.g. the local cloud): the X-Ray SDK would log
  // "Missing AWS Lambda trace data" on every call, and there is no trace to add to.
  if (!tracer.isTracingEnabled() || getXRayTraceIdFromEnv() === undefined) return work();
  const segment = tracer.getSegment();
  if (segment === undefined) return work();
  const subsegment = segment.addNewSubsegment(`## ${name}`);
  tracer.setSegment(subsegment);
  tracer.annotateColdStart();
  tracer.addServiceNameAnnotation();
  try {
    return await work();
  } catch (error) {
    tracer.addErrorAsMetadata(error as Error);
    throw error;
  } finally {
    subsegment.close();
    tracer.setSegment(segment);
  }
}
