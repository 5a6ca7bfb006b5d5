/**
 * `xfslab submission create DIR --student ID --script FILE`: build a submission file the way the
 * app's Submit does, to try an assignment end to end. `xfslab submission samples DIR... --out
 * FOLDER`: the six sample submissions of each assignment (engine/grade/samples.ts), to try a
 * grading setup (the CLI, `npm run grade:e2e`, Gradescope) before the students' files come in.
 */
import { mkdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { SAMPLE_KINDS, sampleSubmissions } from '../grade/samples.js';
import { createSubmission, submissionFileName } from '../grade/submission.js';
import { opt, parseArgs } from './args.js';
import { usage, type CliIo } from './cli-io.js';
import { formatLoadErrors, loadAssignmentDir } from './read-assignment.js';
import { expandDirs } from './validate-command.js';
import { writeFileAtomic } from './write-output.js';

/** This checkout's version (package.json), recorded in submissions as the app's would be. */
export function labVersion(): string {
  try {
    const pkg = JSON.parse(readFileSync(join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'package.json'), 'utf8')) as { version?: string };
    return `${pkg.version ?? '0.0.0'}-cli`;
  } catch {
    return 'unknown-cli';
  }
}

/** Run `submission create`. */
export function submissionCommand(argv: string[], io: CliIo): number {
  const args = parseArgs(argv, ['student', 'script', 'answer', 'answers', 'out']);
  if (typeof args === 'string') return usage(io, args);
  const [dir, ...extra] = args.positional;
  if (!dir || extra.length) return usage(io, 'submission create needs exactly one assignment folder');
  const student = opt(args, 'student');
  const scriptFile = opt(args, 'script');
  if (!student?.trim()) return usage(io, 'submission create needs --student ID');
  if (!scriptFile) return usage(io, 'submission create needs --script FILE');
  const loaded = loadAssignmentDir(dir);
  if (!loaded.ok) {
    io.err(formatLoadErrors(dir, loaded));
    return 1;
  }
  const answers: Record<string, string> = {};
  let script: string;
  try {
    script = readFileSync(scriptFile, 'utf8');
    const file = opt(args, 'answers');
    if (file) {
      const v = JSON.parse(readFileSync(file, 'utf8')) as unknown;
      if (typeof v !== 'object' || v === null || Array.isArray(v)) throw new Error(`${file}: expected a JSON object of check id → answer`);
      for (const [k, x] of Object.entries(v)) answers[k] = String(x);
    }
  } catch (e) {
    io.err(`xfslab: ${(e as Error).message}\n`);
    return 1;
  }
  for (const kv of args.options.get('answer') ?? []) {
    const eq = kv.indexOf('=');
    if (eq <= 0) return usage(io, `--answer needs CHECK=VALUE, not '${kv}'`);
    answers[kv.slice(0, eq)] = kv.slice(eq + 1);
  }
  const known = new Set(loaded.assignment.checks.filter((c) => c.kind === 'answer').map((c) => c.id));
  const unknown = Object.keys(answers).filter((k) => !known.has(k));
  if (unknown.length) return usage(io, `no answer check named ${unknown.join(', ')} in ${loaded.assignment.id} (its questions: ${[...known].join(', ') || 'none'})`);
  const sub = createSubmission(loaded.assignment, { studentId: student, script, answers, appVersion: labVersion(), createdAt: new Date().toISOString() });
  const out = opt(args, 'out') ?? submissionFileName(sub);
  try {
    writeFileAtomic(out, JSON.stringify(sub, null, 2) + '\n');
  } catch (e) {
    io.err(`xfslab: cannot write ${out}: ${(e as Error).message}\n`);
    return 1;
  }
  io.out(`${out}\n`);
  return 0;
}


/** Run `submission samples`: FOLDER/<assignment>--<kind>.xfslab.json for every assignment and kind. */
export function samplesCommand(argv: string[], io: CliIo): number {
  const args = parseArgs(argv, ['student', 'out']);
  if (typeof args === 'string') return usage(io, args);
  const out = opt(args, 'out');
  if (!out) return usage(io, 'submission samples needs --out FOLDER');
  const dirs = expandDirs(args.positional);
  if (!dirs.length) return usage(io, 'submission samples needs assignment folders');
  const student = opt(args, 'student');
  let failed = false;
  try {
    mkdirSync(out, { recursive: true });
  } catch (e) {
    io.err(`xfslab: cannot create ${out}: ${(e as Error).message}\n`);
    return 1;
  }
  for (const dir of dirs) {
    const loaded = loadAssignmentDir(dir);
    if (!loaded.ok) {
      io.err(formatLoadErrors(dir, loaded));
      failed = true;
      continue;
    }
    const a = loaded.assignment;
    try {
      const samples = sampleSubmissions(a, student ?? `sample-${a.id}`, labVersion());
      for (const kind of SAMPLE_KINDS) {
        const file = join(out, `${a.id}--${kind}.xfslab.json`);
        writeFileAtomic(file, JSON.stringify(samples[kind], null, 2) + '\n');
        io.out(`${file}\n`);
      }
    } catch (e) {
      io.err(`xfslab: ${dir}: ${(e as Error).message}\n`);
      failed = true;
    }
  }
  return failed ? 1 : 0;
}
