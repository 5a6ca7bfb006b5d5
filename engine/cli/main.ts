/**
 * The `xfslab` command line: run lab scripts, validate assignments, make and grade submissions.
 * Node-only (reads files, starts worker threads). One file per command; this one dispatches.
 */
import { pathToFileURL } from 'node:url';
import { processIo, usage, type CliIo } from './cli-io.js';
import { HELP } from './help.js';
import { runCommand } from './run-command.js';
import { validateCommand } from './validate-command.js';
import { samplesCommand, submissionCommand } from './submission-command.js';
import { gradeCommand } from './grade-command.js';

export type { CliIo };

/** Entry point: resolves to the exit status. */
export async function main(argv: string[], io: CliIo = processIo()): Promise<number> {
  const [cmd, ...rest] = argv;
  if (!cmd || cmd === 'help' || cmd === '--help' || cmd === '-h') {
    io.out(HELP);
    return 0;
  }
  switch (cmd) {
    case 'run':
      return runCommand(rest, io);
    case 'assignment':
      if (rest[0] !== 'validate') return usage(io, `'xfslab assignment' needs 'validate', not '${rest[0] ?? ''}'`);
      return validateCommand(rest.slice(1), io);
    case 'submission':
      if (rest[0] === 'samples') return samplesCommand(rest.slice(1), io);
      if (rest[0] !== 'create') return usage(io, `'xfslab submission' needs 'create' or 'samples', not '${rest[0] ?? ''}'`);
      return submissionCommand(rest.slice(1), io);
    case 'grade':
      return gradeCommand(rest, io);
    default:
      return usage(io, `unknown command '${cmd}'`);
  }
}

// Run directly (`node --import tsx engine/cli/main.ts ...`) as well as through bin/xfslab.js.
if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  void main(process.argv.slice(2)).then((code) => {
    process.exitCode = code;
  });
}
