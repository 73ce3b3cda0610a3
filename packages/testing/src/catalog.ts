/**
 * The object catalog in tests: a DynamoDB client bound to the emulator, and a uniquely named table
 * made with the key schema and stream of the synthesized stack's catalog table (so a test writes
 * to the table as deployed, not to a shape of its own).
 */
import { CreateTableCommand, DynamoDBClient, type KeySchemaElement } from '@aws-sdk/client-dynamodb';
import { emulatorEndpoint, testCredentials, type AwsCredentials } from './clients.js';
import { uniqueName } from './buckets.js';
import { blocksOf, nestedBlocks, type TerraformJson } from './iam/terraform-json.js';
import { defaultSynthesizedStack, SynthesizedStackError } from './iam/synthesized-function.js';
import { EMULATOR_ENV } from '@pipeline/cloud-emulator';

/** A DynamoDB client bound to the emulator (test credentials unless given others). */
export function testDynamoDbClient(credentials: AwsCredentials = testCredentials()): DynamoDBClient {
  return new DynamoDBClient({
    endpoint: emulatorEndpoint(),
    region: process.env.AWS_REGION ?? EMULATOR_ENV.AWS_REGION,
    credentials,
  });
}

/** The catalog table as synthesized: its keys (typed), and its stream's view. */
export interface CatalogTableSchema {
  readonly partition: string;
  readonly sort: string;
  readonly attributes: readonly { readonly name: string; readonly type: 'S' | 'N' | 'B' }[];
  readonly streamViewType: string;
  /** `${aws_dynamodb_table.<id>.arn}`: how the roles' grants name it. */
  readonly arnReference: string;
}

/** Reads the one aws_dynamodb_table of a synthesized stack. */
export function synthesizedCatalogTable(
  stack: TerraformJson = defaultSynthesizedStack(),
): CatalogTableSchema {
  const tables = blocksOf(stack, 'aws_dynamodb_table');
  const [id, table] = tables[0] ?? [];
  if (tables.length !== 1 || id === undefined || table === undefined)
    throw new SynthesizedStackError(
      `Expected one aws_dynamodb_table in the synthesized stack, found ${tables.length}`,
    );
  return {
    partition: String(table['hash_key']),
    sort: String(table['range_key']),
    attributes: nestedBlocks(table['attribute']).map((a) => ({
      name: String(a['name']),
      type: String(a['type']) as 'S' | 'N' | 'B',
    })),
    streamViewType: String(table['stream_view_type']),
    arnReference: `\${aws_dynamodb_table.${id}.arn}`,
  };
}

/** The ARN the emulator gives a table of that name (its default account and the test region). */
export function catalogTableArn(name: string): string {
  const region = process.env.AWS_REGION ?? EMULATOR_ENV.AWS_REGION;
  return `arn:aws:dynamodb:${region}:123456789012:table/${name}`;
}

/**
 * Creates a catalog table (unique name) as the synthesized stack declares it: its keys, on-demand
 * billing, its stream. Returns its name; the emulator is reset between runs, so it is not deleted.
 *
 * @example const table = await createCatalogTable(); // then CATALOG_TABLE=table for the handler
 */
export async function createCatalogTable(
  client: DynamoDBClient = testDynamoDbClient(),
  schema: CatalogTableSchema = synthesizedCatalogTable(),
): Promise<string> {
  const name = uniqueName('catalog');
  const keys: KeySchemaElement[] = [
    { AttributeName: schema.partition, KeyType: 'HASH' },
    { AttributeName: schema.sort, KeyType: 'RANGE' },
  ];
  await client.send(
    new CreateTableCommand({
      TableName: name,
      KeySchema: keys,
      AttributeDefinitions: schema.attributes.map((a) => ({ AttributeName: a.name, AttributeType: a.type })),
      BillingMode: 'PAY_PER_REQUEST',
      StreamSpecification: {
        StreamEnabled: true,
        StreamViewType: schema.streamViewType as 'NEW_AND_OLD_IMAGES',
      },
    }),
  );
  return name;
}
