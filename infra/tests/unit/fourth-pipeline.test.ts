/**
 * The proof of docs/adding-a-pipeline.md: a fourth pipeline, defined in a fixture as one module
 * plus one registry entry (tests/fixtures/fourth-pipeline/), synthesizes with its own role,
 * trigger, failure queue and alarms, passes the policy checker, and is held to the same
 * validation as the built-in ones. Nothing else in infra names it.
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { ENVIRONMENTS, loadEnvironment, PIPELINES, type EnvironmentName } from '../../src/config/index.js';
import { InfraConfigError } from '../../src/errors.js';
import { definePipelineModule } from '../../src/pipelines/kit/define.js';
import { pdfModule, type PdfPipelineConfig } from '../fixtures/fourth-pipeline/pdf.js';
import { contractVariables } from '../support/contract.js';
import { checkPolicyDocument } from '../support/policy-checker.js';
import { ALL_ENVIRONMENTS, dataOf, ref, resourcesOf, synthJson, type Block } from '../support/synthesized.js';

const REGISTRY = [...PIPELINES, pdfModule] as const;
const PDF_ZIP = path.resolve(__dirname, '../fixtures/fourth-pipeline/pdf.zip');
const stacks = synthJson({ pipelines: REGISTRY }, { zips: { pdf: PDF_ZIP } });

function configError(run: () => unknown): InfraConfigError {
  try {
    run();
  } catch (error) {
    if (error instanceof InfraConfigError) return error;
    throw error;
  }
  throw new Error('expected a InfraConfigError');
}

describe.each(ALL_ENVIRONMENTS)('a fourth pipeline in the %s stack', (environment: EnvironmentName) => {
  const json = stacks.get(environment)!;
  const { namePrefix } = ENVIRONMENTS[environment];
  const name = `${namePrefix}-pdf`;
  const [fnId, fn] = resourcesOf(json, 'aws_lambda_function').find(([, f]) => f['function_name'] === name)!;

  it('deploys its zip beside the three built-in functions, with its contract as environment', () => {
    expect(resourcesOf(json, 'aws_lambda_function')).toHaveLength(4);
    expect(fn['filename']).toMatch(/^assets\/.+\/pdf-(arm64|x86_64)\.zip$/);
    expect(fn['source_code_hash']).toBe(createHash('sha256').update(readFileSync(PDF_ZIP)).digest('base64'));
    const variables = (fn['environment'] as { variables: Record<string, string> }).variables;
    const config = loadEnvironment(environment, {}, REGISTRY);
    expect(Object.keys(variables).sort()).toEqual(contractVariables(pdfModule, config).sort());
    expect(variables).toMatchObject({
      SOURCE_PREFIX: 'documents/',
      TEXT_PREFIX: 'documents/text',
      MAX_PAGES: '500',
    });
  });

  it('runs under its own role, whose policy passes the checker', () => {
    const roles = resourcesOf(json, 'aws_iam_role').filter(([, r]) => r['name'] === `${name}-role`);
    expect(roles).toHaveLength(1);
    expect(fn['role']).toBe(ref('aws_iam_role', roles[0]![0], 'arn'));
    const documents = dataOf(json, 'aws_iam_policy_document');
    const own = documents.find(([id]) => id === 'pdf_role_policy_document')![1];
    expect((own['statement'] as Block[]).map((s) => s['sid'])).toEqual([
      'WriteOwnLogs',
      'WriteTraces',
      'SendToOwnFailureQueue',
      'ReadSourcePrefix',
      'ListSourcePrefix',
      'WriteOutputPrefixes',
      'ListOutputPrefixes',
      'DeleteStaleOutputs',
      // The object catalog, with no code of its own: the skeleton writes its items.
      'WriteCatalogItems',
    ]);
    expect(documents.flatMap(([id, document]) => checkPolicyDocument(id, document))).toEqual([]);
  });

  it('is triggered by .pdf uploads under its source prefix, in the one ingest notification', () => {
    const notifications = resourcesOf(json, 'aws_s3_bucket_notification');
    expect(notifications).toHaveLength(1);
    const entries = notifications[0]![1]['lambda_function'] as Block[];
    expect(entries).toHaveLength(4);
    expect(
      entries.find((e) => e['lambda_function_arn'] === ref('aws_lambda_function', fnId, 'arn')),
    ).toMatchObject({
      id: 'pdf-trigger',
      events: ['s3:ObjectCreated:*'],
      filter_prefix: 'documents/',
      filter_suffix: '.pdf',
    });
    const permissions = resourcesOf(json, 'aws_lambda_permission').filter(
      ([, p]) => p['function_name'] === ref('aws_lambda_function', fnId, 'function_name'),
    );
    expect(permissions).toHaveLength(1);
  });

  it('sends failed events to its own queue and alarms four ways', () => {
    const queues = resourcesOf(json, 'aws_sqs_queue').filter(([, q]) => q['name'] === `${name}-failures`);
    expect(queues).toHaveLength(1);
    const invoke = resourcesOf(json, 'aws_lambda_function_event_invoke_config').find(
      ([, c]) => c['function_name'] === ref('aws_lambda_function', fnId, 'function_name'),
    )![1];
    expect(invoke['destination_config']).toEqual({
      on_failure: { destination: ref('aws_sqs_queue', queues[0]![0], 'arn') },
    });
    const alarms = resourcesOf(json, 'aws_cloudwatch_metric_alarm').filter(([, a]) =>
      String(a['alarm_name']).startsWith(`${name}-`),
    );
    expect(alarms.map(([, a]) => a['metric_name']).sort()).toEqual([
      'ApproximateNumberOfMessagesVisible',
      'Duration',
      'Errors',
      'Throttles',
    ]);
  });

  it('expires its rejection records and appears in the typed outputs', () => {
    const lifecycle = resourcesOf(json, 'aws_s3_bucket_lifecycle_configuration')
      .flatMap(([, l]) => l['rule'] as Block[])
      .filter((r) => r['expiration']);
    expect(lifecycle.map((r) => (r['filter'] as Block[])[0]?.['prefix'])).toContain('documents/rejected/');
    const functions = json.output['functions']!['value'] as Record<string, Block>;
    expect(functions['pdf']).toMatchObject({
      name: ref('aws_lambda_function', fnId, 'function_name'),
      source_prefix: 'documents/',
    });
  });
});

describe('validation of a fourth pipeline', () => {
  it("refuses its trigger on another pipeline's output, naming its field", () => {
    const onCopies = definePipelineModule<'pdf', PdfPipelineConfig>({
      ...pdfModule,
      defaults: (environment) => ({
        ...pdfModule.defaults(environment),
        source: { bucket: 'processed', prefix: 'copies/pdf' },
      }),
    });
    const error = configError(() => loadEnvironment('dev', {}, [...PIPELINES, onCopies]));
    expect(error.field).toBe('environments.dev.pipelines.pdf.source.prefix');
    expect(error.message).toMatch(
      /does not overlap pipelines\.copy\.destination .*copy output would trigger pdf.* but received "processed:copies\/pdf\/"/,
    );
  });

  it("refuses an output under another pipeline's trigger, and its own settings out of range", () => {
    const intoUploads = definePipelineModule<'pdf', PdfPipelineConfig>({
      ...pdfModule,
      defaults: (environment) => ({
        ...pdfModule.defaults(environment),
        text: { bucket: 'ingest', prefix: 'uploads/text' },
      }),
    });
    const loop = configError(() => loadEnvironment('dev', {}, [...PIPELINES, intoUploads]));
    expect(loop.field).toBe('environments.dev.pipelines.resize.source.prefix');
    expect(loop.message).toMatch(/pdf output would trigger resize/);
    const tooMany = definePipelineModule<'pdf', PdfPipelineConfig>({
      ...pdfModule,
      defaults: (environment) => ({ ...pdfModule.defaults(environment), maxPages: 0 }),
    });
    expect(configError(() => loadEnvironment('prod', {}, [...PIPELINES, tooMany])).field).toBe(
      'environments.prod.pipelines.pdf.maxPages',
    );
  });

  it('refuses an environment without its configuration', () => {
    const error = configError(() =>
      loadEnvironment('dev', { pipelines: ENVIRONMENTS.dev.pipelines }, REGISTRY),
    );
    expect(error.field).toBe('environments.dev.pipelines.pdf');
  });
});
