const { jestConfig } = require('@pipeline/jest-config');

// No shared emulator: the tests that need moto start one of their own (to measure or configure it).
module.exports = jestConfig();
