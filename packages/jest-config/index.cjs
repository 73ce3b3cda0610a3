'use strict';

// Handlers in the test process print their CloudWatch metrics (EMF) to stdout; tests that assert on
// them turn them back on. Artifact runs (a child process with Lambda's environment) always print them.
process.env.POWERTOOLS_METRICS_DISABLED ??= 'true';
/**
 * Shared jest configuration for every workspace package.
 *
 * - TypeScript runs through @swc/jest (measured: see docs/performance.md).
 * - Workspace packages resolve through the `@pipeline/source` export condition to
 *   their TypeScript sources, so tests never need a prior build of a library.
 * - NodeNext-style `./x.js` specifiers map back to the `.ts` file.
 *
 * @param {import('jest').Config} [options] overrides, e.g. the emulator's globalSetup
 * @returns {import('jest').Config}
 */
function jestConfig(options = {}) {
  /** @type {import('jest').Config} */
  const config = {
    testEnvironment: 'node',
    testEnvironmentOptions: {
      customExportConditions: ['@pipeline/source', 'node', 'node-addons', 'require', 'default'],
    },
    transform: {
      '^.+\\.(t|j)sx?$': [
        require.resolve('@swc/jest'),
        {
          jsc: { parser: { syntax: 'typescript' }, target: 'es2022' },
          module: { type: 'commonjs' },
          sourceMaps: 'inline',
        },
      ],
    },
    transformIgnorePatterns: ['/node_modules/'],
    moduleNameMapper: { '^(\\.{1,2}/.*)\\.js$': '$1' },
    testMatch: ['<rootDir>/tests/**/*.test.ts'],
    testTimeout: 30_000,
    reporters: ['default', require.resolve('./results-reporter.cjs')],
    ...options,
  };
  return config;
}

module.exports = { jestConfig };
