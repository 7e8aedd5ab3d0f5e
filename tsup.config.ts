import { defineConfig } from 'tsup';

// ESM: one file per module (no bundling), so an application's bundler keeps only the modules an
// import reaches: `import { maskNik }` does not carry zod. CommonJS: one file per entry point.
// Source maps map to src/ without embedding it (the package ships no src/).
const toolkits = ['id', 'standardize', 'comparators', 'schema', 'report', 'synth'];
const entry = { index: 'src/index.ts', postgres: 'src/postgres.ts', ...Object.fromEntries(toolkits.map((name) => [`${name}/index`, `src/${name}/index.ts`])) };
// Declarations are bundled once, for ESM; scripts/cjsTypes.mjs copies them as `.d.cts`.
const shared = {
  target: 'node20',
  sourcemap: true,
  esbuildOptions: (options: { sourcesContent?: boolean }) => {
    options.sourcesContent = false;
  },
} as const;

export default defineConfig([
  { ...shared, entry: ['src/**/*.ts', '!src/report/client/**'], format: 'esm', bundle: false, dts: { entry } },
  { ...shared, entry, format: 'cjs', shims: true, splitting: false },
]);
