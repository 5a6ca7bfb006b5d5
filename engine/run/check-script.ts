/**
 * Syntax check of a lab script without running it (the editor's diagnostics): the shell's parser
 * alone, so it is cheap enough to run on every keystroke pause.
 */
import { parseScript, ShellSyntaxError } from '../script/shell/parser.js';

/** A syntax problem at a 1-based line and column. */
export interface ScriptDiagnostic {
  line: number;
  col: number;
  message: string;
}

/** Parse `script`; null when it parses, else where and what was expected. */
export function checkScript(script: string): ScriptDiagnostic | null {
  try {
    parseScript(script);
    return null;
  } catch (e) {
    if (e instanceof ShellSyntaxError) return { line: e.line, col: e.col, message: e.message };
    throw e;
  }
}
