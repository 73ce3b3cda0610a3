// One lint configuration for the whole workspace; packages run `eslint .` and find it here.
// TypeScript files are linted with type information (each file's nearest tsconfig.json, found by
// the project service); plain JavaScript files (configs, scripts, jest hooks) are not.
import js from '@eslint/js';
import globals from 'globals';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  {
    ignores: [
      '**/dist/**',
      '**/artifacts/**',
      '**/cdktf.out/**',
      '**/.turbo/**',
      '**/node_modules/**',
      '**/bench-results/**',
      '**/coverage/**',
      '**/.gen/**',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      globals: globals.nodeBuiltin,
      parserOptions: {
        projectService: true,
        tsconfigRootDir: import.meta.dirname,
      },
    },
    rules: {
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': 'error',
      // `async` without `await` is deliberate here: it implements Promise-returning interfaces (fakes,
      // no-op closers) and turns synchronous throws into rejections; no-floating-promises finds lost awaits.
      '@typescript-eslint/require-await': 'off',
      'no-console': 'off',
    },
  },
  {
    // jest's asymmetric matchers (expect.any, expect.stringMatching, expect.objectContaining) are typed `any`.
    files: ['**/tests/**/*.ts'],
    rules: {
      '@typescript-eslint/no-unsafe-argument': 'off',
      '@typescript-eslint/no-unsafe-assignment': 'off',
      '@typescript-eslint/no-unsafe-return': 'off',
    },
  },
  {
    files: ['**/*.{js,cjs,mjs}'],
    ...tseslint.configs.disableTypeChecked,
  },
  {
    // A consumer's sources, compiled outside the workspace against the packed tarball (consumer.test.ts):
    // here `@pipeline/image-core` resolves to dist/, which linting does not build, so its types are unknown.
    files: ['packages/image-core/tests/consumer/project/**'],
    ...tseslint.configs.disableTypeChecked,
  },
  {
    files: ['**/*.cjs'],
    languageOptions: { globals: globals.node },
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
);
