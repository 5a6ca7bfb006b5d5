/**
 * The progress bar of `xfslab grade`: one line on stderr, redrawn in place, only when stderr is a
 * terminal (a log file or CI output gets no control characters).
 */
import type { CliIo } from './cli-io.js';

/** A progress bar over `total` items. */
export interface Progress {
  tick(label: string): void;
  done(): void;
}

const WIDTH = 30;

/** A progress bar on `io.err`, or one that draws nothing when stderr is not a terminal. */
export function progressBar(io: CliIo, total: number, now: () => number = () => Date.now()): Progress {
  if (!io.errIsTty || total === 0) return { tick: () => undefined, done: () => undefined };
  const start = now();
  let n = 0;
  const draw = (label: string) => {
    const filled = Math.round((n / total) * WIDTH);
    const secs = Math.round((now() - start) / 1000);
    io.err(`\r\x1b[2K[${'#'.repeat(filled)}${'.'.repeat(WIDTH - filled)}] ${n}/${total} ${secs}s ${label.slice(0, 40)}`);
  };
  draw('');
  return {
    tick: (label) => {
      n++;
      draw(label);
    },
    done: () => io.err('\r\x1b[2K'),
  };
}
