import { loadEnvironment, PIPELINES, type PipelineRegistry } from '@pipeline/infra';
import type { Deployment, LocalFunction } from '../../src/deploy/deployment.js';
import { inputRoutes, planUploads } from '../../src/run/input-plan.js';
// The fourth pipeline of docs/adding-a-pipeline.md, exactly as the guide writes its module.
import { pdfModule } from '../../../../infra/tests/fixtures/fourth-pipeline/pdf.js';

function fn(name: string): LocalFunction {
  return {
    pipeline: name,
    artifactPath: `/artifacts/${name}.zip`,
    codeSha256: 'sha',
    reservedConcurrency: 2,
    roleArn: undefined,
    asyncConfig: { maximumRetryAttempts: 2, maximumEventAgeSeconds: 3600, onFailureDestination: undefined },
    fn: {
      name: `p-${name}`,
      arn: `arn:${name}`,
      handler: 'index.handler',
      codeDir: '/code',
      memoryMb: 128,
      timeoutSeconds: 3,
      environment: {},
      region: 'us-east-1',
    },
  };
}

/** The deployment as the emulator reports it: each pipeline's trigger on the ingest bucket. */
function deploymentOf(triggers: Readonly<Record<string, { prefix: string; suffix?: string }>>): Deployment {
  const names = Object.keys(triggers);
  return {
    buckets: ['ingest', 'processed'],
    triggers: names.map((name) => ({
      bucket: 'ingest',
      functionArn: `arn:${name}`,
      events: ['s3:ObjectCreated:*'],
      prefix: triggers[name]?.prefix ?? '',
      suffix: triggers[name]?.suffix ?? '',
    })),
    functions: new Map(names.map((name) => [`arn:${name}`, fn(name)])),
  };
}

const BUILT_IN = { copy: { prefix: 'incoming/' }, resize: { prefix: 'uploads/' }, etl: { prefix: 'raw/' } };
const FILES = ['a b/cat.JPG', 'orders/2026.csv', 'misc/clicks.csv.gz', 'notes.txt', 'docs/report 1.pdf'];

function whereIn(plan: ReturnType<typeof planUploads>): (file: string) => string[] {
  return (file) =>
    plan.filter((p) => p.file === `/in/${file}`).map((p) => `${p.pipeline} ${p.bucket}/${p.key}`);
}

describe('where pnpm start --input puts each file (routes from infra registry)', () => {
  const local = loadEnvironment('local');
  const where = whereIn(planUploads(FILES, '/in', inputRoutes(deploymentOf(BUILT_IN), local.pipelines)));

  it('sends images to resize and everything to copy, keeping the relative path', () => {
    expect(where('a b/cat.JPG')).toEqual([
      'copy ingest/incoming/a b/cat.JPG',
      'resize ingest/uploads/a b/cat.JPG',
    ]);
    expect(where('notes.txt')).toEqual(['copy ingest/incoming/notes.txt']);
  });

  it('sends CSV to the dataset named by its folder, else to the schema-less dataset', () => {
    expect(where('orders/2026.csv')).toContain('etl ingest/raw/orders/2026.csv');
    expect(where('misc/clicks.csv.gz')).toContain('etl ingest/raw/events/clicks.csv.gz');
  });

  it('plans nothing that the deployed notification filter would not deliver', () => {
    const narrowed = { ...BUILT_IN, copy: { prefix: 'incoming/', suffix: '.txt' } };
    const filtered = whereIn(planUploads(FILES, '/in', inputRoutes(deploymentOf(narrowed), local.pipelines)));
    expect(filtered('notes.txt')).toEqual(['copy ingest/incoming/notes.txt']);
    expect(filtered('a b/cat.JPG')).toEqual(['resize ingest/uploads/a b/cat.JPG']);
  });

  it('routes a fourth pipeline added to the registry, with no edit here: its trigger suffix picks its files', () => {
    const registry: PipelineRegistry = [...PIPELINES, pdfModule];
    const withPdf = loadEnvironment('local', {}, registry);
    const deployment = deploymentOf({ ...BUILT_IN, pdf: { prefix: 'documents/', suffix: '.pdf' } });
    const routed = whereIn(planUploads(FILES, '/in', inputRoutes(deployment, withPdf.pipelines, registry)));
    expect(routed('docs/report 1.pdf')).toEqual([
      'copy ingest/incoming/docs/report 1.pdf',
      'pdf ingest/documents/docs/report 1.pdf',
    ]);
    expect(routed('notes.txt')).toEqual(['copy ingest/incoming/notes.txt']);
  });

  it('refuses a deployed function whose pipeline the registry does not hold', () => {
    const deployment = deploymentOf({ ...BUILT_IN, pdf: { prefix: 'documents/', suffix: '.pdf' } });
    expect(() => inputRoutes(deployment, local.pipelines)).toThrow(
      /pdf, which infra's registry does not hold/,
    );
  });
});
