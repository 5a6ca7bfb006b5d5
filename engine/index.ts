/**
 * XFS Lab's engine: the only public door. A deterministic model of the Linux XFS buffered-write
 * path with the lab script language on top. Pure TypeScript; time, seeds and output are passed in.
 */
export { Machine, type MachineOptions } from './machine.js';
export { XfsError, STRERROR, type Errno } from './xfs-errors.js';
export type * from './syscalls.js';
export { DEFAULT_EVENTS, type TraceEvent } from './xfs-trace.js';
export type { IomapDecision, IomapBranch } from './xfs-iomap.js';
export {
  runScript, runOnMachine, prepareMachine, SCRATCH_MNT, SCRATCH_DEV,
  type RunOptions, type RunResult, type RunStep, type RunLimits,
} from './run/run-script.js';
export { runOracle, filterOutput } from './run/oracle-json.js';
export { parseScriptHeader, type ScriptHeader } from './run/script-header.js';
export { checkScript, type ScriptDiagnostic } from './run/check-script.js';
export type { FileView, ExtentView, SpaceView } from './run/fs-state.js';
export { formatTraceEvent } from './run/trace-format.js';
export { checkInvariants, type InvariantViolation } from './invariants.js';
export { compareRecording, formatComparison } from './conformance/compare.js';
export type { OracleJson } from './conformance/oracle-json.js';
