import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { createProgress, progressLine } from '../../src/cli/progress.js';
import { runCli } from '../../src/cli/runCli.js';
import { generateSources } from '../../src/synth/index.js';

// Protects the CLI's progress display (issue 23): on a terminal, counts with a rate and an ETA inside
// a stage; in a log or a pipe, one line per finished stage and nothing else, as before.

function stream(tty: boolean): { stream: NodeJS.WriteStream; text: () => string } {
  const passThrough = new PassThrough();
  let text = '';
  passThrough.on('data', (chunk: Buffer) => (text += chunk.toString()));
  Object.assign(passThrough, { isTTY: tty, columns: 200 });
  return { stream: passThrough as unknown as NodeJS.WriteStream, text: () => text };
}

describe('progress display', () => {
  it('draws counts, rate and ETA for a stage that reports them', () => {
    expect(progressLine(11, 3, 'compare', 2000, 9000, { done: 1_000_000, total: 4_000_000, unit: 'comparisons' }, '')).toBe(
      '█████░░░░░░░░░░░░░░░ 3/11 compare · 1,000,000/4,000,000 comparisons · 500k/s · ETA 6 s · 2.0 s (total 9.0 s)',
    );
    expect(progressLine(11, 4, 'score', 100_000, 200_000, { done: 1_000, total: 13_000_000, unit: 'comparisons' }, '')).toContain(
      '1,000/13.0M comparisons · 10/s · ETA 361 h 5 min',
    );
    expect(progressLine(11, 4, 'score', 10_000, 20_000, { done: 1_000, total: 2_000_000, unit: 'comparisons' }, '')).toContain('100/s · ETA 5 h 33 min');
    expect(progressLine(11, 4, 'score', 10_000, 20_000, { done: 1_000, total: 20_000, unit: 'comparisons' }, '')).toContain('100/s · ETA 3 min 10 s');
    // Before it reports counts, a stage shows the share of stages finished and its time.
    expect(progressLine(4, 2, 'train', 1500, 3000, null, '')).toBe('██████████░░░░░░░░░░ 2/4 train · 1.5 s (total 3.0 s)');
    // No rate in a stage's first moments, and no ETA once done.
    expect(progressLine(4, 0, 'validate', 50, 50, { done: 10, total: 100, unit: 'records' }, '')).not.toContain('/s');
    expect(progressLine(4, 0, 'validate', 5000, 5000, { done: 100, total: 100, unit: 'records' }, '')).not.toContain('ETA');
  });

  it('redraws one line on a terminal', () => {
    const out = stream(true);
    const progress = createProgress(['validate', 'compare'], out.stream);
    progress.start('validate');
    progress.advance(5, 10, 'records');
    progress.end('validate', 12);
    progress.done();
    expect(out.text()).toContain('\r\x1b[K');
    expect(out.text()).toContain('/10 records');
    expect(out.text()).not.toContain('\n');
  });

  it('prints only finished stages when stderr is not a terminal', () => {
    const out = stream(false);
    const progress = createProgress(['validate'], out.stream);
    progress.start('validate');
    progress.advance(5, 10, 'records');
    progress.update('detail');
    progress.end('validate', 1234);
    progress.done();
    expect(out.text()).toMatch(/^\[padan\] validate {5}1\.2 s {2}\(total \d+\.\d s\)\n$/);
  });

  it('keeps padan resolve quiet in a log: one line per stage, no bars', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'padan-cli-progress-'));
    const lines: string[] = [];
    for (const item of generateSources({ persons: 100, seed: 3 })) if (item.kind === 'person') lines.push(JSON.stringify(item.record));
    writeFileSync(join(dir, 'persons.ndjson'), `${lines.join('\n')}\n`);
    const stdout = new PassThrough();
    const stderr = stream(false);
    expect(await runCli(['resolve', '--in', join(dir, 'persons.ndjson'), '--out', join(dir, 'out')], { stdout, stderr: stderr.stream })).toBe(0);
    const stages = stderr.text().trimEnd().split('\n');
    expect(stages.map((line) => line.split(/\s+/)[1])).toEqual([
      'read',
      'validate',
      'prepare',
      'block',
      'compare',
      'train',
      'score',
      'cluster',
      'merge',
      'write',
    ]);
    for (const line of stages) expect(line).toMatch(/^\[padan\] \w+ +\d+\.\d s {2}\(total \d+\.\d s\)$/);
    const quiet = stream(false);
    expect(
      await runCli(['resolve', '--in', join(dir, 'persons.ndjson'), '--out', join(dir, 'out'), '--quiet'], { stdout: new PassThrough(), stderr: quiet.stream }),
    ).toBe(0);
    expect(quiet.text()).toBe('');
  });
});
