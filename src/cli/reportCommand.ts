/** `padan report`: resolve input files with a model and write the steward report (one HTML file). */
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { parseArgs } from 'node:util';
import { redactIdentifiers } from '../_internal/redact.js';
import { renderReport } from '../report/renderReport.js';
import { resolvePersons } from '../resolve.js';
import { readModel } from './readModel.js';
import { readRecordFiles } from './readRecords.js';

/** Where the command writes. */
interface ReportIo {
  readonly stdout: NodeJS.WritableStream;
  readonly stderr: NodeJS.WritableStream;
}

export const REPORT_HELP = `padan report — the steward report: one self-contained HTML file (works offline)

Usage:
  padan report --in FILE [--in FILE …] --out report.html [--model model.json] [--title TEXT]

Resolves the input (with the given model, or trains the DTSEN preset on it) and writes the report:
model weights and m/u per level, training, blocking, review pairs with a waterfall of their weights,
clusters as graphs, thresholds with estimated precision/recall, and review buttons whose decisions are
exported as a decision file for the entity store. NIK/KK are masked throughout.
`;

/** Runs `padan report` on its arguments; resolves to the exit code. */
export async function reportCommand(args: readonly string[], io: ReportIo): Promise<number> {
  const { values } = parseArgs({
    args: [...args],
    options: {
      in: { type: 'string', multiple: true },
      out: { type: 'string' },
      model: { type: 'string' },
      title: { type: 'string' },
      help: { type: 'boolean', short: 'h', default: false },
    },
    strict: true,
    allowPositionals: false,
  });
  if (values.help) {
    io.stdout.write(REPORT_HELP);
    return 0;
  }
  const inputs = values.in ?? [];
  if (inputs.length === 0 || values.out === undefined) {
    io.stderr.write('padan: report needs at least one --in FILE and --out FILE (see padan report --help)\n');
    return 2;
  }
  const model = values.model === undefined ? undefined : readModel(values.model);
  let read;
  try {
    read = await readRecordFiles(inputs);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    io.stderr.write(`padan: ${redactIdentifiers(`cannot read input: ${code ?? (error as Error).message}`)}\n`);
    return 1;
  }
  const resolution = resolvePersons(read.records, model === undefined ? undefined : { model });
  if (resolution.records.length === 0) {
    io.stderr.write('padan: no record could be resolved: nothing to report\n');
    return 1;
  }
  const html = renderReport(resolution, values.title === undefined ? undefined : { title: values.title });
  mkdirSync(dirname(values.out), { recursive: true });
  writeFileSync(values.out, html);
  io.stdout.write(
    `padan report: ${resolution.records.length} records, ${resolution.clusters.length} persons, ${resolution.review.length} review pairs → ${values.out} (${(html.length / 1024 / 1024).toFixed(1)} MiB)\n`,
  );
  return 0;
}
