/**
 * `script` checks: constraints on the script's text — it must use a reflink, must not call
 * `sync`, has at most N commands. The script is parsed (never run for this), and the rules count
 * simple commands in the syntax tree, so a comment or a string that mentions a command does not
 * count, and commands inside $(...) and function bodies do.
 */
import { parseScript, ShellSyntaxError } from '../../script/shell/parser.js';
import type { ScriptCheck, ScriptRule } from '../assignment-types.js';
import type { CheckItem } from '../report-types.js';
import type { CheckContext, Evaluation } from './check-context.js';

/** One simple command of a script: its name (first word as written) and its source text. */
export interface ScriptCommand {
  name: string;
  text: string;
  line: number;
}

interface SpanNode {
  type?: string;
  pos?: { offset: number; line: number };
  end?: { offset: number };
  args?: SpanNode[];
}

/** The simple commands of a script, in source order; a string for a syntax error. */
export function scriptCommands(script: string): ScriptCommand[] | string {
  let file;
  try {
    file = parseScript(script);
  } catch (e) {
    if (e instanceof ShellSyntaxError) return `line ${e.line}:${e.col}: ${e.message}`;
    throw e;
  }
  const out: ScriptCommand[] = [];
  const walk = (v: unknown): void => {
    if (Array.isArray(v)) {
      v.forEach(walk);
      return;
    }
    if (typeof v !== 'object' || v === null) return;
    const n = v as SpanNode;
    if (n.type === 'CallExpr' && n.args?.length && n.pos && n.end) {
      const w = n.args[0];
      const name = script.slice(w.pos!.offset, w.end!.offset).replace(/^['"]|['"]$/g, '');
      out.push({ name: name.slice(name.lastIndexOf('/') + 1), text: script.slice(n.pos.offset, n.end.offset), line: n.pos.line });
    }
    for (const x of Object.values(n)) if (typeof x === 'object') walk(x);
  };
  walk(file.stmts);
  return out.sort((a, b) => a.line - b.line);
}

function describeRule(rule: ScriptRule): string {
  if (rule.maxCommands !== undefined) return `at most ${rule.maxCommands} commands`;
  const what = `${rule.command ?? 'a command'}${rule.args ? ` matching /${rule.args}/` : ''}`;
  if (rule.max === 0) return `never ${what}`;
  if (rule.min !== undefined && rule.max !== undefined) return `${what} ${rule.min}–${rule.max} times`;
  return rule.min !== undefined ? `${what} at least ${rule.min} time${rule.min === 1 ? '' : 's'}` : `${what} at most ${rule.max} times`;
}

/** Evaluate a script check. */
export function evaluateScript(check: ScriptCheck, ctx: CheckContext): Evaluation {
  const cmds = scriptCommands(ctx.script);
  if (typeof cmds === 'string') return { items: check.rules.map((r) => ({ label: describeRule(r), passed: false, actual: `syntax error at ${cmds}` })) };
  const items: CheckItem[] = check.rules.map((rule) => {
    const label = describeRule(rule);
    if (rule.maxCommands !== undefined) {
      return { label, passed: cmds.length <= rule.maxCommands, expected: `≤ ${rule.maxCommands}`, actual: `${cmds.length} commands` };
    }
    const re = rule.args !== undefined ? new RegExp(rule.args) : null;
    const hits = cmds.filter((c) => (rule.command === undefined || c.name === rule.command) && (!re || re.test(c.text)));
    const passed = hits.length >= (rule.min ?? 0) && hits.length <= (rule.max ?? Infinity);
    const where = hits.length ? ` (line${hits.length > 1 ? 's' : ''} ${hits.map((h) => h.line).join(', ')})` : '';
    return { label, passed, actual: `${hits.length} found${where}` };
  });
  return { items };
}
