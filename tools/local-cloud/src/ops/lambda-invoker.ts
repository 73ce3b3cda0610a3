/**
 * The AWS side: `lambda:InvokeFunction` with the caller's identity (the deploying role), as
 * RequestResponse for redrive and as Event (asynchronous, like S3's own notifications) for reprocess.
 */
import { InvokeCommand, type LambdaClient } from '@aws-sdk/client-lambda';
import type { DeliveryAnswer, EventDeliverer, FunctionInvoker, InvokeAnswer } from './invoker.js';

function decoded(payload: Uint8Array | undefined): unknown {
  if (payload === undefined || payload.length === 0) return null;
  const text = Buffer.from(payload).toString('utf8');
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

function invoke(
  lambda: LambdaClient,
  functionName: string,
  type: 'RequestResponse' | 'Event',
  event: unknown,
) {
  return lambda.send(
    new InvokeCommand({
      FunctionName: functionName,
      InvocationType: type,
      Payload: Buffer.from(JSON.stringify(event)),
    }),
  );
}

/** Invokes `functionName` and waits for its answer; a function error (FunctionError set) is a failed answer. */
export function lambdaInvoker(lambda: LambdaClient, functionName: string): FunctionInvoker {
  return {
    async invoke(event): Promise<InvokeAnswer> {
      const answer = await invoke(lambda, functionName, 'RequestResponse', event);
      const payload = decoded(answer.Payload);
      if (answer.FunctionError === undefined) return { ok: true, payload };
      const error = (typeof payload === 'object' && payload !== null ? payload : {}) as {
        errorType?: string;
        errorMessage?: string;
      };
      return {
        ok: false,
        errorType: error.errorType ?? answer.FunctionError,
        errorMessage: error.errorMessage ?? String(payload),
      };
    },
    close: async () => undefined,
  };
}

/** Queues each event for an asynchronous invocation of `functionName` (Lambda answers 202 Accepted). */
export function lambdaDeliverer(lambda: LambdaClient, functionName: string): EventDeliverer {
  return {
    async deliver(event): Promise<DeliveryAnswer> {
      const answer = await invoke(lambda, functionName, 'Event', event);
      return answer.StatusCode === 202
        ? { accepted: true }
        : { accepted: false, error: `Lambda answered ${answer.StatusCode} instead of 202 Accepted` };
    },
    close: async () => undefined,
  };
}
