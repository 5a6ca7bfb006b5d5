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
// Assignments and grading (engine/grade/; docs/assignments.md is the instructor's reference).
export type * from './grade/assignment-types.js';
export type * from './grade/report-types.js';
export {
  loadAssignment, assignmentContentHash, DEFAULT_LIMITS as DEFAULT_GRADE_LIMITS, PRIVATE_DIR, SOLUTION_FILE, PRIVATE_CHECKS_FILE,
  type AssignmentFiles, type LoadResult,
} from './grade/schema.js';
export { formatSchemaError, type SchemaError } from './grade/schema-reader.js';
export { variantSeed, drawVariant, sampleVariants, substituteText, normalizeStudentId } from './grade/variants.js';
export { studentView, prepareAssignmentMachine, type StudentView, type StudentQuestion } from './grade/student-view.js';
export { readsStudentRun, needsReference } from './grade/check-deps.js';
export { GradeSession, gradeScript, type GradeInput, type GradeOptions } from './grade/grader.js';
export {
  createSubmission, parseSubmission, verifySubmission, gradeSubmission, prepareSubmission, rejectedReport, orphanReport, submissionFileName, submissionHash,
  canonicalJson, MAIN_SCRIPT, SUBMISSION_FORMAT, type Submission, type SubmissionInput, type PreparedSubmission,
} from './grade/submission.js';
export { scriptCommands } from './grade/checks/script-check.js';
export { formatExtents, parseExtents, type ExtentSpec } from './grade/extent-text.js';
export { sha256Hex } from './grade/sha256.js';
export { toGradescope, checkText, reportHeadline, type GradescopeResults } from './grade/export/gradescope.js';
export { toJunit } from './grade/export/junit.js';
export { toCsv } from './grade/export/csv.js';
export { summaryTable } from './grade/export/summary.js';
