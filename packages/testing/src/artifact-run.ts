import { invokeFunction, jsonLogLines, type InvocationResult } from '@pipeline/cloud-emulator';
import { emulatorEndpoint } from './clients.js';

/** One invocation of an unpacked artifact, shaped for assertions. */
export interface ArtifactRun {
  /** What the handler returned, when it returned. */
  readonly summary?: unknown;
  /** What it threw (at cold start or in the handler), when it threw. */
  readonly error?: {
    readonly name: string;
    readonly message: string;
    readonly code?: string;
    readonly failures?: readonly (string | undefined)[];
  };
  /** Its JSON log lines, parsed; other output lines are left out. */
  readonly logs: readonly Record<string, unknown>[];
  readonly requireMs?: number;
  /** Paths of the native addons (`.node`) it loaded. */
  readonly nativeModules: readonly string[];
  readonly raw: InvocationResult;
}

export interface ArtifactRunOptions {
  readonly functionName?: string;
  readonly memoryMb?: number;
  readonly timeoutSeconds?: number;
}

/**
 * Invokes the handler (`index.handler`) of an artifact unzipped in `codeDir`, in a fresh Node process
 * with Lambda's environment plus `environment` and the emulator endpoint: what ships is what is tested.
 *
 * @example const run = await invokeArtifact(dir, s3Event([{ bucket, key }]), { DESTINATION_BUCKET: out });
 */
export async function invokeArtifact(
  codeDir: string,
  event: unknown,
  environment: Readonly<Record<string, string>>,
  options: ArtifactRunOptions = {},
): Promise<ArtifactRun> {
  const name = options.functionName ?? 'artifact-under-test';
  const region = process.env.AWS_REGION ?? 'us-east-1';
  const raw = await invokeFunction(
    {
      name,
      arn: `arn:aws:lambda:${region}:123456789012:function:${name}`,
      handler: 'index.handler',
      codeDir,
      memoryMb: options.memoryMb ?? 1024,
      timeoutSeconds: options.timeoutSeconds ?? 60,
      environment,
      region,
    },
    event,
    { endpoint: emulatorEndpoint() },
  );
  const common = {
    logs: jsonLogLines(raw.logs),
    requireMs: raw.requireMs,
    nativeModules: raw.nativeModules ?? [],
    raw,
  };
  if (raw.ok) return { ...common, summary: raw.result };
  return {
    ...common,
    error: {
      name: raw.errorType,
      message: raw.errorMessage,
      code: raw.errorCode,
      failures: raw.failureCodes,
    },
  };
}
