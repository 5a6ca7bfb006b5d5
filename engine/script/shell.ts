/**
 * The lab script language: bash, parsed by mvdan/sh's parser (the mvdan-sh package) and run by
 * our own synchronous interpreter (shell/interpreter.ts) against the simulated machine.
 *
 * Why not just-bash (a complete TypeScript bash): its API is async, its filesystem interface is
 * path-based (no open file descriptions, so `exec 3>>f` cannot keep one engine fd open, and the
 * close-time behaviour of XFS would be wrong), stdout and stderr come back as two strings (the
 * terminal order is lost), it has no per-command hook with positions, and $RANDOM/date read the
 * real machine. mvdan-sh is a pure, synchronous parser with line:col on every node and precise
 * error messages; the interpreter on top is ours, so determinism, hooks, limits and the mapping of
 * paths onto Syscalls are ours too.
 */
import type { Syscalls } from '../syscalls.js';
import { Interp } from './shell/interpreter.js';
import { parseScript, ShellSyntaxError } from './shell/parser.js';
import { CommandError, ExitSignal, LimitError, type CommandInfo, type LimitName, type Runtime, type ShellLimits } from './shell/runtime.js';
import { newState } from './shell/state.js';
import { FdTable, Input, Terminal, type OutputChunk, type StreamName } from './shell/streams.js';
import { runText } from './shell/builtins.js';
import { ShellFs } from './shell/vfs.js';
import type { Tool, ToolHost } from './tool.js';

/** Types of the hook, the limits and the output, re-exported for callers of runShell. */
export type { CommandInfo, LimitName, OutputChunk, ShellLimits, StreamName };

/** How to run a script. */
export interface ShellOptions {
  sys: Syscalls;
  host: ToolHost;
  /** Our commands (xfs_io, cp, stat...): they take precedence over the shell's own utilities. */
  tools: Readonly<Record<string, Tool>>;
  /** Environment (exported); SCRATCH_MNT and SCRATCH_DEV default to the host's mount point and device. */
  env?: Readonly<Record<string, string>>;
  limits?: ShellLimits;
  /** Seed of $RANDOM (bash's generator; `RANDOM=n` in the script reseeds it). Default 0. */
  seed?: number;
  /** Called before each command runs, with its position, source text and expanded words. */
  onCommand?: (info: CommandInfo) => void;
  /** Terminal output as it is written. */
  onOutput?: (stream: StreamName, text: string) => void;
}

/** What a run produced. */
export interface ShellResult {
  /** Exit status of the script (2 for a syntax error, 137 when a limit stopped it). */
  exitCode: number;
  /** Terminal output in order, tagged by stream (`2>&1` output is tagged stdout, as it went there). */
  output: OutputChunk[];
  /** `output` as one text, in order. */
  text: string;
  stdout: string;
  stderr: string;
  /** A syntax error (nothing ran). */
  error?: { line: number; col: number; message: string };
  /** The limit that stopped the script. */
  limitExceeded?: { limit: LimitName; value: number; line: number };
  /** Commands run. */
  commands: number;
}

/** Defaults for ShellLimits. */
export const DEFAULT_LIMITS: Readonly<Required<ShellLimits>> = {
  maxCommands: 100_000,
  maxOutputBytes: 16 * 1024 * 1024,
  maxLoopIterations: 100_000,
  maxCallDepth: 200,
};

/** Run a bash script on the simulated machine. Synchronous and deterministic. */
export function runShell(script: string, opts: ShellOptions): ShellResult {
  const term = new Terminal(opts.onOutput);
  const finish = (exitCode: number, commands: number, extra: Partial<ShellResult> = {}): ShellResult => {
    term.end();
    const pick = (s: StreamName): string => term.chunks.filter((c) => c.stream === s).map((c) => c.text).join('');
    return { exitCode, output: term.chunks, text: term.chunks.map((c) => c.text).join(''), stdout: pick('stdout'), stderr: pick('stderr'), commands, ...extra };
  };
  let file;
  try {
    file = parseScript(script);
  } catch (e) {
    if (!(e instanceof ShellSyntaxError)) throw e;
    term.write('stderr', `bash: line ${e.line}:${e.col}: syntax error: ${e.message}\n`);
    return finish(2, 0, { error: { line: e.line, col: e.col, message: e.message } });
  }
  const { host } = opts;
  const rt: Runtime = {
    src: script,
    sys: opts.sys,
    host,
    fs: new ShellFs(opts.sys, host),
    tools: opts.tools,
    term,
    limits: { ...DEFAULT_LIMITS, ...opts.limits },
    onCommand: opts.onCommand,
    commands: 0,
    outputBytes: 0,
    nextPid: 4243,
    startTime: host.now(),
  };
  const cwd = host.mountPoint;
  const env = { HOME: '/root', PATH: '/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin', SCRATCH_MNT: host.mountPoint, SCRATCH_DEV: host.device, ...opts.env, PWD: cwd };
  const st = newState(env, cwd);
  st.vars.set('IFS', ' \t\n');
  st.random = (opts.seed ?? 0) >>> 0;
  const fds = new FdTable([
    [0, { kind: 'input', input: new Input('') }],
    [1, { kind: 'term', stream: 'stdout' }],
    [2, { kind: 'term', stream: 'stderr' }],
  ]);
  const sh = new Interp(rt, st, fds);
  let exitCode = 0;
  let limitExceeded: ShellResult['limitExceeded'];
  try {
    exitCode = runGuarded(() => sh.runTopLevel(file.stmts));
    if (st.exitTrap !== null) {
      const trap = st.exitTrap;
      st.exitTrap = null;
      const saved = exitCode;
      exitCode = runGuarded(() => {
        try {
          runText(sh, trap, 'trap');
        } catch (e) {
          if (!(e instanceof CommandError)) throw e;
          sh.error(e.message);
        }
        return saved;
      });
    }
  } catch (e) {
    if (!(e instanceof LimitError)) throw e;
    limitExceeded = { limit: e.limit, value: e.value, line: sh.line };
    term.write('stderr', `bash: line ${sh.line}: script stopped: ${limitText(e)}\n`);
    exitCode = 137;
  } finally {
    rt.fs.task = 'bash';
    fds.dispose(); // the shell exits: fds it still holds (exec 3>f) are closed by bash
  }
  return finish(exitCode, rt.commands, limitExceeded ? { limitExceeded } : {});
}

/** Run, turning `exit` into a status and a JavaScript stack overflow into the depth limit. */
function runGuarded(fn: () => number): number {
  try {
    return fn();
  } catch (e) {
    if (e instanceof ExitSignal) return e.code;
    if (e instanceof RangeError && /call stack/i.test(e.message)) throw new LimitError('maxCallDepth', DEFAULT_LIMITS.maxCallDepth);
    throw e;
  }
}

function limitText(e: LimitError): string {
  switch (e.limit) {
    case 'maxCommands':
      return `more than ${e.value} commands (maxCommands)`;
    case 'maxLoopIterations':
      return `a loop ran more than ${e.value} times (maxLoopIterations)`;
    case 'maxOutputBytes':
      return `more than ${e.value} bytes of output (maxOutputBytes)`;
    default:
      return `functions nested more than ${e.value} deep (maxCallDepth)`;
  }
}
