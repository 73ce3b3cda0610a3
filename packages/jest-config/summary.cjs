#!/usr/bin/env node
'use strict';
// Sums every workspace package's `.jest-results.json` into one closing line for the whole run.
const { execFileSync } = require('node:child_process');
const { existsSync, readFileSync } = require('node:fs');
const { join } = require('node:path');

const root = join(__dirname, '..', '..');
// The workspace's packages, as pnpm itself resolves pnpm-workspace.yaml.
const dirs = JSON.parse(
  execFileSync('pnpm', ['ls', '-r', '--depth', '-1', '--json'], { cwd: root, encoding: 'utf8' }),
)
  .map((project) => project.path)
  .filter((dir) => dir !== root);
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
