import { describe, expect, it } from 'vitest';
import { assignmentContentHash, loadAssignment, type AssignmentFiles } from '../schema.js';
import { formatSchemaError, type SchemaError } from '../schema-reader.js';
import { check, demoFiles } from './fixture.js';

const SIZE = check('size', 'state', { expect: [{ file: 'f', value: 'size', eq: '{{kib}}' }] });

function errorsOf(files: AssignmentFiles, folder = 'demo'): SchemaError[] {
  const r = loadAssignment(folder, files);
  return r.ok ? [] : r.errors;
}

/** Files of the demo assignment with assignment.json edited by `edit`. */
function withJson(edit: (j: Record<string, unknown>) => void, checks = [SIZE]): AssignmentFiles {
  const files = demoFiles(checks);
  const j = JSON.parse(files['assignment.json']) as Record<string, unknown>;
  edit(j);
  return { ...files, 'assignment.json': JSON.stringify(j) };
}

/** The single error of `files`, as `file: field: message`. */
function oneError(files: AssignmentFiles): string {
  const errs = errorsOf(files);
  expect(errs.map(formatSchemaError)).toHaveLength(1);
  return formatSchemaError(errs[0]);
}

describe('assignment schema', () => {
  it('loads a valid assignment, with hidden checks from solution/checks.json', () => {
    const hidden = check('md5', 'state', { expect: [{ file: 'f', value: 'md5', sameAsReference: true }] }, 2, 'hidden');
    const files = demoFiles([SIZE], { points: 3 }, { 'solution/checks.json': JSON.stringify({ checks: [hidden] }) });
    const r = loadAssignment('demo', files);
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.assignment.checks.map((c) => [c.id, c.visibility])).toEqual([['size', 'visible'], ['md5', 'hidden']]);
    expect(r.assignment.solution).toContain('fsync');
    expect(r.assignment.limits.maxCommands).toBeGreaterThan(0);
  });

  it('names each missing file', () => {
    const files = demoFiles([SIZE]);
    delete files['README.zh-CN.md'];
    delete files['starter.sh'];
    expect(errorsOf(files).map((e) => e.file).sort()).toEqual(['README.zh-CN.md', 'starter.sh']);
  });

  it('reports JSON syntax errors with the file', () => {
    expect(oneError({ ...demoFiles([SIZE]), 'assignment.json': '{"id": "demo",' })).toMatch(/^assignment\.json: not valid JSON/);
  });

  it('says which field is wrong, what was expected and what was found', () => {
    expect(oneError(withJson((j) => (j.id = 'other')))).toBe('assignment.json: id: expected "demo" (the folder\'s name), got "other"');
    expect(oneError(withJson((j) => (j.points = 7)))).toBe("assignment.json: points: expected the sum of the checks' points (1), got 7");
    expect(oneError(withJson((j) => (j.title = { en: 'T' })))).toBe('assignment.json: title.zh-CN: expected a non-empty string, got nothing');
    expect(oneError(withJson((j) => (j.due = 'next friday')))).toMatch(/^assignment\.json: due: expected an ISO 8601 date-time/);
    expect(oneError(withJson((j) => (j.varaints = {})))).toMatch(/^assignment\.json: varaints: unknown field; expected one of .*variants/);
  });

  it('checks every check kind\'s fields', () => {
    const bad = (c: Record<string, unknown>) => oneError(withJson(() => undefined, [c]));
    expect(bad(check('x', 'regex', {}))).toMatch(/checks\[0\]\.kind: expected one of "output", "state", "trace", "answer", "script", got "regex"/);
    expect(bad(check('x', 'state', { expect: [{ file: 'f', value: 'size', eq: 1, gt: 0 }] }))).toMatch(/checks\[0\]\.expect\[0\]: expected exactly one comparison .* got eq and gt/);
    expect(bad(check('x', 'state', { expect: [{ file: 'f', value: 'colour', eq: 1 }] }))).toMatch(/checks\[0\]\.expect\[0\]\.value: expected one of .*"extents"/);
    expect(bad(check('x', 'trace', { sequence: [{ event: 'xfs_iomap_alloc' }, { iomap: { branch: 'hole_alloc' } }] }))).toMatch(/sequence: a sequence mixes trace events and iomap decisions/);
    expect(bad(check('x', 'trace', { sequence: [{ iomap: { colour: 'red' } }] }))).toMatch(/iomap\.colour: unknown field/);
    expect(bad(check('x', 'output', { contains: ['(unclosed'] }))).toMatch(/contains\[0\]: not a valid regular expression/);
    expect(bad(check('x', 'answer', { question: { en: 'q', 'zh-CN': '问' }, answerType: 'number' }))).toMatch(/exactly one of "value" .* or "expected"/);
    expect(bad(check('x', 'script', { rules: [{ command: 'sync' }] }))).toMatch(/rules\[0\]: a command rule needs "min" .* or "max"/);
    expect(bad(check('X Y', 'script', { rules: [{ maxCommands: 3 }] }))).toMatch(/checks\[0\]\.id: expected an id of lowercase letters/);
  });

  it('refuses visible checks that need the reference solution, and answers hidden in solution/', () => {
    const ref = check('ref', 'output', { match: 'reference' });
    expect(oneError(withJson(() => undefined, [ref]))).toMatch(/checks\[0\]: a visible check cannot compare with the reference solution/);
    const answer = check('q', 'answer', { question: { en: 'q', 'zh-CN': '问' }, answerType: 'number', expected: 1 }, 1, 'hidden');
    const files = demoFiles([SIZE], { points: 2 }, { 'solution/checks.json': JSON.stringify({ checks: [answer] }) });
    expect(oneError(files)).toMatch(/^solution\/checks\.json: checks\[0\]\.kind: an answer check cannot live in solution\//);
    const visible = demoFiles([SIZE], { points: 2 }, { 'solution/checks.json': JSON.stringify({ checks: [{ ...SIZE, id: 'size2' }] }) });
    expect(oneError(visible)).toMatch(/^solution\/checks\.json: checks\[0\]\.visibility: expected "hidden" or "after-due"/);
    const dup = demoFiles([SIZE], { points: 2 }, { 'solution/checks.json': JSON.stringify({ checks: [{ ...SIZE, visibility: 'hidden' }] }) });
    expect(oneError(dup)).toMatch(/two checks have the id "size"/);
  });

  it('finds unknown {{parameters}} in any text file', () => {
    const files = { ...demoFiles([SIZE]), 'README.en.md': 'Write {{kib}} KiB at {{offset}}.' };
    expect(oneError(files)).toBe('README.en.md: unknown parameter {{offset}}; declared: kib');
  });

  it('tries the filesystem options on the simulator, and matches script headers against them', () => {
    expect(oneError(withJson((j) => (j.filesystem = { mkfs: '-b size=3000' })))).toMatch(/^assignment\.json: filesystem: the simulator refuses mkfs "-b size=3000"/);
    const files = { ...demoFiles([SIZE]), 'starter.sh': '# mount: allocsize=64k\nxfs_io -f -c "pwrite 0 4k" f\n' };
    expect(oneError(files)).toBe('starter.sh: # mount:: expected "" (filesystem.mount in assignment.json), got "allocsize=64k"');
    const missing = withJson((j) => (j.filesystem = { setup: 'setup.sh' }));
    expect(oneError(missing)).toBe('assignment.json: filesystem.setup: the file "setup.sh" is not in the assignment folder');
  });

  it('hashes what students get, not the solution folder', () => {
    const a = demoFiles([SIZE]);
    const b = { ...a, 'solution/solution.sh': 'echo changed\n' };
    const c = { ...a, 'README.en.md': 'changed' };
    expect(assignmentContentHash(a)).toBe(assignmentContentHash(b));
    expect(assignmentContentHash(a)).not.toBe(assignmentContentHash(c));
  });
});
