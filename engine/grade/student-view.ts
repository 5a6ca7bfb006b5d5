/**
 * An assignment as one student sees it in the app: the instructions and the starter with their
 * variant's parameters filled in, and the questions of the answer checks they must fill in.
 */
import type { AnswerType, Assignment, Localized, VariantValues } from './assignment-types.js';
import type { Machine } from '../machine.js';
import { prepareFilesystem } from './run-record.js';
import { drawVariant, substituteDeep, substituteText, variantSeed } from './variants.js';

/** One question the student answers (an answer check). */
export interface StudentQuestion {
  id: string;
  question: Localized;
  answerType: AnswerType;
  choices?: string[];
  points: number;
}

/** What the app shows for one student. */
export interface StudentView {
  seed: number;
  variant: VariantValues;
  readme: Localized;
  starter: string;
  questions: StudentQuestion[];
}

/** The assignment for `studentId`: instructions, starter and questions with their parameters. */
export function studentView(a: Assignment, studentId: string): StudentView {
  const seed = variantSeed(a.id, studentId);
  const variant = drawVariant(a.variants, seed);
  const questions = a.checks.flatMap((c): StudentQuestion[] =>
    c.kind === 'answer'
      ? [{ id: c.id, question: substituteDeep(c.question, variant), answerType: c.answerType, points: c.points, ...(c.choices ? { choices: substituteDeep(c.choices, variant) } : {}) }]
      : [],
  );
  return {
    seed, variant, questions,
    readme: { en: substituteText(a.readme.en, variant), 'zh-CN': substituteText(a.readme['zh-CN'], variant) },
    starter: substituteText(a.starter, variant),
  };
}

/**
 * A machine for running a student's script the way the grader will: the assignment's mkfs and
 * mount options, and its setup script with the student's parameters already run. The app passes
 * it to runOnMachine for Run (a plain runScript would use the script's own header instead).
 */
export function prepareAssignmentMachine(a: Assignment, studentId: string): Machine {
  const seed = variantSeed(a.id, studentId);
  const variant = drawVariant(a.variants, seed);
  return prepareFilesystem({ ...a.filesystem, setup: substituteText(a.filesystem.setup, variant) }, seed);
}
