import type { Deployment, LocalFunction } from '../src/deployment.js';
import { planUploads } from '../src/input-plan.js';

function fn(name: string, environment: Record<string, string> = {}): LocalFunction {
  return {
    pipeline: name,
    artifactPath: `/artifacts/${name}.zip`,
    codeSha256: 'sha',
    reservedConcurrency: 2,
    asyncConfig: { maximumRetryAttempts: 2, maximumEventAgeSeconds: 3600, onFailureDestination: undefined },
    fn: {
      name: `p-${name}`,
      arn: `arn:${name}`,
      handler: 'index.handler',
      codeDir: '/code',
      memoryMb: 128,
      timeoutSeconds: 3,
      environment,
      region: 'us-east-1',
    },
  };
}

const datasets = JSON.stringify([
  { name: 'orders', prefix: 'raw/orders/', schema: { columns: [{ name: 'id', type: 'int' }] } },
  { name: 'events', prefix: 'raw/events/' },
]);
const deployment: Deployment = {
  buckets: ['ingest', 'processed'],
  triggers: [
    {
      bucket: 'ingest',
      functionArn: 'arn:copy',
      events: ['s3:ObjectCreated:*'],
      prefix: 'incoming/',
      suffix: '',
    },
    {
      bucket: 'ingest',
      functionArn: 'arn:resize',
      events: ['s3:ObjectCreated:*'],
      prefix: 'uploads/',
      suffix: '',
    },
    { bucket: 'ingest', functionArn: 'arn:etl', events: ['s3:ObjectCreated:*'], prefix: 'raw/', suffix: '' },
  ],
  functions: new Map([
    ['arn:copy', fn('copy')],
    ['arn:resize', fn('resize')],
    ['arn:etl', fn('etl', { DATASETS: datasets })],
  ]),
};

describe('where pnpm start --input puts each file', () => {
  const plan = planUploads(
    ['a b/cat.JPG', 'orders/2026.csv', 'misc/clicks.csv.gz', 'notes.txt'],
    '/in',
    deployment,
  );
  const where = (file: string): string[] =>
    plan.filter((p) => p.file === `/in/${file}`).map((p) => `${p.pipeline} ${p.bucket}/${p.key}`);

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
});
