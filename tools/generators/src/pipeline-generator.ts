/**
 * `pnpm gen pipeline <name>`: a new pipeline, generated. Writes the app folder (apps/<name>: handler,
 * pipeline spec, config, keys, work, unit test, README, build, turbo.json) and the infra module
 * (infra/src/pipelines/<name>.ts), then registers it: registry entry, infra's dev dependency on the
 * app, knip's exception for it, its rows in infra/README.md and the root README, `pnpm install`, and
 * docs/architecture.svg redrawn.
 * The generated pipeline is a pass-through (one output per input under `<name>/output/`), deployable
 * and tested as it is; docs/adding-a-pipeline.md says what to change.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { ActionType, PlopGeneratorConfig } from 'plop';
import {
  addInfraDevDependency,
  documentInInfraReadme,
  documentInRootReadme,
  ignoreInfraAppDependency,
  registerPipeline,
} from './edits.js';
import { drawArchitecture, formatFiles, installWorkspace } from './finish.js';
import { pipelineNameProblem } from './names.js';

/** The app files, as templates under templates/pipeline/app (`<file>.hbs`). */
const APP_FILES = [
  'package.json',
  'turbo.json',
  'tsconfig.json',
  'jest.config.cjs',
  'build.ts',
  'README.md',
  'src/handler.ts',
  'src/pipeline.ts',
  'src/config.ts',
  'src/keys.ts',
  'src/work.ts',
  'tests/unit/work.test.ts',
] as const;

/** Versions the generated package.json pins: the ones apps/copy pins, so Renovate's updates carry over. */
function pinnedVersions(root: string): Record<string, string> {
  const copy = JSON.parse(readFileSync(join(root, 'apps/copy/package.json'), 'utf8')) as {
    dependencies: Record<string, string>;
    devDependencies: Record<string, string>;
  };
  const pinned = { ...copy.dependencies, ...copy.devDependencies };
  return {
    s3ClientVersion: pinned['@aws-sdk/client-s3'] ?? '',
    jestVersion: pinned.jest ?? '',
    typesJestVersion: pinned['@types/jest'] ?? '',
  };
}

type Edit = (text: string, name: string) => string;

function pipelineActions(root: string, templates: string, name: string): ActionType[] {
  const app = join(root, 'apps', name);
  const module = join(root, 'infra/src/pipelines', `${name}.ts`);
  const data = pinnedVersions(root);
  const edit = (file: string, transform: Edit): ActionType => ({
    type: 'modify',
    path: join(root, file),
    template: '',
    transform: (text: string) => transform(text, name),
  });
  const edited = [
    'infra/src/pipelines/registry.ts',
    'infra/package.json',
    'knip.jsonc',
    'infra/README.md',
    'README.md',
  ];
  return [
    ...APP_FILES.map((file): ActionType => ({
      type: 'add',
      path: join(app, file),
      templateFile: join(templates, 'app', `${file}.hbs`),
      data,
    })),
    { type: 'add', path: module, templateFile: join(templates, 'infra-module.ts.hbs') },
    edit('infra/src/pipelines/registry.ts', registerPipeline),
    edit('infra/package.json', addInfraDevDependency),
    edit('knip.jsonc', ignoreInfraAppDependency),
    edit('infra/README.md', documentInInfraReadme),
    edit('README.md', documentInRootReadme),
    () =>
      formatFiles([...APP_FILES.map((file) => join(app, file)), module, ...edited.map((f) => join(root, f))]),
    () => installWorkspace(root),
    () => drawArchitecture(root),
  ];
}

/** The `pipeline` generator for the workspace at `root`, its templates in `templates`. */
export function pipelineGenerator(root: string, templates: string): PlopGeneratorConfig {
  return {
    description: 'a new pipeline: app folder, infra module, registry entry',
    prompts: [
      {
        type: 'input',
        name: 'name',
        message: 'pipeline name (lowercase letters, digits, dashes)',
        validate: (name: string) => pipelineNameProblem(root, name),
      },
    ],
    actions: (answers) => pipelineActions(root, templates, String(answers?.name)),
  };
}
