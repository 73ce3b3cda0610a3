const { jestConfig } = require('@pipeline/jest-config');

module.exports = jestConfig({
  globalSetup: require.resolve('@pipeline/testing/jest-global-setup'),
  globalTeardown: require.resolve('@pipeline/testing/jest-global-teardown'),
  // hyparquet-writer (and hyparquet, its reader half) ship ES modules only: compile them for jest's CommonJS.
  transformIgnorePatterns: ['/node_modules/(?!\\.pnpm|hyparquet)', '/node_modules/\\.pnpm/(?!hyparquet)'],
});
