import { describe, expect, it } from 'vitest';
import { toCsv } from '../export/csv.js';
import { toGradescope } from '../export/gradescope.js';
import { toJunit } from '../export/junit.js';
import { summaryTable } from '../export/summary.js';
import { gradeScript } from '../grader.js';
import { rejectedReport } from '../submission.js';
import { check, demo } from './fixture.js';

const A = demo([
  check('size', 'state', { expect: [{ file: 'f', value: 'size', eq: 8192 }] }, 3),
  check('rule', 'script', { rules: [{ command: 'sync', max: 0 }] }, 1, 'after-due'),
]);
const grade = (script: string, id: string) => gradeScript(A, { script, answers: {}, studentId: id }, { audience: 'instructor', variant: { kib: 8 } });
const good = { file: 'a.xfslab.json', report: grade('xfs_io -f -c "pwrite 0 8k" f\n', 'alice') };
const half = { file: 'b.xfslab.json', report: grade('xfs_io -f -c "pwrite 0 4k" f\nsync\n', 'bob "the <builder>"') };
const broken = { file: 'c.xfslab.json', report: grade('if\n', 'carol') };
const rejected = { file: 'd.xfslab.json', report: rejectedReport(A, 'dave', 'edited') };

describe('report formats', () => {
  it('Gradescope results.json: one test per check with its visibility; ungraded submissions explain why', () => {
    const g = toGradescope(half.report);
    expect(g.score).toBe(0);
    expect(g.tests.map((t) => [t.name, t.score, t.max_score, t.status, t.visibility])).toEqual([
      ['check size (size)', 0, 3, 'failed', 'visible'],
      ['check rule (rule)', 0, 1, 'failed', 'after_due_date'],
    ]);
    expect(g.tests[0].output).toMatch(/✗ size of f — expected 8192, got 4096/);
    const n = toGradescope(broken.report);
    expect([n.score, n.tests.length, n.extra_data.status]).toEqual([0, 0, 'not-gradable']);
    expect(n.output).toMatch(/^NOT GRADED — syntax error at line 1:\d+: .*\(no points are lost for this\)\.$/);
  });

  it('JUnit XML: a suite per submission, failures and errors counted, text escaped', () => {
    const xml = toJunit([good, half, broken]);
    expect(xml).toMatch(/^<\?xml version="1\.0" encoding="UTF-8"\?>\n<testsuites name="xfslab grade" tests="5" failures="2" errors="1">/);
    expect(xml).toContain('name="demo bob &quot;the &lt;builder&gt;&quot;"');
    expect(xml).toContain('<error message="not-gradable">');
    expect((xml.match(/<testsuite /g) ?? []).length).toBe(3);
  });

  it('CSV gradebook: a row per submission, a column per check, no score for the ungraded', () => {
    const lines = toCsv([good, half, broken, rejected]).split('\r\n');
    expect(lines[0]).toBe('student_id,assignment,version,status,score,max_score,size,rule,message,file');
    expect(lines[1]).toBe('alice,demo,1.0.0,graded,4,4,3,1,,a.xfslab.json');
    expect(lines[2]).toBe('"bob ""the <builder>""",demo,1.0.0,graded,0,4,0,0,,b.xfslab.json');
    expect(lines[3]).toMatch(/^carol,demo,1\.0\.0,not-gradable,,4,,,"?syntax error/);
    expect(lines[4]).toBe('dave,demo,1.0.0,rejected,,4,,,edited,d.xfslab.json');
  });

  it('summary table: one line per submission and the counts', () => {
    const t = summaryTable([good, half, broken, rejected]);
    expect(t.split('\n')[0]).toMatch(/^student\s+assignment\s+status\s+score\s+message\s+file$/);
    expect(t).toMatch(/alice\s+demo\s+graded\s+4\/4/);
    expect(t).toContain('4 submissions: 2 graded, 1 not-gradable, 1 rejected; mean score 50.0%');
  });
});
