const { jestConfig } = require('@pipeline/jest-config');

// image-core has no AWS dependency: its tests need no emulator.
module.exports = jestConfig();
