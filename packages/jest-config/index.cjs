'use strict';
/**
 * Shared jest configuration for every workspace package.
 *
 * - TypeScript runs through @swc/jest (measured: see the root README).
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
    transformIgnorePatterns: ['/node_modules/(?!\\.pnpm)', '/node_modules/\\.pnpm/'],
    moduleNameMapper: { '^(\\.{1,2}/.*)\\.js$': '$1' },
    testMatch: ['<rootDir>/tests/**/*.test.ts'],
    testTimeout: 30_000,
    ...options,
  };
  return config;
}

module.exports = { jestConfig };
