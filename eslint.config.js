// ESLint keeps the design true: no import cycles, and imports only point down the layers of
// DESIGN.md's module map. It enforces structure, not taste: formatting is Prettier's job.
import { readFileSync } from 'node:fs';
import js from '@eslint/js';
import { createTypeScriptImportResolver } from 'eslint-import-resolver-typescript';
import { importX } from 'eslint-plugin-import-x';
import tseslint from 'typescript-eslint';

/**
 * The layers of src/, lowest first (DESIGN.md, "Layers"). A module imports only from the layers below
 * its own: never up, and never from a sibling on its own layer. Modules joined in one inner array are
 * one unit (the partitioned CLI's job runner and the CLI import each other's writers). Top-level
 * files are named with `.ts`.
 */
const LAYERS = [
  ['_internal'],
  ['id', 'comparators'],
  ['standardize'],
  ['schema', 'read'],
  ['model'],
  ['comparisons'],
  ['block', 'score'],
  ['cluster'],
  ['group', 'merge'],
  ['store'],
  ['partition', 'report'],
  ['presets', 'synth'],
  ['resolve.ts'],
  ['resolvePartitioned.ts'],
  [['cli', 'partitionJobs.ts'], 'index.ts', 'postgres.ts'],
];

/**
 * The package's entry points, read from package.json "exports" (`./dist/id/index.js` → `src/id/index.ts`).
 * They are the public surface only: no module of src/ imports one, it imports the module that defines
 * the name, so the layer rules see the real edge and an entry point never drags in its siblings.
 */
const { exports: packageExports } = JSON.parse(readFileSync(new URL('./package.json', import.meta.url), 'utf8'));
const ENTRY_FILES = Object.values(packageExports)
  .filter((target) => typeof target === 'object')
  .map((target) => target.import.default.replace(/^\.\/dist\//, 'src/').replace(/\.js$/, '.ts'));

const pathOf = (module) => `src/${module}`;
const modulesOf = (unit) => (Array.isArray(unit) ? unit : [unit]);

/** One zone per module: it may not import the other units of its own layer, nor any layer above. */
function layerZones({ allow = [] } = {}) {
  return LAYERS.flatMap((layer, index) =>
    layer.flatMap((unit) =>
      modulesOf(unit).map((module) => ({
        target: pathOf(module),
        from: [...layer.filter((other) => other !== unit).flatMap(modulesOf), ...LAYERS.slice(index + 1).flat(2)]
          .filter((other) => !allow.includes(other))
          .map(pathOf),
        message: `${module} imports only from the layers below it (DESIGN.md, "Layers").`,
      })),
    ),
  );
}

const typescriptFiles = ['**/*.ts', '**/*.mts', '**/*.cts'];

export default tseslint.config(
  {
    ignores: ['dist/**', 'node_modules/**', 'coverage/**', 'src/report/_clientScript.generated.ts', 'src/report/client/**', '**/*.generated.*'],
  },
  {
    files: typescriptFiles,
    extends: [js.configs.recommended, ...tseslint.configs.recommended],
    plugins: { 'import-x': importX },
    settings: {
      // Without these import-x reads no .ts file's imports, and no-cycle finds nothing.
      'import-x/extensions': ['.ts', '.mts', '.cts', '.js', '.mjs', '.cjs'],
      'import-x/parsers': { '@typescript-eslint/parser': ['.ts', '.mts', '.cts'] },
      'import-x/resolver-next': [createTypeScriptImportResolver({ project: './tsconfig.json' })],
    },
    rules: {
      // Structure.
      'import-x/no-cycle': ['error', { ignoreExternal: true }],
      'import-x/no-self-import': 'error',
      'import-x/no-duplicates': 'error',
      // Errors: one error class with a code (STYLE.md 7); a thrown string has no stack and no code.
      'no-throw-literal': 'error',
      // Taste, not structure.
      'no-useless-escape': 'off',
      // Casts and unused names are the compiler's and the reviewer's business; an underscore marks an
      // argument kept for a signature's sake.
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none' }],
      '@typescript-eslint/no-non-null-assertion': 'off',
      '@typescript-eslint/no-unused-expressions': ['error', { allowShortCircuit: true, allowTernary: true }],
    },
  },
  {
    // Tests, benchmarks and examples may poke at the API with loose types and sparse arrays.
    files: ['tests/**/*.ts', 'benchmarks/**/*.ts', 'examples/**/*.ts', 'scripts/**/*.ts'],
    rules: {
      '@typescript-eslint/no-explicit-any': 'off',
      '@typescript-eslint/no-unused-vars': ['error', { args: 'none', varsIgnorePattern: '^_', caughtErrors: 'none' }],
      'no-sparse-arrays': 'off',
    },
  },
  {
    files: ['src/**/*.ts'],
    rules: {
      'import-x/no-restricted-paths': [
        'error',
        {
          zones: [
            ...layerZones(),
            { target: 'src', from: ENTRY_FILES, message: 'an entry point is the public surface: import the module that defines the name.' },
          ],
        },
      ],
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              // `_name.ts` inside a folder is that folder's private helper; `_internal/` is shared.
              regex: String.raw`^\.\.?/(?:\.\./)*[^_./][^/]*/(?:[^/]+/)*_[^/]+$`,
              message: "a folder's `_` files are private to it: use its public module, or move the helper to _internal/.",
            },
          ],
        },
      ],
      'no-restricted-syntax': [
        'error',
        {
          // `z` is all of zod as one object, which bundlers cannot tree-shake (it kept 443 KB of zod).
          selector: "ImportDeclaration[source.value='zod'] > ImportSpecifier[imported.name='z']",
          message: "import * as z from 'zod': bundles then keep only the zod a schema uses.",
        },
      ],
    },
  },
);
