import { defineConfig } from 'tsup';

export default defineConfig({
  entry: { index: 'src/index.ts', postgres: 'src/postgres.ts', report: 'src/report/index.ts', 'cli/main': 'src/cli/main.ts', 'cli/partitionWorker': 'src/cli/partitionWorker.ts' },
  format: ['esm', 'cjs'],
  dts: { entry: { index: 'src/index.ts', postgres: 'src/postgres.ts', report: 'src/report/index.ts' } },
  target: 'node20',
  shims: true,
  clean: true,
  sourcemap: true,
  splitting: false,
});
