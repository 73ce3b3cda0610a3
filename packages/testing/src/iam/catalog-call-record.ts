/**
 * The object catalog's DynamoDB calls a function makes under its role, recorded beside its S3 calls
 * (the same record, so infra's README table of calls and actions lists them too): each call's action
 * (`dynamodb:PutItem`, `dynamodb:UpdateItem`) on the stack's catalog table, and whether the synthesized policy grants it.
 */
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { isAllowed } from './policy-evaluation.js';
import { sdkErrorOf, type ObservedS3Call, type RecordedRole, type S3CallResult } from './s3-call-record.js';

/** How the table reads in the README: the stack's one table, whatever a test named it. */
const CATALOG_TERM = 'catalog table (<prefix>-catalog)';

function resultOf(error: unknown): { result: S3CallResult; errorName?: string } {
  const { errorName, status } = sdkErrorOf(error);
  // moto answers a refusal with an XML body the JSON client cannot read: its status says it.
  if (errorName === 'AccessDeniedException' || status === 403) return { result: 'denied', errorName };
  if (errorName === 'ResourceNotFoundException') return { result: 'not-found', errorName };
  // A refused condition is the catalog's ordering at work, not an error of the call.
  if (errorName === 'ConditionalCheckFailedException') return { result: 'ok', errorName };
  return { result: 'error', errorName };
}

/**
 * Adds a middleware to `client` that reports every call to `sink`, as recordS3Calls does for S3.
 * `tableArn` maps a test's table name to its ARN (for the policy evaluation).
 */
export function recordCatalogCalls(
  client: DynamoDBClient,
  role: Pick<RecordedRole, 'pipeline' | 'functionName' | 'documents'>,
  tableArn: (table: string) => string,
  sink: (call: ObservedS3Call) => void,
): void {
  client.middlewareStack.add(
    (next, context) => async (args) => {
      const input = args.input as Readonly<Record<string, unknown>>;
      const call = (context.commandName ?? 'UnknownCommand').replace(/Command$/, '');
      const table = typeof input['TableName'] === 'string' ? input['TableName'] : '';
      const action = `dynamodb:${call}`;
      const describe = (outcome: { result: S3CallResult; errorName?: string }): ObservedS3Call => ({
        pipeline: role.pipeline,
        functionName: role.functionName,
        call,
        target: `dynamodb://${table}`,
        permissions: [
          { action, resource: CATALOG_TERM, granted: isAllowed(role.documents, action, tableArn(table)) },
        ],
        ...outcome,
      });
      try {
        const output = await next(args);
        sink(describe({ result: 'ok' }));
        return output;
      } catch (error) {
        sink(describe(resultOf(error)));
        throw error;
      }
    },
    { step: 'initialize', name: 'recordCatalogCallsForIam', priority: 'high' },
  );
}
