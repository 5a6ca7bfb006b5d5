import fs from 'node:fs';
import path from 'node:path';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import type { Arith, CallExpr, ParamExp, Stmt, TestExpr } from '../shell/ast.js';
import { parseScript, ShellSyntaxError } from '../shell/parser.js';
import { runShell } from '../shell.js';
import { fakeMachine } from './fake-machine.js';

const cmd = (src: string): Stmt => parseScript(src).stmts[0]!;

describe('parser (mvdan-sh)', () => {
  it('maps token numbers to operators', () => {
    const redirs = (cmd('a > f >> g < h 2>&1 <<< s &> x &>> y <& 0 <> z >| w').redirs).map((r) => `${r.n ?? ''}${r.op}`);
    expect(redirs).toEqual(['>', '>>', '<', '2>&', '<<<', '&>', '&>>', '<&', '<>', '>|']);
    const b = cmd('a && b || c | d |& e').cmd;
    const ops: string[] = [];
    const walk = (s: Stmt): void => {
      if (s.cmd?.type === 'BinaryCmd') {
        walk(s.cmd.x);
        ops.push(s.cmd.op);
        walk(s.cmd.y);
      }
    };
    walk({ ...cmd('a && b || c | d |& e'), cmd: b });
    expect(ops.sort()).toEqual(['&&', '|', '|&', '||']);
    const pe = (src: string): ParamExp => ((cmd(src).cmd as CallExpr).args[1]!.parts[0] as ParamExp);
    expect(['${x:-a}', '${x-a}', '${x:=a}', '${x:+a}', '${x:?a}', '${x#a}', '${x##a}', '${x%a}', '${x%%a}', '${x^^}', '${x,}'].map((s) => pe(`e ${s}`).exp?.op)).toEqual([
      ':-', '-', ':=', ':+', ':?', '#', '##', '%', '%%', '^^', ',',
    ]);
    const ar = (cmd('((a ** b << 2 >= c, d += 1))').cmd as { x: Arith }).x;
    expect(JSON.stringify(ar).match(/"op":"[^"]+"/g)).toEqual(['"op":","', '"op":">="', '"op":"<<"', '"op":"**"', '"op":"+="']);
    const t = (cmd('[[ -n x && a =~ b || ! -f c ]]').cmd as { x: TestExpr }).x;
    expect(JSON.stringify(t).match(/"op":"[^"]+"/g)).toEqual(['"op":"||"', '"op":"&&"', '"op":"-n"', '"op":"=~"', '"op":"!"', '"op":"-f"']);
  });

  it('gives [[ && ]] precedence over ||, and ! to one operand, as bash does', () => {
    const show = (n: TestExpr): string =>
      n.type === 'BinaryTest' ? `(${show(n.x)} ${n.op} ${show(n.y)})` : n.type === 'UnaryTest' ? `${n.op}${show(n.x)}` : n.type === 'ParenTest' ? `[${show(n.x)}]` : n.parts.map((p) => ('value' in p ? p.value : '')).join('');
    const tree = (src: string): string => show((cmd(src).cmd as { x: TestExpr }).x);
    expect(tree('[[ a && b || c ]]')).toBe('((a && b) || c)');
    expect(tree('[[ a || b && c ]]')).toBe('(a || (b && c))');
    expect(tree('[[ a && b && c ]]')).toBe('((a && b) && c)');
    expect(tree('[[ ! a && b ]]')).toBe('(!a && b)');
    expect(tree('[[ ( a || b ) && ! ( c ) ]]')).toBe('([(a || b)] && ![c])');
    const m = fakeMachine();
    expect(runShell('[[ ! -n "" && -n "" ]]; echo $?; [[ -n "" && -n "" || -n x ]]; echo $?', { sys: m.sys, host: m.host, tools: {} }).stdout).toBe('1\n0\n');
    const c = cmd('case x in a) ;; b) ;& c) ;;& esac').cmd as { items: { op: string }[] };
    expect(c.items.map((i) => i.op)).toEqual([';;', ';&', ';;&']);
  });

  it('gives positions in lines and UTF-16 columns', () => {
    const s = cmd('\n  echo "é" $x > f &');
    expect([s.pos, s.end]).toEqual([
      { line: 2, col: 3, offset: 3 },
      { line: 2, col: 18, offset: 18 },
    ]);
  });

  it('keeps word text as UTF-8 bytes, one per character', () => {
    const utf8 = (s: string): string => String.fromCharCode(...new TextEncoder().encode(s));
    expect(((cmd("echo héllo 'wörld'").cmd as CallExpr).args.map((w) => w.parts.map((p) => ('value' in p ? p.value : '')).join('')))).toEqual(['echo', utf8('héllo'), utf8('wörld')]);
  });

  it('leaves Error.stackTraceLimit as the application set it (GopherJS raises it on load)', () => {
    expect(Error.stackTraceLimit).not.toBe(Infinity);
    parseScript('echo a');
    expect(Error.stackTraceLimit).not.toBe(Infinity);
  });

  it('throws ShellSyntaxError with line and column', () => {
    expect(() => parseScript('echo ok\n  done')).toThrow(ShellSyntaxError);
    try {
      parseScript('echo ok\n  done');
    } catch (e) {
      expect(e).toMatchObject({ line: 2, col: 3, message: '"done" can only be used to end a loop' });
    }
  });

  it('refuses what the interpreter does not run', () => {
    for (const [src, msg] of [
      ['a=(1 2)', 'arrays are not supported'],
      ['echo ${a[1]}', 'arrays are not supported'],
      ['diff <(ls) f', 'process substitutions are not supported'],
      ['coproc cat', 'coprocesses are not supported'],
    ]) expect(() => parseScript(src!)).toThrow(msg);
  });
});

/**
 * Differential check against the host's bash (opt in: XFSLAB_BASH_DIFF=1; needs bash 5): each case
 * runs in an empty directory under bash and in the shell on the fake machine; terminal text and
 * exit status must be equal.
 */
describe.runIf(!!process.env.XFSLAB_BASH_DIFF)('matches bash 5', () => {
  const here = path.dirname(fileURLToPath(import.meta.url));
  const cases = fs.readFileSync(path.join(here, 'fixtures/bash-diff-cases.txt'), 'utf8').split('\n=====\n').filter((c) => c.trim());
  it.each(cases.map((c, i) => [i, c]))('case %i', (_i, c) => {
    const dir = fs.mkdtempSync('/tmp/xfslab-bash-');
    fs.mkdirSync(path.join(dir, 'w'));
    fs.writeFileSync(path.join(dir, 's.sh'), c + '\n');
    const p = spawnSync('bash', ['-c', 'bash ../s.sh 2>&1; echo "exit=$?"'], { cwd: path.join(dir, 'w'), encoding: 'utf8' });
    fs.rmSync(dir, { recursive: true, force: true });
    const m = fakeMachine();
    const r = runShell(c as string, { sys: m.sys, host: m.host, tools: {} });
    expect(r.text.replace(/bash: line/g, '../s.sh: line') + `exit=${r.exitCode}\n`).toBe(p.stdout);
  });
});
