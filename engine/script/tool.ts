/**
 * The contract between the shell interpreter and the commands it runs (our own tools backed by
 * the engine: xfs_io, xfs_bmap, cp, stat, md5sum, ...). Types only.
 */
import type { Syscalls } from '../syscalls.js';

/** Where a shell path lands: inside the scratch mount (engine) or elsewhere (the shell's own files). */
export type ResolvedPath =
  | { where: 'mount'; rel: string } // mount-relative path, "." for the mount root
  | { where: 'proc'; knob: string } // /proc/sys/fs/xfs/<knob>
  | { where: 'devnull' }
  | { where: 'other'; abs: string };

/** Everything a tool may use. */
export interface ToolContext {
  /** argv without the command name. */
  readonly args: readonly string[];
  /** The kernel. */
  readonly sys: Syscalls;
  /** The machine services that are not system calls. */
  readonly host: ToolHost;
  /** Standard input text (pipes), '' when none. */
  readonly stdin: string;
  /** Write to standard output / standard error. */
  out(text: string): void;
  /** Standard output goes to /dev/null: a tool may skip building what it would print. */
  readonly stdoutDiscarded?: boolean;
  err(text: string): void;
  /** Shell working directory (absolute). */
  readonly cwd: string;
  /** Resolve a shell path (relative to cwd) to where it lives. */
  resolve(path: string): ResolvedPath;
  /** Environment variables (SCRATCH_MNT etc.). */
  readonly env: Readonly<Record<string, string>>;
}

/** Machine services beyond system calls: task naming for trace ctx, the clock, sysctls, mkfs/mount. */
export interface ToolHost {
  /** Name the current task (trace `ctx`): "xfs_io", "cp", "sync", ... */
  setTask(name: string): void;
  /** Mark a syscall boundary for the run result (a step); label like `pwrite 0 4096`. */
  step(label: string): void;
  /** False when step() does nothing (a run that records no steps, as benchmarks do): tools may skip building labels. */
  readonly recordsSteps?: boolean;
  /** Advance the simulated clock (runs background work that comes due). */
  sleep(seconds: number): void;
  /** Simulated wall-clock seconds since the machine booted. */
  now(): number;
  /** Read / write /proc/sys/fs/xfs/<knob>; undefined if no such knob. */
  readSysctl(knob: string): string | undefined;
  writeSysctl(knob: string, value: string): void;
  /** mkfs.xfs of the scratch device; returns what mkfs.xfs prints. */
  mkfs(options: string[]): string;
  mount(options: string): void;
  umount(): void;
  /** The scratch mount point path as the shell sees it (e.g. /mnt/scratch). */
  readonly mountPoint: string;
  /** The scratch device path (e.g. /dev/loop0). */
  readonly device: string;
}

/** A command implementation: returns its exit status. */
export type Tool = (ctx: ToolContext) => number;
