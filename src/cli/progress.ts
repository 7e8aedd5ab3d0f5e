/**
 * A small progress display on stderr: a bar of stages done, the current stage and its elapsed time.
 * On a TTY it redraws one line; otherwise (CI logs, pipes) it prints one line per finished stage.
 * Resolution stages are synchronous, so the line moves at stage boundaries and on `update` calls.
 */

/** The progress display. */
export interface Progress {
  readonly start: (stage: string) => void;
  /** A detail for the running stage (`120,000 records`). */
  readonly update: (detail: string) => void;
  readonly end: (stage: string, ms: number) => void;
  /** Clears the TTY line. */
  readonly done: () => void;
}

const WIDTH = 20;

const seconds = (ms: number): string => `${(ms / 1000).toFixed(1)} s`;

/** Creates a progress display over the expected stage names (their count sizes the bar). */
export function createProgress(stages: readonly string[], stream: NodeJS.WriteStream = process.stderr, enabled = true): Progress {
  const tty = stream.isTTY === true;
  const began = performance.now();
  let current = '';
  let stageStarted = began;
  let detail = '';
  const finished = new Set<string>();
  let lastDraw = 0;

  const draw = (force: boolean): void => {
    if (!enabled || !tty) return;
    const now = performance.now();
    if (!force && now - lastDraw < 100) return;
    lastDraw = now;
    const filled = Math.round((WIDTH * finished.size) / Math.max(1, stages.length));
    const bar = '█'.repeat(filled) + '░'.repeat(WIDTH - filled);
    const line = `${bar} ${finished.size}/${stages.length} ${current} ${seconds(now - stageStarted)}${detail ? ` · ${detail}` : ''} (total ${seconds(now - began)})`;
    stream.write(`\r\x1b[K${line.slice(0, (stream.columns ?? 100) - 1)}`);
  };

  return {
    start: (stage) => {
      current = stage;
      detail = '';
      stageStarted = performance.now();
      draw(true);
    },
    update: (text) => {
      detail = text;
      draw(false);
    },
    end: (stage, ms) => {
      finished.add(stage);
      if (!enabled) return;
      if (tty) draw(true);
      else stream.write(`[padan] ${stage.padEnd(9)} ${seconds(ms).padStart(8)}  (total ${seconds(performance.now() - began)})\n`);
    },
    done: () => {
      if (enabled && tty) stream.write('\r\x1b[K');
    },
  };
}
