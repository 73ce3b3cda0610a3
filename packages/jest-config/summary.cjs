#!/usr/bin/env node
'use strict';
// Sums every workspace package's `.jest-results.json` into one closing line for the whole run.
const { existsSync, readFileSync } = require('node:fs');
const { join } = require('node:path');

const root = join(__dirname, '..', '..');
const workspace = readFileSync(join(root, 'pnpm-workspace.yaml'), 'utf8');
const patterns = [...workspace.matchAll(/^\s*-\s*["']?([\w@./*-]+)["']?\s*$/gm)].map((m) => m[1]);
const { readdirSync } = require('node:fs');
const dirs = patterns.flatMap((pattern) =>
  pattern.endsWith('/*')
    ? readdirSync(join(root, pattern.slice(0, -2)), { withFileTypes: true })
        .filter((d) => d.isDirectory())
        .map((d) => join(root, pattern.slice(0, -2), d.name))
    : [join(root, pattern)],
);
const totals = { passed: 0, failed: 0, skipped: 0 };
const lines = [];
for (const dir of dirs) {
  const file = join(dir, '.jest-results.json');
  if (!existsSync(file)) continue;
  const result = JSON.parse(readFileSync(file, 'utf8'));
  for (const key of Object.keys(totals)) totals[key] += result[key];
  lines.push(
    `  ${dir.slice(root.length + 1).padEnd(24)} ${result.passed} passed, ${result.failed} failed, ${result.skipped} skipped`,
  );
}
console.log(['', 'Test totals by package:', ...lines].join('\n'));
console.log(`tests: ${totals.passed} passed, ${totals.failed} failed, ${totals.skipped} skipped`);
