/**
 * The `padan` command line: batch files in, unified records out. A thin layer over the library:
 * read files → resolvePersons → merge with the DTSEN policy → write the output folder.
 */
import { accessSync, constants, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { PadanError } from '../_internal/error.js';
import { redactedJson, redactIdentifiers } from '../_internal/redact.js';
import { indexResolution, resolvePersons, type PersonResolution, type PersonStage } from '../resolve.js';
import { serializeModel } from '../model/serializeModel.js';
import { partitionedResolve, workerCommand } from './partitionedCommand.js';
import { createProgress } from './progress.js';
import { groupFamilies, type FamilyGrouping } from '../group/groupFamilies.js';
import { groupHouseholds, type HouseholdGrouping } from '../group/groupHouseholds.js';
import { SHIPPED_MAPPINGS, type ColumnMapping } from '../read/columnMapping.js';
import type { Rejection } from '../schema/validate.js';
import { fillEnvelope, readRecordFiles, type KindRecords, type ReadResult, type RecordFileKind } from './readRecords.js';
import { readModel } from './readModel.js';
import { loadRegistryModule, registryModuleSpecifier } from './registryModule.js';
import { reportCommand } from './reportCommand.js';
import { writeFamilies, writeHouseholds } from './writeGroups.js';
import { writeLinks } from './writeLinks.js';
import { writeNdjson, writePersons, writeReview, type ProvenanceDetail } from './writeOutputs.js';

/** Where the CLI writes; tests and embedders pass their own streams. */
export interface CliIo {
  readonly stdout: NodeJS.WritableStream;
  readonly stderr: NodeJS.WriteStream;
}

const HELP = `padan — entity resolution for Indonesian person records (DTSEN)

Usage:
  padan resolve --in FILE [--in FILE …] --out DIR [options]
  padan report --in FILE [--in FILE …] --out report.html [--model FILE]   (padan report --help)
  padan resolve --partitioned --in FILE … --out DIR [--workers N | --queue redis://HOST:PORT]
  padan worker --queue redis://HOST:PORT
  padan --help | --version

resolve: reads person records, matches them into persons, merges each person with the DTSEN
survivorship policy and writes to DIR:
  persons.ndjson     one unified person per line, with provenance, conflicts and member records
  links.csv          source, recordId → personId, familyId, householdId: to join back by record
  review.ndjson      uncertain or refused pairs for a data steward (NIK/KK masked), with explanations
  rejections.ndjson  every input line or record that was not resolved, with its file, line and reason
  report.json        counts, blocking, training, timings; every input line accounted for

Input: NDJSON (one JSON record per line; field names in docs/CONTRACTS.md, in the package) or CSV with a header row
(.csv .tsv .txt; dotted columns for nested fields: address.villageCode, channel.kind), UTF-8 with
or without BOM or Windows-1252 (detected and reported). Person, family (KK) and dwelling files:
families and dwellings are grouped into families.ndjson and households.ndjson.

Rows without the envelope take it from the file: a row's own source, channel and observedAt win.
A record is refused only when it cannot be identified (no source/recordId, no usable observedAt,
neither a name nor a NIK); any other unreadable field is dropped with a warning (report.json counts
them by field and code) and its raw text kept in the record's extra.dropped.

Options:
  --in FILE            input file (repeatable)
  --out DIR            output folder (created if missing; checked before anything is read)
  --source NAME        source of rows that have none (e.g. dtks)
  --channel KIND       channel of rows that have none (default registry): registry, survey,
                       formal:LEVEL, citizen:ACTION:STATUS, or JSON
  --observed-at DATE   observation date of rows that have none (YYYY-MM-DD)
  --max-rejected SHARE exit 1 when more than this share of records (0–1) is refused
                       (always exit 1 when no person record resolves)
  --kind KIND          person, family or dwelling for every --in file (default: detected
                       per file from its columns, and said in the summary and report)
  --mapping FILE|NAME  column mapping: a JSON object { "SOURCE_COLUMN": "padan.field" }, or a
                       shipped one: dtks, regsosek, p3ke (common names such as NAMA_LENGKAP,
                       JENIS_KELAMIN, TGL_LAHIR, NO_KK, RT_RW are always understood)
  --map COLUMN=FIELD   map one column (repeatable), e.g. --map NAMA_KRT=name
  --delimiter CHAR     CSV delimiter (default detected: , ; tab |)
  --max-line-bytes N   longest line read (default 4194304); longer lines are refused
  --model FILE         a trained model (model.json) to use as is, or a model spec to train
  --save-model FILE    write the model used (trained on this input unless --model was trained)
  --registry MODULE    the module (path or package) exporting the model registry of preparers,
                       level kinds and key transforms --model names (createModelRegistry), as
                       \`registry\` or default; partition jobs and workers import it too
  --provenance LEVEL   how much provenance persons.ndjson carries per unified field: summary
                       (default: rule, source record, number of losing values), full (also every
                       losing value and the citizen history), none
  --quiet              no progress on stderr
  --partitioned        resolve out of core, region by region (input of any size): one model
                       trained on a sample, a worker-thread pool, a cross-partition pass for movers;
                       also writes families.ndjson and households.ndjson
  --workers N          threads of the local pool (default: the machine's cores)
  --queue URL          run the partition jobs on a BullMQ queue on Redis instead (start
                       \`padan worker --queue URL\` on any machine that sees --work-dir)
  --work-dir DIR       partition files and job results (default DIR/.work; shared storage with --queue)
  --max-partition-records N
                       a regency with more person records is resolved district by district
                       (default 1000000), so a job's memory stays bounded
  --link-shard-mb N    MiB of cross-partition records one link job reads, at most (default 128),
                       so a link job's memory stays bounded
  -h, --help           this help
  --version            print the version
`;

function fail(io: CliIo, message: string, code: number): number {
  io.stderr.write(`padan: ${redactIdentifiers(message)}\n`);
  return code;
}

function versionOf(): string {
  try {
    const url = new URL('../../package.json', import.meta.url);
    return (JSON.parse(readFileSync(url, 'utf8')) as { version?: string }).version ?? 'unknown';
  } catch {
    return 'unknown';
  }
}

function countBy(items: Iterable<string>): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const item of items) counts[item] = (counts[item] ?? 0) + 1;
  return counts;
}

/** Every rejection with where it came from, in file and line order. */
function collectRejections(read: ReadResult, resolution: PersonResolution, groups: Groups | undefined, files: readonly string[]): unknown[] {
  const validated = (from: KindRecords, rejections: readonly Rejection[]) =>
    rejections.map((r) => {
      const origin = from.origins[r.index];
      return {
        file: origin?.file ?? null,
        line: origin?.line ?? null,
        stage: 'validate',
        ...(r.source !== undefined ? { source: r.source } : {}),
        ...(r.recordId !== undefined ? { recordId: r.recordId } : {}),
        issues: r.issues,
      };
    });
  const all = [
    ...read.rejections.map((r) => ({ file: r.file, line: r.line, stage: 'read', issues: r.issues })),
    ...validated(read, resolution.rejections),
    ...(groups === undefined ? [] : [...validated(read.families, groups.families.rejections), ...validated(read.dwellings, groups.households.rejections)]),
  ];
  return all.sort((a, b) => files.indexOf(a.file ?? '') - files.indexOf(b.file ?? '') || (a.line ?? 0) - (b.line ?? 0));
}

interface Groups {
  readonly families: FamilyGrouping;
  readonly households: HouseholdGrouping;
}

/** The column mapping of `--mapping` (a JSON file, or a shipped name) and `--map COLUMN=field` flags. */
function readMapping(file: string | undefined, pairs: readonly string[]): ColumnMapping | undefined {
  let mapping: Record<string, string> | undefined;
  if (file !== undefined) {
    if (Object.hasOwn(SHIPPED_MAPPINGS, file)) mapping = { ...SHIPPED_MAPPINGS[file as keyof typeof SHIPPED_MAPPINGS] };
    else {
      let value: unknown;
      try {
        value = JSON.parse(readFileSync(file, 'utf8'));
      } catch (error) {
        throw new PadanError('invalid-config', `cannot read --mapping ${file}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`);
      }
      if (typeof value !== 'object' || value === null || Array.isArray(value) || Object.values(value).some((field) => typeof field !== 'string')) {
        throw new PadanError('invalid-config', `--mapping ${file} must be a JSON object of column name → padan field, e.g. { "NAMA_LENGKAP": "name" }`);
      }
      mapping = value as Record<string, string>;
    }
  }
  for (const pair of pairs) {
    const at = pair.indexOf('=');
    if (at <= 0 || at === pair.length - 1) throw new PadanError('invalid-config', `--map ${pair}: expected COLUMN=field, e.g. --map NAMA_LENGKAP=name`);
    (mapping ??= {})[pair.slice(0, at).trim()] = pair.slice(at + 1).trim();
  }
  return mapping;
}

async function resolveCommand(args: readonly string[], io: CliIo): Promise<number> {
  const { values } = parseArgs({
    args: [...args],
    options: {
      in: { type: 'string', multiple: true },
      out: { type: 'string' },
      model: { type: 'string' },
      'save-model': { type: 'string' },
      registry: { type: 'string' },
      source: { type: 'string' },
      channel: { type: 'string' },
      'observed-at': { type: 'string' },
      'max-rejected': { type: 'string' },
      kind: { type: 'string' },
      mapping: { type: 'string' },
      map: { type: 'string', multiple: true },
      delimiter: { type: 'string' },
      'max-line-bytes': { type: 'string' },
      quiet: { type: 'boolean', default: false },
      partitioned: { type: 'boolean', default: false },
      workers: { type: 'string' },
      queue: { type: 'string' },
      'work-dir': { type: 'string' },
      'max-partition-records': { type: 'string' },
      'link-shard-mb': { type: 'string' },
      provenance: { type: 'string', default: 'summary' },
      help: { type: 'boolean', short: 'h', default: false },
    },
    strict: true,
    allowPositionals: false,
  });
  if (values.help) {
    io.stdout.write(HELP);
    return 0;
  }
  const inputs = values.in ?? [];
  if (inputs.length === 0) return fail(io, 'resolve needs at least one --in FILE (see padan --help)', 2);
  if (values.out === undefined) return fail(io, 'resolve needs --out DIR (see padan --help)', 2);
  const out = values.out;
  // A bad output folder is found before the run, not after it.
  try {
    mkdirSync(out, { recursive: true });
    accessSync(out, constants.W_OK);
  } catch (error) {
    return fail(io, `cannot write to --out ${out}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`, 2);
  }
  const maxRejected = values['max-rejected'] === undefined ? undefined : Number(values['max-rejected']);
  if (maxRejected !== undefined && !(maxRejected >= 0 && maxRejected <= 1)) return fail(io, '--max-rejected must be a share from 0 to 1, e.g. 0.05', 2);
  const defaults = {
    ...(values.source !== undefined ? { source: values.source } : {}),
    // Without --channel, rows without a channel are registry records (the channel that claims least).
    channel: values.channel !== undefined ? channelFlag(values.channel) : { kind: 'registry' },
    ...(values['observed-at'] !== undefined ? { observedAt: values['observed-at'] } : {}),
  };
  const kind = values.kind as RecordFileKind | undefined;
  if (kind !== undefined && kind !== 'person' && kind !== 'family' && kind !== 'dwelling') return fail(io, '--kind must be person, family or dwelling', 2);
  const mapping = readMapping(values.mapping, values.map ?? []);
  const delimiter = values.delimiter === '\\t' || values.delimiter === 'tab' ? '\t' : values.delimiter;
  if (delimiter !== undefined && delimiter.length !== 1) return fail(io, '--delimiter must be one character (or tab)', 2);
  const maxLineBytes = values['max-line-bytes'] === undefined ? undefined : Number(values['max-line-bytes']);
  if (maxLineBytes !== undefined && !(Number.isInteger(maxLineBytes) && maxLineBytes > 0))
    return fail(io, '--max-line-bytes must be a positive whole number', 2);
  const provenance = values.provenance as ProvenanceDetail;
  if (provenance !== 'full' && provenance !== 'summary' && provenance !== 'none') return fail(io, '--provenance must be full, summary or none', 2);
  const began = performance.now();
  const model = values.model !== undefined ? readModel(values.model) : undefined;
  if (values.partitioned) {
    return partitionedResolve(
      {
        inputs,
        out,
        model,
        registry: values.registry,
        workers: values.workers,
        queue: values.queue,
        workDir: values['work-dir'],
        maxPartitionRecords: values['max-partition-records'],
        linkShardMb: values['link-shard-mb'],
        saveModel: values['save-model'],
        quiet: values.quiet,
        provenance,
        ...(mapping !== undefined ? { mapping } : {}),
        ...(kind !== undefined ? { kind } : {}),
        defaults,
        ...(delimiter !== undefined ? { delimiter } : {}),
        ...(maxLineBytes !== undefined ? { maxLineBytes } : {}),
        ...(maxRejected !== undefined ? { maxRejected } : {}),
      },
      io,
    );
  }
  // A registry module that is missing or exports none is refused before any record is read.
  const registry = values.registry === undefined ? undefined : await loadRegistryModule(registryModuleSpecifier(values.registry));

  const progress = createProgress(
    ['read', 'validate', 'prepare', 'block', 'compare', 'train', 'score', 'cluster', 'group', 'merge', 'write'],
    io.stderr,
    !values.quiet,
  );
  const stageMs: Record<string, number> = {};
  const timed = async <T>(stage: string, work: () => T | Promise<T>): Promise<T> => {
    progress.start(stage);
    const started = performance.now();
    const result = await work();
    stageMs[stage] = performance.now() - started;
    progress.end(stage, stageMs[stage] as number);
    return result;
  };

  let read: ReadResult;
  try {
    read = await timed('read', () =>
      readRecordFiles(inputs, {
        envelopeGiven: Object.keys(defaults) as ('source' | 'observedAt' | 'channel')[],
        ...(kind !== undefined ? { kind } : {}),
        ...(mapping !== undefined ? { mapping } : {}),
        ...(delimiter !== undefined ? { delimiter } : {}),
        ...(maxLineBytes !== undefined ? { maxLineBytes } : {}),
      }),
    );
  } catch (error) {
    progress.done();
    if (error instanceof PadanError) return fail(io, error.message, 1);
    const code = (error as NodeJS.ErrnoException).code;
    return fail(
      io,
      `cannot read input: ${code ?? (error as Error).message}${(error as { path?: string }).path ? ` (${(error as { path?: string }).path})` : ''}`,
      1,
    );
  }

  // resolvePersons may run a stage in pieces back to back (prepare): report it once, with its total.
  let ended: { stage: PersonStage; ms: number } | null = null;
  const finish = (): void => {
    if (ended === null) return;
    stageMs[ended.stage] = ended.ms;
    progress.end(ended.stage, ended.ms);
    ended = null;
  };
  const resolution = resolvePersons(read.records, {
    ...(model !== undefined ? { model } : {}),
    ...(registry !== undefined ? { registry } : {}),
    ...(Object.keys(defaults).length > 0 ? { defaults } : {}),
    onStage: (stage, phase, ms) => {
      if (phase === 'end') ended = { stage, ms: (ended?.stage === stage ? ended.ms : 0) + ms };
      else if (ended?.stage !== stage) {
        finish();
        progress.start(stage);
      }
    },
    onProgress: ({ done, total, unit }) => progress.advance(done, total, unit),
  });
  finish();

  // Families (KK) and dwellings, when files of those kinds were given: grouped on the resolved persons.
  let groups: Groups | undefined;
  if (read.families.records.length > 0 || read.dwellings.records.length > 0) {
    fillEnvelope(read.families.records, defaults);
    fillEnvelope(read.dwellings.records, defaults);
    groups = await timed('group', () => {
      progress.advance(0, 3, 'steps');
      const personIndex = indexResolution(resolution);
      progress.advance(1, 3, 'steps');
      const families = groupFamilies(resolution, read.families.records, { personIndex });
      progress.advance(2, 3, 'steps');
      const households = groupHouseholds(resolution, families, read.dwellings.records, { personIndex });
      progress.advance(3, 3, 'steps');
      return { families, households };
    });
  }

  const merged = await timed('merge', () =>
    writePersons(join(out, 'persons.ndjson'), resolution, { provenance, onProgress: (done, total) => progress.advance(done, total, 'persons') }),
  );
  const rejections = collectRejections(read, resolution, groups, inputs);
  const reviewCount = await timed('write', () => {
    writeNdjson(join(out, 'rejections.ndjson'), rejections, { redact: true });
    if (groups !== undefined) {
      writeFamilies(join(out, 'families.ndjson'), resolution, groups.families);
      writeHouseholds(join(out, 'households.ndjson'), resolution, groups.families, groups.households);
    }
    // The bar counts the rows of links.csv, then of review.ndjson (the slow ones: each explains its pair).
    const linkRows = resolution.records.length + (groups === undefined ? 0 : groups.families.familyRecords.length + groups.households.dwellingRecords.length);
    const rows = linkRows + resolution.review.length;
    writeLinks(join(out, 'links.csv'), resolution, groups, { onProgress: (done) => progress.advance(done, rows, 'rows') });
    if (values['save-model'] !== undefined) writeFileSync(values['save-model'], serializeModel(resolution.model));
    return writeReview(join(out, 'review.ndjson'), resolution, (done) => progress.advance(linkRows + done, rows, 'rows'));
  });
  progress.done();

  const { report } = resolution;
  const familyRejections = groups?.families.rejections ?? [];
  const dwellingRejections = groups?.households.rejections ?? [];
  const invalidByFile = countBy([
    ...resolution.rejections.map((r) => read.origins[r.index]?.file ?? ''),
    ...familyRejections.map((r) => read.families.origins[r.index]?.file ?? ''),
    ...dwellingRejections.map((r) => read.dwellings.origins[r.index]?.file ?? ''),
  ]);
  const files = read.files.map((f) => ({ ...f, invalid: invalidByFile[f.file] ?? 0, resolved: f.records - (invalidByFile[f.file] ?? 0) }));
  const kindCount = (records: number, invalid: number) => ({ read: records, invalid, resolved: records - invalid });
  const totalMs = performance.now() - began;
  const result = {
    kind: 'padan/resolve-report',
    version: 1,
    padan: versionOf(),
    inputs: files,
    accounting: {
      lines: files.reduce((s, f) => s + f.lines, 0),
      blankLines: files.reduce((s, f) => s + f.blankLines, 0),
      unreadable: read.rejections.length,
      recordsRead: read.records.length + read.families.records.length + read.dwellings.records.length,
      invalid: resolution.rejections.length + familyRejections.length + dwellingRejections.length,
      resolved: report.recordsValid + read.families.records.length - familyRejections.length + read.dwellings.records.length - dwellingRejections.length,
      byKind: {
        person: kindCount(read.records.length, resolution.rejections.length),
        family: kindCount(read.families.records.length, familyRejections.length),
        dwelling: kindCount(read.dwellings.records.length, dwellingRejections.length),
      },
    },
    // Fields set to missing because they could not be read, by field then code (raw text in extra.dropped).
    droppedFields: resolution.validation.dropped,
    persons: report.clusters,
    candidatePairs: report.candidatePairs,
    matchedPairs: report.matchedPairs,
    reductionRatio: report.reductionRatio,
    blocking: report.blocking,
    training: report.training,
    model: { name: resolution.model.spec.name, given: values.model ?? null, trainedOnThisInput: report.training !== null },
    reviewQueue: reviewCount,
    reviewByReason: countBy(resolution.review.map((r) => r.reason)),
    flags: countBy(resolution.flags.map((f) => f.code)),
    conflicts: merged.conflicts,
    personsWithConflicts: merged.personsWithConflicts,
    contestedFields: merged.contestedFields,
    mergePolicyFingerprint: merged.fingerprint,
    stageMs: Object.fromEntries(Object.entries(stageMs).map(([k, v]) => [k, Math.round(v)])),
    totalMs: Math.round(totalMs),
  };
  writeFileSync(join(out, 'report.json'), `${redactedJson(result, 2)}\n`);

  const a = result.accounting;
  io.stdout.write(
    redactIdentifiers(
      [
        `padan resolve: ${inputs.length} file(s), ${a.lines} lines → ${a.recordsRead} records read (${a.blankLines} blank, ${a.unreadable} unreadable)`,
        ...files.map(
          (f) =>
            `  ${f.file}: ${f.kind} file (${f.kindFrom})${f.encoding !== 'utf-8' ? `, ${f.linesNotUtf8} lines read as Windows-1252` : ''}${f.delimiter !== undefined && f.delimiter !== ',' ? `, delimiter ${JSON.stringify(f.delimiter)}` : ''}`,
        ),
        `  ${a.resolved} records resolved into ${report.clusters} persons${groups !== undefined ? `, ${groups.families.families.length} families, ${groups.households.households.length} households` : ''} · ${a.invalid} invalid records rejected`,
        ...droppedSummary(resolution.validation.dropped),
        `  review queue ${reviewCount} · conflicts high ${merged.conflicts.high}, medium ${merged.conflicts.medium}, low ${merged.conflicts.low}`,
        `  wrote ${join(out, 'persons.ndjson')}, links.csv, review.ndjson, rejections.ndjson (${rejections.length}), report.json${values['save-model'] !== undefined ? ` and ${values['save-model']}` : ''} in ${(totalMs / 1000).toFixed(1)} s`,
        // Training that collapsed or had too little data says so where the operator looks.
        ...(report.training?.warnings ?? []).map((w) => `  warning (training, ${w.code}): ${w.message}`),
        '',
      ].join('\n'),
    ),
  );
  if (a.byKind.person.resolved === 0)
    return fail(io, `no person record was resolved: all ${a.byKind.person.read} read were refused (see ${join(out, 'rejections.ndjson')})`, 1);
  const refusedShare = (a.invalid + a.unreadable) / Math.max(1, a.recordsRead + a.unreadable);
  if (maxRejected !== undefined && refusedShare > maxRejected) {
    return fail(
      io,
      `${(refusedShare * 100).toFixed(1)}% of records were refused, above --max-rejected ${maxRejected} (see ${join(out, 'rejections.ndjson')})`,
      1,
    );
  }
  return 0;
}

/** The lines of the summary that say which fields were dropped, most first. */
function droppedSummary(dropped: Record<string, Record<string, number>>): string[] {
  const fields = Object.entries(dropped).map(([field, byCode]) => [field, Object.values(byCode).reduce((sum, n) => sum + n, 0)] as const);
  if (fields.length === 0) return [];
  fields.sort((x, y) => y[1] - x[1] || (x[0] < y[0] ? -1 : 1));
  return [`  dropped fields (unreadable, kept in extra.dropped): ${fields.map(([field, n]) => `${field} ${n}`).join(', ')}`];
}

/** `--channel`: a kind, `formal:LEVEL`, `citizen:ACTION:STATUS`, or JSON. */
function channelFlag(text: string): unknown {
  if (text.trim().startsWith('{')) {
    try {
      return JSON.parse(text) as unknown;
    } catch {
      throw new PadanError('invalid-config', '--channel is not valid JSON');
    }
  }
  const [kind, first, second] = text.split(':').map((part) => part.trim());
  if (kind === 'formal') return { kind, verificationLevel: first };
  if (kind === 'citizen') return { kind, action: first, status: second };
  return { kind };
}

/**
 * Runs the CLI on arguments (without `node` and the script); resolves to the exit code.
 *
 * @example
 * process.exitCode = await runCli(['resolve', '--in', 'a.ndjson', '--out', 'out'], process);
 */
export async function runCli(argv: readonly string[], io: CliIo): Promise<number> {
  const [command, ...rest] = argv;
  try {
    if (command === undefined || command === '--help' || command === '-h' || command === 'help') {
      io.stdout.write(HELP);
      return command === undefined ? 2 : 0;
    }
    if (command === '--version' || command === '-v') {
      io.stdout.write(`${versionOf()}\n`);
      return 0;
    }
    if (command === 'resolve') return await resolveCommand(rest, io);
    if (command === 'report') return await reportCommand(rest, io);
    if (command === 'worker') return await workerCommand(rest, io);
    return fail(io, `unknown command "${command}" (see padan --help)`, 2);
  } catch (error) {
    if (error instanceof PadanError) return fail(io, `${error.code}: ${error.message}`, 1);
    // parseArgs reports unknown or malformed options as TypeErrors with a code.
    if ((error as { code?: string }).code?.startsWith('ERR_PARSE_ARGS') === true) return fail(io, `${(error as Error).message} (see padan --help)`, 2);
    return fail(io, `unexpected error: ${(error as Error).message}`, 1);
  }
}
