/**
 * The state of one shell process: variables (global and function-local), functions, positional
 * parameters, working directory, options and job statuses. A subshell gets a deep copy.
 */
import type { FuncDecl } from './ast.js';

/** Shell options set with `set -e`, `set -u`, `set -x`, `set -o pipefail`. */
export interface ShellOptions {
  errexit: boolean;
  nounset: boolean;
  xtrace: boolean;
  pipefail: boolean;
}

/** One shell process's state. */
export interface ShellState {
  vars: Map<string, string>;
  exported: Set<string>;
  readonly: Set<string>;
  /** Function-local scopes, innermost last; a value of undefined is a local that is unset. */
  frames: Map<string, string | undefined>[];
  functions: Map<string, FuncDecl>;
  positional: string[];
  cwd: string;
  opts: ShellOptions;
  /** $? */
  status: number;
  /** $! */
  lastBg: number | null;
  /** Exit status of each background job by pid. */
  jobs: Map<number, number>;
  /** $RANDOM generator state. */
  random: number;
  /** `trap ... EXIT` command text. */
  exitTrap: string | null;
}

/** A fresh state with these (exported) environment variables. */
export function newState(env: Readonly<Record<string, string>>, cwd: string): ShellState {
  const vars = new Map(Object.entries(env));
  return {
    vars,
    exported: new Set(vars.keys()),
    readonly: new Set(),
    frames: [],
    functions: new Map(),
    positional: [],
    cwd,
    opts: { errexit: false, nounset: false, xtrace: false, pipefail: false },
    status: 0,
    lastBg: null,
    jobs: new Map(),
    random: 0,
    exitTrap: null,
  };
}

/** Deep copy for a subshell. */
export function cloneState(s: ShellState): ShellState {
  return {
    vars: new Map(s.vars),
    exported: new Set(s.exported),
    readonly: new Set(s.readonly),
    frames: s.frames.map((f) => new Map(f)),
    functions: new Map(s.functions),
    positional: [...s.positional],
    cwd: s.cwd,
    opts: { ...s.opts },
    status: s.status,
    lastBg: s.lastBg,
    jobs: new Map(s.jobs),
    random: s.random,
    exitTrap: null,
  };
}
