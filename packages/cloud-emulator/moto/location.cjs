'use strict';
// The folder of the moto patches, for the launcher in src/tiers/moto-server.ts. A CommonJS file knows
// its own folder (`__dirname`) whether TypeScript is run as ESM (tsx) or compiled to CommonJS (jest).
module.exports.motoDir = __dirname;
