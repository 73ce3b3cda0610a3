import { createHash } from 'node:crypto';
import { mkdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CloudWatchLogsClient } from '@aws-sdk/client-cloudwatch-logs';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { LambdaClient } from '@aws-sdk/client-lambda';
import { S3Client } from '@aws-sdk/client-s3';
import { SQSClient } from '@aws-sdk/client-sqs';
import { exportEmulatorEnv, startEmulator, type RunningEmulator } from '@pipeline/cloud-emulator';
import { deployToEmulator } from '@pipeline/infra';
import { runTerraform, type QueryOutputs } from '@pipeline/infra';
import type { DenyRule } from './deny-rules.js';
import { discoverDeployment, type Deployment } from './deployment.js';
import { runUnderRoles, type ExecutionRoles } from './execution-roles.js';
import { inputRoutes, type InputRoute } from '../run/input-plan.js';
import type { TerraformStateJson } from './terraform-state.js';

export interface LocalClients {
  readonly s3: S3Client;
  readonly sqs: SQSClient;
  readonly lambda: LambdaClient;
  readonly logs: CloudWatchLogsClient;
  readonly dynamodb: DynamoDBClient;
}

/** The emulator with the `local` stack applied to it. */
export interface LocalCloud {
  readonly emulator: RunningEmulator;
  readonly deployment: Deployment;
  readonly clients: LocalClients;
  readonly stackDir: string;
  /** The emulator runs the functions itself (LocalStack): the runner only watches for outcomes. */
  readonly runsFunctions: boolean;
  /** Each function's deployed role, and whether the emulator enforces IAM (execution-roles.ts). */
  readonly roles: ExecutionRoles;
  /** Where local files go (`--input`, the demo set): each pipeline's route from infra's registry. */
  readonly routes: readonly InputRoute[];
  /** The stack's `query` output: the curated datasets' Glue database and the Athena workgroup. */
  readonly query: QueryOutputs;
  /** The object catalog's table (the stack's `catalog` output), when the stack has one. */
  readonly catalogTable: string | undefined;
  /** Stops what this run started (the emulator when it started one); an adopted endpoint keeps its resources. */
  stop(): Promise<void>;
}

export interface DeployOptions {
  readonly progress: (line: string) => void;
  /** Where the synthesized stack and unpacked code go. @default a folder under the OS temp dir */
  readonly workDir?: string;
  /** `--deny`: explicit denials added to the named functions' roles in the emulator. */
  readonly deny?: readonly DenyRule[];
}

export function clientsFor(endpoint: string, credentials?: ExecutionRoles['runner']): LocalClients {
  const common = {
    endpoint,
    region: process.env.AWS_REGION ?? 'us-east-1',
    ...(credentials === undefined ? {} : { credentials }),
  };
  // moto keeps a copied object's source checksum header, which a multipart copy invalidates; the
  // runner only reads what the functions wrote, so it checks checksums only where S3 requires them.
  return {
    s3: new S3Client({ ...common, forcePathStyle: true, responseChecksumValidation: 'WHEN_REQUIRED' }),
    sqs: new SQSClient(common),
    lambda: new LambdaClient(common),
    logs: new CloudWatchLogsClient(common),
    dynamodb: new DynamoDBClient(common),
  };
}

/**
 * Where the local cloud keeps an adopted endpoint's terraform state and unpacked code between runs
 * (`pnpm redrive -- --env local` and `pnpm reprocess -- --env local` read the deployment from there).
 */
export function endpointWorkDir(endpoint: string): string {
  const hash = createHash('sha256').update(endpoint).digest('hex').slice(0, 12);
  return join(tmpdir(), 'pipeline-local-cloud', `endpoint-${hash}`);
}

/** The `catalog` output's table name (`{ table_name, table_arn, stream_arn }`), when the stack declares it. */
export function catalogTableOf(outputs: object): string | undefined {
  const catalog = (outputs as { readonly catalog?: { readonly table_name?: unknown } }).catalog;
  return typeof catalog?.table_name === 'string' ? catalog.table_name : undefined;
}

/** LocalStack invokes functions from S3 notifications itself; moto cannot (it needs Docker for that). */
async function isLocalStack(emulator: RunningEmulator): Promise<boolean> {
  if (emulator.tier === 'localstack') return true;
  if (emulator.tier === 'moto') return false;
  const health = await fetch(`${emulator.endpoint}/_localstack/health`, {
    signal: AbortSignal.timeout(3_000),
  }).catch(() => undefined);
  return health?.ok === true;
}

/** Terraform's output, condensed: a line every ten resources and the summary. */
function applyProgress(progress: (line: string) => void): (line: string) => void {
  let created = 0;
  return (line) => {
    if (/Creation complete/.test(line) && ++created % 10 === 0) progress(`  ${created} resources created...`);
    if (/Apply complete/.test(line)) progress(`  ${line.trim()}`);
  };
}

/** Starts (or adopts) the emulator, synthesizes the `local` stack, applies it with terraform and reads the deployment back. */
export async function deployLocalCloud(options: DeployOptions): Promise<LocalCloud> {
  const emulator = await startEmulator();
  options.progress(emulator.description);
  try {
    exportEmulatorEnv(emulator);
    // An adopted endpoint keeps its resources between runs, so its terraform state is kept per endpoint.
    const workDir =
      options.workDir ??
      (emulator.tier === 'endpoint'
        ? endpointWorkDir(emulator.endpoint)
        : join(tmpdir(), 'pipeline-local-cloud', `run-${process.pid}`));
    await mkdir(join(workDir, 'cdktf.out'), { recursive: true });
    const statePath = join(workDir, 'terraform.local.tfstate');
    // A fresh emulator holds nothing, so state from an earlier run would only mislead terraform.
    if (emulator.tier !== 'endpoint') await rm(statePath, { force: true });
    options.progress(
      'terraform init and apply of the local stack: buckets, functions, roles, queues, alarms (moto takes about a minute)',
    );
    const local = await deployToEmulator({
      endpointUrl: emulator.endpoint,
      outdir: join(workDir, 'cdktf.out'),
      statePath,
      onOutput: applyProgress(options.progress),
      allowRegistry: true,
    });
    const tf = local.terraform;
    const { stdout } = await runTerraform(['show', '-json', '-no-color'], tf);
    const deployer = clientsFor(emulator.endpoint);
    const deployment = await discoverDeployment({
      state: JSON.parse(stdout) as TerraformStateJson,
      stackDir: local.directory,
      codeRoot: join(workDir, 'code'),
      s3: deployer.s3,
      lambda: deployer.lambda,
      pipelines: new Map(
        Object.entries(local.outputs.functions).map(([pipeline, fn]) => [fn.name, pipeline]),
      ),
    });
    options.progress(
      `deployed: ${deployment.functions.size} functions, ${deployment.triggers.length} triggers on ${new Set(deployment.triggers.map((t) => t.bucket)).size} bucket(s)`,
    );
    const stop = async (): Promise<void> => {
      await emulator.stop();
      // The emulator's resources are gone with it; so is the working copy that described them.
      if (emulator.tier !== 'endpoint' && options.workDir === undefined)
        await rm(workDir, { recursive: true, force: true });
    };
    const runsFunctions = await isLocalStack(emulator);
    if (runsFunctions)
      options.progress(
        'LocalStack runs the deployed functions itself: the runner watches their logs and failure queues',
      );
    const roles = await runUnderRoles({
      emulator,
      deployment,
      runsFunctions,
      deny: options.deny ?? [],
      region: process.env.AWS_REGION ?? 'us-east-1',
    });
    options.progress(roles.description);
    // Once IAM is enforced the runner's own requests need the administrator's key.
    const clients = roles.runner === undefined ? deployer : clientsFor(emulator.endpoint, roles.runner);
    if (clients !== deployer)
      (Object.values(deployer) as LocalClients[keyof LocalClients][]).forEach((client) => client.destroy());
    const routes = inputRoutes(deployment, local.config.pipelines);
    const catalogTable = catalogTableOf(local.outputs);
    return {
      emulator,
      deployment,
      clients,
      stackDir: local.directory,
      runsFunctions,
      roles,
      routes,
      query: local.outputs.query,
      catalogTable,
      stop,
    };
  } catch (error) {
    await emulator.stop();
    throw error;
  }
}
