/**
 * jest setupFilesAfterEnv of a suite whose functions run under their synthesized roles: a test fails
 * with every AccessDenied its functions got (even one the code caught and turned into an outcome), and
 * each test file leaves its S3 calls for the run's call table.
 */
import { takeDenialReport, writeCallFragment } from '../iam/role-activity.js';
import { S3_CALLS_DIR_VARIABLE } from '../iam/s3-call-files.js';

afterEach(() => {
  const report = takeDenialReport();
  if (report !== undefined) throw new Error(report);
});

afterAll(() => {
  const dir = process.env[S3_CALLS_DIR_VARIABLE];
  if (dir !== undefined) writeCallFragment(dir);
});
