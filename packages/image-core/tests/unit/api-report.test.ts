/**
 * The public surface, as reviewers see it: `api/*.api.md` (API Extractor's report of the built
 * declarations) must match what the current build exports. After an intended change, run
 * `pnpm --filter @pipeline/image-core api:update`, commit the report and add a changeset.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  Extractor,
  ExtractorConfig,
  ExtractorLogLevel,
  type ExtractorMessage,
} from '@microsoft/api-extractor';
import { assertBuilt, PACKAGE_DIR } from '../support/built';

describe('API report', () => {
  it.each([
    ['api-extractor.json', 'image-core.api.md'],
    ['api-extractor.testing.json', 'image-core-testing.api.md'],
  ])('%s: the committed api/%s is the surface of the current build', (configFile, report) => {
    assertBuilt();
    const config = ExtractorConfig.loadFileAndPrepare(join(PACKAGE_DIR, configFile));
    const messages: string[] = [];
    const result = Extractor.invoke(config, {
      localBuild: false, // compare, never overwrite the committed report
      messageCallback: (message: ExtractorMessage) => {
        message.handled = true;
        if (message.logLevel === ExtractorLogLevel.Error || message.logLevel === ExtractorLogLevel.Warning)
          messages.push(message.text);
      },
    });
    const committed = readFileSync(join(PACKAGE_DIR, 'api', report), 'utf8');
    const current = result.apiReportChanged
      ? readFileSync(join(PACKAGE_DIR, 'node_modules', '.cache', 'api-extractor', report), 'utf8')
      : committed;
    // A line diff of the public surface; update with `pnpm --filter @pipeline/image-core api:update`.
    expect(current).toEqual(committed);
    expect(messages).toEqual([]);
    expect(result.succeeded).toBe(true);
  });
});
