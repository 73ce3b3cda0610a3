'use strict';
// jest loads globalSetup with Node's own resolver, which cannot map NodeNext `./x.js` specifiers
// to `.ts` sources; tsx's require hook can, so the TypeScript setup runs from source.
require('tsx/cjs/api').register();
module.exports = require('./emulator-lifecycle.ts').setupEmulator;
