/**
 * Where the CLI's output goes, so tests can capture it, and what it knows of the terminal
 * (the progress bar is drawn only on a TTY).
 */

/** Output streams of the CLI. */
export interface CliIo {
  out(text: string): void;
  err(text: string): void;
  /** Is stderr a terminal? (progress bars) */
  errIsTty?: boolean;
}

/** The process's own streams. */
export function processIo(): CliIo {
  return { out: (t) => process.stdout.write(t), err: (t) => process.stderr.write(t), errIsTty: !!process.stderr.isTTY };
}

/** Print a usage error and return the usage exit status (2). */
export function usage(io: CliIo, msg: string): number {
  io.err(`xfslab: ${msg}\nTry 'xfslab help'.\n`);
  return 2;
}
