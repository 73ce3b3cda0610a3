const { jestConfig } = require('@pipeline/jest-config');

// Unit tests only: bundling and zipping need no emulator.
module.exports = jestConfig({ testTimeout: 60_000 });
