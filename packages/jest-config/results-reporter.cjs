'use strict';
const { writeFileSync } = require('node:fs');
const { join } = require('node:path');

/**
 * Writes this package's jest totals to `.jest-results.json` (a turbo output, so a cached run
 * restores it) for the workspace summary printed by `summary.cjs`.
 */
class ResultsFileReporter {
  constructor(globalConfig) {
    this.rootDir = globalConfig.rootDir;
  }

  onRunComplete(_contexts, results) {
    const totals = {
      passed: results.numPassedTests,
      failed: results.numFailedTests + results.numRuntimeErrorTestSuites,
      skipped: results.numPendingTests + results.numTodoTests,
    };
    writeFileSync(join(this.rootDir, '.jest-results.json'), `${JSON.stringify(totals)}\n`);
  }
}

module.exports = ResultsFileReporter;
