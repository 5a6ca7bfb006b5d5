/**
 * JUnit XML, the format CI servers and LMS plug-ins read: one <testsuite> per submission, one
 * <testcase> per check (failed checks carry a <failure>, checks that did not run a <skipped>), and
 * a submission that could not be graded one <error> case saying why.
 */
import type { GradeReport } from '../report-types.js';
import { checkText, reportHeadline } from './gradescope.js';

/** Escape text for XML attributes and content (and drop characters XML 1.0 cannot hold). */
export function xmlEscape(s: string): string {
  return s
    .replace(/[^\t\n\r\x20-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu, '')
    .replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

/** A JUnit XML document for reports (each with the submission file it came from). */
export function toJunit(reports: { file: string; report: GradeReport }[]): string {
  const out = ['<?xml version="1.0" encoding="UTF-8"?>'];
  let tests = 0;
  let failures = 0;
  let errors = 0;
  const suites: string[] = [];
  for (const { file, report: r } of reports) {
    const cls = `${r.assignment.id}.${r.studentId}`;
    const cases: string[] = [];
    let f = 0;
    let e = 0;
    if (r.score === null) {
      e++;
      cases.push(`    <testcase classname="${xmlEscape(cls)}" name="grading"><error message="${xmlEscape(r.status)}">${xmlEscape(reportHeadline(r))}</error></testcase>`);
    } else {
      for (const c of r.checks) {
        const head = `    <testcase classname="${xmlEscape(cls)}" name="${xmlEscape(c.id)}">`;
        const props = `<properties><property name="points" value="${c.points}"/><property name="earned" value="${c.earned}"/></properties>`;
        if (c.status !== 'evaluated') cases.push(`${head}${props}<skipped message="${xmlEscape(c.reason ?? c.status)}"/></testcase>`);
        else if (!c.passed) {
          f++;
          cases.push(`${head}${props}<failure message="${xmlEscape(c.title.en)}">${xmlEscape(checkText(c))}</failure></testcase>`);
        } else cases.push(`${head}${props}</testcase>`);
      }
    }
    tests += cases.length;
    failures += f;
    errors += e;
    suites.push(
      `  <testsuite name="${xmlEscape(`${r.assignment.id} ${r.studentId}`)}" tests="${cases.length}" failures="${f}" errors="${e}" file="${xmlEscape(file)}">`,
      `    <properties><property name="status" value="${r.status}"/><property name="score" value="${r.score ?? ''}"/><property name="maxScore" value="${r.maxScore}"/><property name="seed" value="${r.seed}"/></properties>`,
      ...cases,
      '  </testsuite>',
    );
  }
  out.push(`<testsuites name="xfslab grade" tests="${tests}" failures="${failures}" errors="${errors}">`, ...suites, '</testsuites>');
  return out.join('\n') + '\n';
}
