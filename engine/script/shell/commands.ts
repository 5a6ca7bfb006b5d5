/**
 * The two kinds of built-in commands. A Builtin runs inside the shell (task `bash`) and may change
 * its state (cd, set, read, echo...). A Util stands for an external program (cat, head, grep, rm...):
 * it gets the tool contract plus the shell's file namespace and runs under its own task name, so
 * its system calls on the mount are traced as `head`, `rm`, ... like the real programs.
 */
import { XfsError } from '../../xfs-errors.js';
import type { ToolContext } from '../tool.js';
import type { Interp } from './interpreter.js';
import { WriteError } from './runtime.js';
import type { CommandIO, Input } from './streams.js';
import type { ShellFs } from './vfs.js';

/** I/O of a builtin. */
export interface BuiltinIO {
  out(text: string): void;
  err(text: string): void;
  /** Standard input (consumable: `read` takes one line at a time). */
  readonly input: Input;
}

/** A shell builtin: argv includes the name; returns the exit status. */
export type Builtin = (sh: Interp, argv: string[], io: BuiltinIO) => number;

/** What a utility gets: the tool contract, its name, the shell's files and its stdin stream. */
export interface UtilContext extends ToolContext {
  readonly name: string;
  readonly fs: ShellFs;
  readonly input: Input;
}

/** A built-in stand-in for an external program. */
export type Util = (ctx: UtilContext) => number;

/** A write through `io` that reports engine errors (ENOSPC...) as WriteError. */
export function writeChecked(io: CommandIO, fd: number, text: string): void {
  try {
    io.write(fd, text);
  } catch (e) {
    if (e instanceof XfsError) throw new WriteError(e);
    throw e;
  }
}

/** strerror text of an error from the engine or the shell's files. */
export function strerror(e: unknown): string {
  if (e instanceof WriteError) return strerror(e.cause);
  if (e instanceof XfsError) return e.strerror;
  return e instanceof Error ? e.message : String(e);
}
