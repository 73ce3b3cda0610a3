import { GetObjectCommand, PutObjectCommand } from '@aws-sdk/client-s3';
import { cleanupTestBuckets } from '@pipeline/testing';
import { expectAccessDenied, itWhereIamIsEnforced } from '@pipeline/testing/jest';
import { CreateTableCommand } from '@aws-sdk/client-glue';
import { etlHarness, testGlueClient, testGlueDatabase } from '../support/harness.js';
import { upload } from '../support/s3.js';

afterAll(() => cleanupTestBuckets());

// Every handler in this suite runs under the etl function's synthesized role (tests/support/harness.ts).
describe('etl under its synthesized role', () => {
  itWhereIamIsEnforced(
    'is refused what its role does not grant: reads outside its source folder, writes outside its own',
    async () => {
      const h = await etlHarness();
      await upload(h.s3, h.source, 'elsewhere/a.csv', 'a,b\n1,2\n');
      const { s3 } = await h.role();
      await expectAccessDenied(s3.send(new GetObjectCommand({ Bucket: h.source, Key: 'elsewhere/a.csv' })));
      await expectAccessDenied(
        s3.send(new PutObjectCommand({ Bucket: h.destination, Key: 'elsewhere/a.parquet', Body: 'x' })),
      );
    },
  );

  itWhereIamIsEnforced(
    "keeps tables in its own Glue database only: another database's table is refused",
    async () => {
      const h = await etlHarness();
      const other = await testGlueDatabase();
      const glue = testGlueClient((await h.role()).credentials);
      const create = (DatabaseName: string) =>
        glue.send(new CreateTableCommand({ DatabaseName, TableInput: { Name: 'probe' } }));
      await expect(create(h.database)).resolves.toBeDefined();
      await expect(create(other)).rejects.toMatchObject({ name: 'AccessDeniedException' });
    },
  );
});
