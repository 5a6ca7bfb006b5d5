import { describe, expect, it } from 'vitest';
import { runShell, type ShellOptions } from '../shell.js';
import type { CommandInfo } from '../shell/runtime.js';
import type { Tool } from '../tool.js';
import { echoTool, fakeMachine } from './fake-machine.js';

/** Run a script on a fresh fake machine. */
function run(script: string, extra: Partial<ShellOptions> = {}) {
  const { sys, host } = fakeMachine();
  const result = runShell(script, { sys, host, tools: {}, ...extra });
  return { ...result, sys, host };
}

describe('language', () => {
  it('expands parameters', () => {
    const r = run('v=/a/b/c.tar.gz; echo ${v#*/} ${v##*/} ${v%.*} ${v%%.*} ${u:-def} ${#v} ${v/a/X} ${v:3:2} ${v: -2}');
    expect(r.stdout).toBe('a/b/c.tar.gz c.tar.gz /a/b/c.tar /a/b/c def 13 /X/b/c.tar.gz b/ gz\n');
  });

  it('does arithmetic with 64-bit wrap-around', () => {
    const r = run('x=5; echo $((1+2*3)) $((-7/2)) $((2**10)) $((x++)) $x $((x>3 ? 1 : 0)) $((0x10)) $((9223372036854775807 + 1))');
    expect(r.stdout).toBe('7 -3 1024 5 6 1 16 -9223372036854775808\n');
  });

  it('substitutes commands and splits fields', () => {
    const r = run('x="a  b"; set -- $x "$x" $(echo c d); echo $#; for a in "$@"; do echo "<$a>"; done');
    expect(r.stdout).toBe('5\n<a>\n<b>\n<a  b>\n<c>\n<d>\n');
  });

  it('runs for, for ((;;)), while, until, break and continue', () => {
    const r = run('for x in a b; do echo $x; done; for ((i=0; i<2; i++)); do echo i$i; done; n=0; while [ $n -lt 5 ]; do n=$((n+1)); [ $n = 2 ] && continue; [ $n = 4 ] && break; echo n$n; done; until [ $n -eq 0 ]; do n=$((n-1)); done; echo $n');
    expect(r.stdout).toBe('a\nb\ni0\ni1\nn1\nn3\n0\n');
  });

  it('evaluates if, [ ], [[ ]], test, && and ||', () => {
    const r = run('if [ -n "" ]; then echo a; elif [[ abc == a* && 3 -gt 2 ]]; then echo b; fi; [ 1 -lt 2 ] && echo yes || echo no; test x = y; echo $?; [[ ! -e nope ]] && echo none');
    expect(r.stdout).toBe('b\nyes\n1\nnone\n');
  });

  it('has functions with local variables, return and recursion', () => {
    const r = run('f() { local a=1 b; b=$1; echo "$a $b $#"; return 3; }; a=9; f x y; echo "rc=$? a=$a b=$b"; g() { local n=$1; [ $n -gt 0 ] && g $((n-1)); echo $n; }; g 2');
    expect(r.stdout).toBe('1 x 2\nrc=3 a=9 b=\n0\n1\n2\n');
  });

  it('sets positional parameters with set -- inside a function (qrep)', () => {
    const r = run('q() { local l; l="1000 4 0 1024"; set -- $l; echo "used=$2 hard=$4"; }; q; echo $#');
    expect(r.stdout).toBe('used=4 hard=1024\n0\n');
  });

  it('runs case, here-documents and here-strings', () => {
    const r = run('case ab in a*) echo A;; *) echo other;; esac\ncat <<EOF\nhome $HOME $((1+1))\nEOF\ncat <<< "here"');
    expect(r.stdout).toBe('A\nhome /root 2\nhere\n');
  });

  it('formats with echo, printf and seq', () => {
    const r = run("echo -n a; echo -e 'b\\tc'; printf '%5s|%-3d|%x|%.2f\\n' ab 7 255 3.14159; printf '%s\\n' x y; seq 2; seq 0 2 4; seq -s, 3");
    expect(r.stdout).toBe('ab\tc\n   ab|7  |ff|3.14\nx\ny\n1\n2\n0\n2\n4\n1,2,3\n');
  });

  it('pipes into grep, head, tail, wc, cut, sort, awk, tr and sed', () => {
    const r = run(
      "printf 'b 2\\na 1\\nc 3\\n' | sort | head -2 | tail -1; printf 'x\\ny\\n' | wc -l; echo a:b:c | cut -d: -f2; " +
        "echo 'u 7 0 9' | awk '{print \"used=\" $2 \" hard=\" $4}'; echo hello | tr a-z A-Z; echo /mnt/x | sed 's|/mnt|M|g'; printf 'ab\\ncd\\n' | grep -v ab",
    );
    expect(r.stdout).toBe('b 2\n2\nb\nused=7 hard=9\nHELLO\nM/x\ncd\n');
  });

  it('keeps true, false, ! and exit statuses', () => {
    const r = run('true; echo $?; false; echo $?; ! true; echo $?; (exit 3); echo $?; exit 4; echo no');
    expect(r.stdout).toBe('0\n1\n1\n3\n');
    expect(r.exitCode).toBe(4);
  });

  it('runs `cmd &` to completion at once; wait reports its status', () => {
    const r = run('echo a; (echo b; exit 5) & echo c; wait $!; echo "rc=$?"; wait; echo $?');
    expect(r.stdout).toBe('a\nb\nc\nrc=5\n0\n');
  });

  it('supports set -e and set -x', () => {
    expect(run('set -e; false || true; if false; then :; fi; echo on; false; echo off').stdout).toBe('on\n');
    expect(run('set -x; echo "a b"').stderr).toBe("+ echo 'a b'\n");
  });
});

describe('errors', () => {
  it('reports unknown commands like bash, status 127, and goes on', () => {
    const r = run('echo a\nfoo bar\necho "rc=$?"');
    expect(r.text).toBe('a\nbash: line 2: foo: command not found\nrc=127\n');
    expect(r.output).toEqual([
      { stream: 'stdout', text: 'a\n' },
      { stream: 'stderr', text: 'bash: line 2: foo: command not found\n' },
      { stream: 'stdout', text: 'rc=127\n' },
    ]);
  });

  it('refuses a syntax error with line:col and what was expected, running nothing', () => {
    const r = run('echo ran\nfor x in; do');
    expect(r.error).toEqual({ line: 2, col: 11, message: '"do" must be followed by a statement list' });
    expect(r.exitCode).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toBe('bash: line 2:11: syntax error: "do" must be followed by a statement list\n');
    expect(run('if true; then echo').error).toMatchObject({ line: 1, col: 1, message: 'if statement must end with "fi"' });
    expect(run('echo "abc').error).toMatchObject({ line: 1, col: 6 });
    expect(run('a=(1 2)').error?.message).toBe('arrays are not supported');
  });

  it('counts columns in characters, not UTF-8 bytes', () => {
    expect(run('echo héllo; for x in; do').error).toMatchObject({ line: 1, col: 23 });
  });

  it('prints builtin errors with the line number', () => {
    const r = run('cd /nope\n[ a -eq 1 ]\necho $?\nlocal x\necho $((1/0)); echo skipped\necho next');
    expect(r.stderr).toBe(
      'bash: line 1: cd: /nope: No such file or directory\nbash: line 2: [: a: integer expression expected\n' +
        'bash: line 4: local: can only be used in a function\nbash: line 5: 1/0: division by 0 (error token is "0")\n',
    );
    expect(r.stdout).toBe('2\nnext\n');
  });

  it('prints a builtin error under the command own redirections', () => {
    expect(run('cd /nope 2>/dev/null; echo $?').text).toBe('1\n');
  });
});

describe('step hook', () => {
  it('is called before each simple command with position, text and argv', () => {
    const seen: CommandInfo[] = [];
    run('x=1\nfor i in 1 2; do\n  echo "$i" > /dev/null\ndone\nf() { true; }\nf a', { onCommand: (i) => seen.push(i) });
    expect(seen.map((s) => [s.line, s.col, s.endLine, s.text, s.argv.join(' ')])).toEqual([
      [1, 1, 1, 'x=1', ''],
      [3, 3, 3, 'echo "$i" > /dev/null', 'echo 1'],
      [3, 3, 3, 'echo "$i" > /dev/null', 'echo 2'],
      [6, 1, 6, 'f a', 'f a'],
      [5, 7, 5, 'true', 'true'],
    ]);
  });
});

describe('tools', () => {
  it('runs tools with argv, cwd, env and stdin; they win over builtins but not over cd', () => {
    const calls: string[] = [];
    const spy: Tool = (ctx) => {
      calls.push(`${ctx.args.join(',')}|${ctx.cwd}|${ctx.env.SCRATCH_MNT}|${ctx.stdin}`);
      ctx.out('out\n');
      ctx.err('err\n');
      return 3;
    };
    const r = run('echo in | xfs_io -c "pwrite 0 4k" f; echo $?; echo hi; cd /tmp; pwd', { tools: { xfs_io: spy, echo: echoTool('ECHO'), cd: spy } });
    expect(calls).toEqual(['-c,pwrite 0 4k,f|/mnt/scratch|/mnt/scratch|ECHO in\n']);
    expect(r.text).toBe('out\nerr\nECHO 3\nECHO hi\n/tmp\n');
  });

  it('names the task after the command while it runs', () => {
    const tasks: string[] = [];
    const { sys, host } = fakeMachine();
    const t: Tool = () => {
      tasks.push(sys.task);
      return 0;
    };
    runShell('mytool; /usr/sbin/mytool', { sys, host, tools: { mytool: t } });
    expect(tasks).toEqual(['mytool', 'mytool']);
    expect(sys.task).toBe('bash');
  });

  it('orders 2>&1 > /dev/null as bash does: stderr to the old stdout, stdout discarded', () => {
    const noisy: Tool = (ctx) => {
      ctx.out('wrote\n');
      ctx.err('pwrite: No space left on device\n');
      return 1;
    };
    const tools = { xfs_io: noisy };
    expect(run('xfs_io 2>&1 > /dev/null', { tools }).output).toEqual([{ stream: 'stdout', text: 'pwrite: No space left on device\n' }]);
    expect(run('xfs_io > /dev/null 2>&1', { tools }).output).toEqual([]);
    expect(run('xfs_io 2>&1', { tools }).output).toEqual([{ stream: 'stdout', text: 'wrote\npwrite: No space left on device\n' }]);
    expect(run('x=$(xfs_io 2>&1 >/dev/null); echo "[$x]"', { tools }).stdout).toBe('[pwrite: No space left on device]\n');
  });
});

describe('determinism and limits', () => {
  const script = 'for i in $(seq 3); do echo $i $RANDOM; done; sleep 2; echo $SECONDS; (echo bg) & wait; echo x > f; cat f; echo $!';
  it('gives the same output, syscalls and steps twice', () => {
    const a = run(script);
    const b = run(script);
    expect(a.text).toBe(b.text);
    expect(a.sys.log).toEqual(b.sys.log);
    expect(a.host.steps).toEqual(b.host.steps);
    expect(a.text).toContain('\n2\nbg\nx\n');
  });

  it('generates $RANDOM like bash 5.2, from ShellOptions.seed or RANDOM=n', () => {
    expect(run('RANDOM=42; echo $RANDOM $RANDOM $RANDOM').stdout).toBe('17772 26794 1435\n');
    expect(run('echo $RANDOM', { seed: 1 }).stdout).toBe('16807\n');
    expect(run('echo $RANDOM $RANDOM', { seed: 0 }).stdout).toBe(run('RANDOM=0; echo $RANDOM $RANDOM').stdout);
  });

  it('stops an endless loop', () => {
    const r = run('while true; do :; done; echo never', { limits: { maxLoopIterations: 1000 } });
    expect(r.limitExceeded).toEqual({ limit: 'maxLoopIterations', value: 1000, line: 1 });
    expect(r.exitCode).toBe(137);
    expect(r.stderr).toBe('bash: line 1: script stopped: a loop ran more than 1000 times (maxLoopIterations)\n');
    expect(run('while true; do :; done').limitExceeded?.limit).toBe('maxCommands');
  });

  it('stops runaway output, command counts and recursion', () => {
    expect(run('while true; do echo yyyyyyyy; done', { limits: { maxOutputBytes: 1000 } }).limitExceeded?.limit).toBe('maxOutputBytes');
    expect(run('for i in 1 2 3 4 5; do true; done', { limits: { maxCommands: 3 } }).limitExceeded).toMatchObject({ limit: 'maxCommands', value: 3 });
    expect(run('f() { f; }; f').limitExceeded?.limit).toBe('maxCallDepth');
    expect(run('head -c 100000000 /dev/zero | wc -c', { limits: { maxOutputBytes: 1 << 20 } }).limitExceeded?.limit).toBe('maxOutputBytes');
  });

  it('streams output as it is written', () => {
    const got: string[] = [];
    run('echo a; echo b >&2', { onOutput: (s, t) => got.push(`${s}:${t}`) });
    expect(got).toEqual(['stdout:a\n', 'stderr:b\n']);
  });
});
