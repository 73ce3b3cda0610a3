import { GetObjectCommand, PutObjectCommand } from '@aws-sdk/client-s3';
import { cleanupTestBuckets } from '@pipeline/testing';
import { expectAccessDenied, itWhereIamIsEnforced } from '@pipeline/testing/jest';
import { resizeHarness } from '../support/harness.js';
import { upload } from '../support/s3.js';

afterAll(() => cleanupTestBuckets());

// Every handler in this suite runs under the resize function's synthesized role (tests/support/harness.ts).
describe('resize under its synthesized role', () => {
  itWhereIamIsEnforced(
    'is refused what its role does not grant: reads outside its source folder, writes outside its own',
    async () => {
      const h = await resizeHarness();
      await upload(h.s3, h.source, 'elsewhere/a.jpg', Buffer.from('not read'));
      const { s3 } = await h.role();
      await expectAccessDenied(s3.send(new GetObjectCommand({ Bucket: h.source, Key: 'elsewhere/a.jpg' })));
      await expectAccessDenied(
        s3.send(new PutObjectCommand({ Bucket: h.destination, Key: 'elsewhere/a.jpg', Body: 'x' })),
      );
    },
  );
});
