// ESLint flat config. Two rules here are architecture, not taste, and stay errors:
//  - local/engine-layering: engine/ imports no Node built-in, Electron, Vue/Pinia/Monaco, main/ or renderer/;
//  - determinism: engine/ reads no ambient clock or randomness (time and seeds are passed in).
// Exceptions: engine/**/load.ts and engine/cli/** do I/O; tests under __tests__/ may use node:.
import js from '@eslint/js';
import pluginVue from 'eslint-plugin-vue';
import globals from 'globals';
import tseslint from 'typescript-eslint';
import local from './scripts/lint/engine-layering.mjs';

const ENGINE_TESTS = ['engine/**/__tests__/**'];

/** Ambient time and randomness: a run must replay bit for bit from its script and seed. */
const nondeterministicProperties = [
  { object: 'Date', property: 'now', message: 'engine/ is deterministic: use the machine clock passed in.' },
  { object: 'Math', property: 'random', message: 'engine/ is deterministic: use the seeded PRNG passed in.' },
  { object: 'performance', property: 'now', message: 'engine/ is deterministic: use the machine clock passed in.' },
  { object: 'crypto', property: 'getRandomValues', message: 'engine/ is deterministic: use the seeded PRNG.' },
  { object: 'crypto', property: 'randomUUID', message: 'engine/ is deterministic: use the seeded PRNG.' },
];

const nondeterministicSyntax = [
  { selector: "NewExpression[callee.name='Date']", message: 'engine/ is deterministic: new Date() reads the wall clock; use the machine clock passed in.' },
  { selector: "CallExpression[callee.name='Date']", message: 'engine/ is deterministic: Date() reads the wall clock.' },
];

/** Node globals that are Node built-ins by another door (the engine also runs in a browser). */
const nodeGlobals = ['process', 'Buffer', 'require', '__dirname', '__filename', 'global', 'setImmediate'].map((name) => ({
  name,
  message: `${name} is a Node global: engine/ is platform-free; take what you need as a parameter.`,
}));

export default tseslint.config(
  { ignores: ['out/**', 'dist/**', 'node_modules/**', 'oracle/**', 'coverage/**', 'test-results/**', 'playwright-report/**'] },

  js.configs.recommended,
  ...tseslint.configs.recommended,
  ...pluginVue.configs['flat/recommended'],

  {
    linterOptions: { reportUnusedDisableDirectives: 'error' },
    rules: {
      // `_`-prefixed names are deliberately unused (callback parameters kept for their position).
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrorsIgnorePattern: '^_' }],
      // Taste, not correctness: `let` for a value never reassigned is left to the author.
      'prefer-const': 'off',
    },
  },

  // Node-side code: tooling, the CLI launcher, Electron main, Playwright, config files.
  {
    files: ['scripts/**', 'bin/**', 'main/**', 'e2e/**', '*.{js,mjs,cjs,ts}', 'engine/cli/**', ...ENGINE_TESTS],
    languageOptions: { globals: { ...globals.node } },
  },

  // The renderer is a browser page; Vue SFCs are parsed with TypeScript inside <script lang="ts">.
  {
    files: ['renderer/**'],
    languageOptions: { globals: { ...globals.browser } },
  },
  {
    files: ['renderer/**/*.vue'],
    languageOptions: { parserOptions: { parser: tseslint.parser, extraFileExtensions: ['.vue'] } },
  },
  {
    files: ['renderer/**'],
    rules: {
      // The renderer is sandboxed: it reaches main only through window.api, and the engine only via its door.
      'no-restricted-imports': ['error', {
        paths: ['electron', 'fs', 'path', 'child_process', 'os', 'crypto'].map((name) => ({ name, message: 'The renderer is sandboxed: go through window.api.' })),
        patterns: [
          { group: ['node:*'], message: 'The renderer is sandboxed: go through window.api.' },
          { regex: '(^|/)engine/(?!index(\\.ts)?$)', message: 'engine/index.ts is the only door into the engine.' },
        ],
      }],
    },
  },
  // Renderer unit tests run in Node (vitest): they may read files; the engine door still applies.
  {
    files: ['renderer/**/__tests__/**'],
    languageOptions: { globals: { ...globals.node } },
    rules: {
      'no-restricted-imports': ['error', {
        patterns: [{ regex: '(^|/)engine/(?!index(\\.ts)?$)', message: 'engine/index.ts is the only door into the engine.' }],
      }],
    },
  },
  {
    files: ['main/**'],
    rules: {
      'no-restricted-imports': ['error', {
        patterns: [{ regex: '(^|/)engine/(?!index(\\.ts)?$)', message: 'engine/index.ts is the only door into the engine.' }],
      }],
    },
  },

  // Layering: architecture, not style. Do not relax.
  {
    files: ['engine/**/*.{ts,mts,js,mjs}'],
    ignores: ['engine/**/load.ts', 'engine/cli/**', ...ENGINE_TESTS],
    plugins: { local },
    rules: {
      'local/engine-layering': 'error',
      'no-restricted-globals': ['error', ...nodeGlobals],
    },
  },
  // Determinism: no ambient clock or randomness, load.ts included; the CLI and tests may time things.
  {
    files: ['engine/**/*.{ts,mts,js,mjs}'],
    ignores: ['engine/cli/**', ...ENGINE_TESTS],
    rules: {
      'no-restricted-properties': ['error', ...nondeterministicProperties],
      'no-restricted-syntax': ['error', ...nondeterministicSyntax],
    },
  },
);
