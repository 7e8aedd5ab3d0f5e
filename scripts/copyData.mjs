// Copies the data files modules read at run time next to their built modules (tsup copies only code):
// src/id/villages.data.txt → dist/id/ (read by loadVillages on first use).
import { copyFileSync } from 'node:fs';

copyFileSync(new URL('../src/id/villages.data.txt', import.meta.url), new URL('../dist/id/villages.data.txt', import.meta.url));
