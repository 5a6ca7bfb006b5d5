/**
 * The assignment format as the grader sees it, once assignment.json and its files are validated
 * (schema.ts). docs/assignments.md is the instructor's reference for every field here.
 */

/** Text in both languages of the lab. */
export interface Localized {
  en: string;
  'zh-CN': string;
}

/** Who sees a check: the student in the app (visible), only the grader (hidden), or everyone after the due date. */
export type Visibility = 'visible' | 'hidden' | 'after-due';

/** A point in a run where the state is read: the end, or after the nth command whose text matches. */
export type StatePoint = 'final' | { afterCommand: string; nth?: number };

/** A range of a run's steps: the steps of the nth command whose text matches (and its system calls). */
export interface StepRange {
  command: string;
  nth?: number;
}

/** Comparisons an assertion may make; exactly one is given. */
export interface Comparison {
  eq?: unknown;
  ne?: unknown;
  lt?: number | string;
  le?: number | string;
  gt?: number | string;
  ge?: number | string;
  oneOf?: unknown[];
  matches?: string;
  /** The same query on the reference solution's run gives the same value. */
  sameAsReference?: true;
}

/** What can be read of a file (units in the name: bytes, 512-byte sectors as stat %b, or filesystem blocks). */
export type FileValue =
  | 'exists' | 'size' | 'diskSize' | 'stBlocks' | 'md5' | 'extents' | 'extentCount' | 'blocks'
  | 'sharedBlocks' | 'postEofBlocks';

/** Extent kinds as the views show them. */
export type ExtentKindName = 'delalloc' | 'unwritten' | 'written';

/** Space counters (in filesystem blocks). */
export type SpaceValue = 'freeBlocks' | 'fdblocks' | 'delallocBlocks' | 'bavail';

/** A file query: one value of one file at a point of the run. */
export interface FileQuery {
  file: string;
  value: FileValue;
  fork?: 'data' | 'cow';
  /** Only extents of this kind count (extents, extentCount, blocks). */
  extentKind?: ExtentKindName;
  at?: StatePoint;
}

/** A space query. */
export interface SpaceQuery {
  space: SpaceValue;
  at?: StatePoint;
}

/** Field predicates of an event or an iomap decision: a literal (string or number) or a comparison. */
export type FieldPredicates = Record<string, string | number | boolean | Comparison>;

/** A trace-event matcher. */
export interface EventMatcher {
  event: string;
  /** The event is about this file (its ino field). */
  file?: string;
  ctx?: string;
  fields?: FieldPredicates;
}

/** An iomap_begin decision matcher (branch names: engine/xfs-iomap.ts IomapBranch). */
export interface IomapMatcher {
  iomap: FieldPredicates & { file?: string };
}

/** A matcher of either source. */
export type TraceMatcher = EventMatcher | IomapMatcher;

/** A trace query: one field of the nth matching event (or decision), or how many match. */
export type TraceQuery = TraceMatcher & {
  field?: string;
  count?: true;
  nth?: number;
  within?: StepRange;
};

/** An output query: the first capture group (or the whole match) of the nth line matching a regex. */
export interface OutputQuery {
  output: string;
  nth?: number;
}

/** Every query form. */
export type Query = FileQuery | SpaceQuery | TraceQuery | OutputQuery;

/** A query with one comparison. */
export type Assertion = Query & Comparison;

/** Fields every check has. */
export interface CheckBase {
  id: string;
  points: number;
  visibility: Visibility;
  title: Localized;
  hint?: Localized;
  /** Points in proportion to the items that pass (state, trace, script checks). */
  partial?: boolean;
}

/** `output`: the script's filtered output against the reference's, or lines that must (not) appear. */
export interface OutputCheck extends CheckBase {
  kind: 'output';
  match?: 'reference';
  contains?: string[];
  notContains?: string[];
  /** Lines matching these regexes are dropped from both outputs before comparing. */
  ignore?: string[];
  /** sed-like substitutions applied to both outputs (fstests' filters). */
  replace?: { pattern: string; with: string }[];
}

/** `state`: assertions on the filesystem at a point of the run. */
export interface StateCheck extends CheckBase {
  kind: 'state';
  at?: StatePoint;
  expect: Assertion[];
}

/** `trace`: events that must occur in order, and events that must not. */
export interface TraceCheck extends CheckBase {
  kind: 'trace';
  within?: StepRange;
  sequence?: TraceMatcher[];
  absent?: TraceMatcher[];
}

/** The kinds of answer a student types. */
export type AnswerType = 'number' | 'text' | 'branch' | 'extents' | 'choice';

/** `answer`: a predict-then-run question; the expected value is computed by the engine. */
export interface AnswerCheck extends CheckBase {
  kind: 'answer';
  question: Localized;
  answerType: AnswerType;
  choices?: string[];
  /** The engine computes the expected answer with this query... */
  value?: Query;
  /**
   * ...on the run of the starter script (the scenario the question is about; students have it),
   * of the reference solution (instructor-only: not for visible checks), or of the student's script.
   */
  on?: 'starter' | 'reference' | 'student';
  /** ...or the instructor gives it (usually with a {{variant}} parameter). */
  expected?: string | number;
  tolerance?: number;
}

/** One rule on the script's text. */
export interface ScriptRule {
  /** Simple commands named `command` (and whose source text matches `args`)... */
  command?: string;
  args?: string;
  /** ...occur at least min / at most max times. */
  min?: number;
  max?: number;
  /** The script has at most this many simple commands. */
  maxCommands?: number;
}

/** `script`: constraints on the script itself. */
export interface ScriptCheck extends CheckBase {
  kind: 'script';
  rules: ScriptRule[];
}

/** Every check kind. */
export type Check = OutputCheck | StateCheck | TraceCheck | AnswerCheck | ScriptCheck;
export type CheckKind = Check['kind'];

/** A variant parameter: one of a list, or an integer in a range. Objects give correlated values ({{p.field}}). */
export type VariantSpec =
  | { choose: (string | number | Record<string, string | number>)[] }
  | { range: [number, number]; step?: number };

/** Run limits for grading (the CLI adds wall time and memory; the engine counts commands and output). */
export interface GradeLimits {
  timeoutMs: number;
  maxCommands: number;
  maxOutputBytes: number;
  memoryMb: number;
}

/** The filesystem a run starts from. */
export interface FilesystemSpec {
  mkfs: string[];
  mount: string;
  /** Extra trace events to enable (as a script's `# events:` header). */
  events: string[];
  /** Setup script text (from filesystem.setup), run before the student's script; '' for none. */
  setup: string;
}

/** A validated assignment, before a variant is applied ({{parameters}} still in the text). */
export interface Assignment {
  id: string;
  version: string;
  title: Localized;
  topic: Localized;
  order: number;
  points: number;
  /** ISO 8601 date-time with offset, or undefined. */
  due?: string;
  filesystem: FilesystemSpec;
  limits: GradeLimits;
  variants: Record<string, VariantSpec>;
  checks: Check[];
  readme: Localized;
  starter: string;
  /** The reference solution, or undefined in a student copy (solution/ removed). */
  solution?: string;
  /** SHA-256 of the files a student gets (everything but solution/). */
  contentHash: string;
}

/** Values of the variant parameters for one student. */
export type VariantValues = Record<string, string | number | Record<string, string | number>>;
