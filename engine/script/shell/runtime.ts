/**
 * What every part of a running shell shares (the machine, the terminal, the limits and counters),
 * and the control-flow signals the interpreter throws (exit, return, break/continue, aborts,
 * limits).
 */
import type { Syscalls } from '../../syscalls.js';
import type { Tool, ToolHost } from '../tool.js';
import type { Terminal } from './streams.js';
import type { ShellFs } from './vfs.js';

/** Execution limits; every field has a default in shell.ts. */
export interface ShellLimits {
  /** Simple commands (and [[ ]], (( )), declarations) executed, subshells included. */
  maxCommands?: number;
  /** Bytes that stay in the shell: terminal output, pipes, `$(...)`, /dev/null, /tmp files. */
  maxOutputBytes?: number;
  /** Iterations of any single loop. */
  maxLoopIterations?: number;
  /** Nested function calls. */
  maxCallDepth?: number;
}

/** Which limit stopped the script. */
export type LimitName = keyof ShellLimits;

/** What the step hook is told before each command runs. */
export interface CommandInfo {
  line: number;
  col: number;
  endLine: number;
  /** The command's source text (with its redirections). */
  text: string;
  /** The expanded words; [] for an assignment-only command. */
  argv: string[];
}

/** State shared by the shell and all its subshells. */
export interface Runtime {
  readonly src: string;
  readonly sys: Syscalls;
  readonly host: ToolHost;
  readonly fs: ShellFs;
  readonly tools: Readonly<Record<string, Tool>>;
  readonly term: Terminal;
  readonly limits: Required<ShellLimits>;
  readonly onCommand?: (info: CommandInfo) => void;
  /** Commands run and bytes kept so far. */
  commands: number;
  outputBytes: number;
  /** Next fake pid for `$!` (background jobs, deterministic). */
  nextPid: number;
  /** Simulated time at start, for $SECONDS. */
  readonly startTime: number;
}

/** A limit was exceeded: the whole script stops. */
export class LimitError extends Error {
  constructor(
    readonly limit: LimitName,
    readonly value: number,
  ) {
    super(`${limit} (${value}) exceeded`);
    this.name = 'LimitError';
  }
}

/** `exit n`, or a fatal error: leaves the current (sub)shell. */
export class ExitSignal {
  constructor(readonly code: number) {}
}

/** `return n` from a function. */
export class ReturnSignal {
  constructor(readonly code: number) {}
}

/** `break n` / `continue n`. */
export class LoopSignal {
  constructor(
    readonly kind: 'break' | 'continue',
    public levels: number,
  ) {}
}

/**
 * An arithmetic-expansion error: bash abandons the rest of the current top-level command (loop,
 * function call and all) with status 1 and goes on with the next one.
 */
export class AbortSignal {
  constructor(readonly code: number) {}
}

/** A command failed with a message (`bash: line N: message`), status `status`; the script goes on. */
export class CommandError extends Error {
  constructor(
    message: string,
    readonly status = 1,
  ) {
    super(message);
    this.name = 'CommandError';
  }
}

/** A write to a command's output failed (the disk is full...): `echo: write error: ...`. */
export class WriteError extends Error {
  constructor(override readonly cause: Error) {
    super(cause.message);
    this.name = 'WriteError';
  }
}
