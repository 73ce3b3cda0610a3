#!/usr/bin/env node
// Writes .test-probe.json: the presence of what decides whether test suites run, skip, or which emulator they use
// (terraform on PATH, its provider mirror at TF_PLUGIN_DIR, moto server, a Docker socket). turbo.json
// lists the file among the `test` task's inputs, so a cached run that skipped the terraform suites
// is never replayed as a pass once terraform and its mirror are installed. `pnpm test` runs this first.
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const file = path.join(root, '.test-probe.json');

/** Whether `name` is on PATH, as the terraform locator and the emulator harness look for it. */
function onPath(name) {
  return (process.env.PATH ?? '')
    .split(path.delimiter)
    .filter(Boolean)
    .some((dir) => existsSync(path.join(dir, name)));
}

/** The harness falls back to `python3 -m moto.server` when moto_server is not on PATH. */
function motoModule() {
  try {
    execFileSync('python3', ['-c', 'import moto.server, flask'], { stdio: 'ignore', timeout: 15_000 });
    return true;
  } catch {
    return false;
  }
}

const pluginDir = process.env.TF_PLUGIN_DIR || null;
const dockerHost = process.env.DOCKER_HOST ?? 'unix:///var/run/docker.sock';
const probe = {
  terraform: onPath('terraform'),
  TF_PLUGIN_DIR: pluginDir,
  awsProviderInMirror:
    pluginDir !== null && existsSync(path.join(pluginDir, 'registry.terraform.io', 'hashicorp', 'aws')),
  moto_server: onPath('moto_server'),
  motoModule: onPath('moto_server') ? null : motoModule(),
  dockerSocket: dockerHost.startsWith('unix://')
    ? existsSync(dockerHost.slice('unix://'.length))
    : dockerHost,
};
const text = `${JSON.stringify(probe, null, 2)}\n`;
// Rewrite only on change, so the file's timestamp says when the toolchain last changed.
if (!existsSync(file) || readFileSync(file, 'utf8') !== text) writeFileSync(file, text);
