/**
 * A small progress display on stderr. On a TTY it redraws one line: a bar, the stage, its counts
 * (`1,204,000/4,800,000 pairs`), rate and ETA when the stage reports them (`advance`), else its
 * elapsed time. Otherwise (CI logs, pipes) it prints one line per finished stage and nothing more.
 * Resolution stages are synchronous, so the line moves only when the running stage calls back.
 */

/** The progress display. */
export interface Progress {
  readonly start: (stage: string) => void;
  /** A detail for the running stage (`120,000 records`). */
  readonly update: (detail: string) => void;
  /** Counts of the running stage: `done` of `total` units; the bar shows them with the rate and ETA. */
  readonly advance: (done: number, total: number, unit: string) => void;
  readonly end: (stage: string, ms: number) => void;
  /** Clears the TTY line. */
  readonly done: () => void;
}

const WIDTH = 20;
/** Least time between two redraws: a redraw is a write to the terminal. */
const REDRAW_MS = 100;

const seconds = (ms: number): string => `${(ms / 1000).toFixed(1)} s`;

/** 1234567 → `1,234,567`; 12_345_678 → `12.3M` (the line stays short). */
function countText(value: number): string {
  if (value >= 10_000_000) return `${(value / 1_000_000).toFixed(1)}M`;
  return Math.round(value).toLocaleString('en-US');
}

/** `412k/s`, `3,200/s`, `0.5/s`. */
function rateText(perSecond: number): string {
  if (perSecond >= 100_000) return `${Math.round(perSecond / 1000)}k/s`;
  if (perSecond >= 10) return `${Math.round(perSecond).toLocaleString('en-US')}/s`;
  return `${perSecond.toFixed(1)}/s`;
}

/** `ETA 42 s`, `ETA 3 min 5 s`, `ETA 2 h 10 min`. */
function etaText(ms: number): string {
  const total = Math.ceil(ms / 1000);
  if (total < 60) return `ETA ${total} s`;
  if (total < 3600) return `ETA ${Math.floor(total / 60)} min ${total % 60} s`;
  return `ETA ${Math.floor(total / 3600)} h ${Math.floor((total % 3600) / 60)} min`;
}

/** Counts of the running stage, when it reports them. */
interface Counts {
  done: number;
  total: number;
  unit: string;
}

/**
 * The line drawn for the running stage (exported for tests): bar of its counts (or of the stages
 * finished when it reports none), stage number, counts, rate and ETA, total time.
 */
export function progressLine(stages: number, finished: number, stage: string, stageMs: number, totalMs: number, counts: Counts | null, detail: string): string {
  const share = counts !== null && counts.total > 0 ? Math.min(1, counts.done / counts.total) : finished / Math.max(1, stages);
  const filled = Math.round(WIDTH * share);
  const bar = '█'.repeat(filled) + '░'.repeat(WIDTH - filled);
  const parts = [`${bar} ${finished}/${stages} ${stage}`];
  if (counts !== null && counts.total > 0) {
    parts.push(`${countText(counts.done)}/${countText(counts.total)} ${counts.unit}`);
    // A rate is shown once the stage has run long enough for it to mean something.
    if (counts.done > 0 && stageMs >= 200) {
      const perMs = counts.done / stageMs;
      parts.push(rateText(perMs * 1000));
      if (counts.done < counts.total) parts.push(etaText((counts.total - counts.done) / perMs));
    }
  }
  parts.push(seconds(stageMs));
  if (detail !== '') parts.push(detail);
  return `${parts.join(' · ')} (total ${seconds(totalMs)})`;
}

/** Creates a progress display over the expected stage names (their count sizes the bar). */
export function createProgress(stages: readonly string[], stream: NodeJS.WriteStream = process.stderr, enabled = true): Progress {
  const tty = stream.isTTY === true;
  const drawing = enabled && tty;
  const began = performance.now();
  let current = '';
  let stageStarted = began;
  let detail = '';
  let counts: Counts | null = null;
  const finished = new Set<string>();
  let lastDraw = 0;

  const draw = (force: boolean): void => {
    const now = performance.now();
    if (!force && now - lastDraw < REDRAW_MS) return;
    lastDraw = now;
    const line = progressLine(stages.length, finished.size, current, now - stageStarted, now - began, counts, detail);
    stream.write(`\r\x1b[K${line.slice(0, (stream.columns ?? 100) - 1)}`);
  };

  return {
    start: (stage) => {
      current = stage;
      detail = '';
      counts = null;
      stageStarted = performance.now();
      if (drawing) draw(true);
    },
    update: (text) => {
      detail = text;
      if (drawing) draw(false);
    },
    advance: (done, total, unit) => {
      if (!drawing) return;
      if (counts === null) counts = { done, total, unit };
      else {
        counts.done = done;
        counts.total = total;
        counts.unit = unit;
      }
      draw(false);
    },
    end: (stage, ms) => {
      finished.add(stage);
      if (!enabled) return;
      if (tty) draw(true);
      else stream.write(`[padan] ${stage.padEnd(9)} ${seconds(ms).padStart(8)}  (total ${seconds(performance.now() - began)})\n`);
    },
    done: () => {
      if (drawing) stream.write('\r\x1b[K');
    },
  };
}
