import { describe, expect, it } from 'vitest';
import { runShell, type ShellOptions } from '../shell.js';
import { echoTool, fakeMachine } from './fake-machine.js';

function run(script: string, extra: Partial<ShellOptions> = {}, setup?: (m: ReturnType<typeof fakeMachine>) => void) {
  const m = fakeMachine();
  setup?.(m);
  const result = runShell(script, { sys: m.sys, host: m.host, tools: {}, ...extra });
  return { ...result, ...m };
}

describe('files on the scratch mount go through Syscalls', () => {
  it('writes redirections as bash: open, one write(2) per echo, close', () => {
    const r = run('echo hi > f; echo there >> f; cat f');
    expect(r.stdout).toBe('hi\nthere\n');
    expect(r.sys.log).toEqual([
      'bash open f trunc',
      'bash pwrite f 0 3',
      'bash close f',
      'bash open f append',
      'bash pwrite f 3 6',
      'bash close f',
      'cat open f',
      'cat close f',
    ]);
    expect(r.host.steps).toContain('write f 0 3');
  });

  it('maps absolute, relative and $SCRATCH_MNT paths onto the mount; cwd starts there', () => {
    const r = run('mkdir d; echo a > /mnt/scratch/d/x; echo b > $SCRATCH_MNT/d/y; cd d; echo c > z; ls; pwd');
    expect(r.stdout).toBe('x\ny\nz\n/mnt/scratch/d\n');
    expect(r.sys.text('d/x')).toBe('a\n');
    expect(r.sys.log[0]).toBe('mkdir mkdir d');
  });

  it('keeps other paths in the shell: /tmp, /dev/null', () => {
    const r = run('cd /tmp; echo t > t; cat /tmp/t; ls /tmp; echo gone > /dev/null; cat /dev/null; cd /; ls /mnt');
    expect(r.stdout).toBe('t\nt\nscratch\n');
    expect(r.sys.log).toEqual([]);
  });

  it('rm, touch, mv and globs on mount files use the utility task', () => {
    const r = run('touch pre1 pre2 other; rm -f $SCRATCH_MNT/pre* nothere; mv other moved; ls; rm missing', {}, () => {});
    expect(r.stdout).toBe('moved\n');
    expect(r.stderr).toBe("rm: cannot remove 'missing': No such file or directory\n");
    expect(r.sys.log).toEqual([
      'touch open pre1',
      'touch close pre1',
      'touch open pre2',
      'touch close pre2',
      'touch open other',
      'touch close other',
      'rm unlink pre1',
      'rm unlink pre2',
      'mv rename other moved',
    ]);
  });

  it('keeps an fd opened by exec open across commands (no close until exec 3>&-)', () => {
    const r = run('exec 3>>f\nfor i in 1 2; do head -c 65536 /dev/zero >&3; done\necho mid\nexec 3>&-\necho end');
    const log = r.sys.log;
    expect(log[0]).toBe('bash open f append');
    const writes = log.filter((l) => l.includes('pwrite')).map((l) => l.split(' ')[4]);
    // glibc stdio with a 4 KiB st_blksize buffer behind head's 8 KiB reads: 8192 then 14 x 4096
    expect(writes).toEqual(['8192', ...Array(14).fill('4096'), '8192', ...Array(14).fill('4096')]);
    expect(log.filter((l) => l.includes('pwrite')).every((l) => l.startsWith('head ') && l.endsWith('pattern 0'))).toBe(true);
    expect(log[log.length - 1]).toBe('bash close f');
    expect(log.filter((l) => l.includes('close'))).toHaveLength(1);
    expect(r.sys.text('f').length).toBe(131072);
  });

  it('closes a redirected file in the task of the external command', () => {
    const r = run('head -c 5 /dev/zero > g; echo x > h');
    expect(r.sys.log).toEqual(['bash open g trunc', 'head pwrite g 0 5 pattern 0', 'head close g', 'bash open h trunc', 'bash pwrite h 0 2', 'bash close h']);
  });

  it('moves bytes, not text: UTF-8 from the script, binary files copied exactly', () => {
    const r = run('echo héllo > f; cat f; wc -c < f; x=héllo; echo ${#x}; cat bin > copy; wc -c < copy; printf "\\351\\n" | wc -c', {}, (m) => {
      m.sys.nodes.set('bin', { dir: false, data: Uint8Array.from([0, 0xab, 0xff, 0x80, 10]) });
    });
    expect(r.stdout).toBe('héllo\n7\n5\n5\n2\n');
    expect([...r.sys.nodes.get('f')!.data]).toEqual([...new TextEncoder().encode('héllo\n')]);
    expect([...r.sys.nodes.get('copy')!.data]).toEqual([0, 0xab, 0xff, 0x80, 10]);
  });

  it('shows invalid UTF-8 as U+FFFD on the terminal, and a character split across writes whole', () => {
    const r = run("printf '\\303'; printf '\\251\\n'; printf '\\377\\n'");
    expect(r.stdout).toBe('é\n\ufffd\n');
  });

  it('reports ENOSPC on a shell write like bash', () => {
    const r = run('echo 0123456789abcdef > f; echo "rc=$?"', {}, (m) => (m.sys.capacity = 10));
    expect(r.text).toBe('bash: line 1: echo: write error: No space left on device\nrc=1\n');
    expect(r.sys.text('f')).toBe('0123456789');
  });

  it('fails a redirection into a missing directory before running the command', () => {
    const r = run('echo x > nodir/f; echo "rc=$?"');
    expect(r.text).toBe('bash: line 1: nodir/f: No such file or directory\nrc=1\n');
  });

  it('tests files with [ -f ], [ -d ], [ -e ], [ -s ]', () => {
    const r = run('echo x > f; mkdir d; [ -f f ] && echo f; [ -d d ] && echo d; [ -e nope ] || echo none; [ -s f ] && echo s; [ -f f ] || echo never');
    expect(r.stdout).toBe('f\nd\nnone\ns\n');
  });
});

describe('/proc/sys/fs/xfs and the clock', () => {
  it('reads and writes sysctls through the host', () => {
    const r = run('cat /proc/sys/fs/xfs/speculative_prealloc_lifetime; echo 1 > /proc/sys/fs/xfs/speculative_prealloc_lifetime; cat /proc/sys/fs/xfs/speculative_prealloc_lifetime');
    expect(r.stdout).toBe('300\n1\n');
    expect(r.host.sysctls.get('speculative_prealloc_lifetime')).toBe('1');
  });

  it('reports a refused sysctl write and an unknown knob', () => {
    const r = run('echo x > /proc/sys/fs/xfs/speculative_prealloc_lifetime; echo 1 > /proc/sys/fs/xfs/nope');
    expect(r.stderr).toBe('bash: line 1: echo: write error: Invalid argument\nbash: line 1: /proc/sys/fs/xfs/nope: No such file or directory\n');
  });

  it('sleep advances the simulated clock only', () => {
    const r = run('sleep 3; sleep 0.5; sleep 1m; echo $SECONDS');
    expect(r.host.clock).toBe(63.5);
    expect(r.stdout).toBe('63\n');
    expect(r.sys.log).toEqual(['sleep sleep 3', 'sleep sleep 0.5', 'sleep sleep 60']);
  });
});

describe('tools and paths', () => {
  it('gives tools a resolver for shell paths', () => {
    const seen: unknown[] = [];
    run('cd /mnt/scratch; t f /tmp/x /proc/sys/fs/xfs/k /dev/null ..', {
      tools: {
        t: (ctx) => {
          for (const a of ctx.args) seen.push(ctx.resolve(a));
          return 0;
        },
      },
    });
    expect(seen).toEqual([
      { where: 'mount', rel: 'f' },
      { where: 'other', abs: '/tmp/x' },
      { where: 'proc', knob: 'k' },
      { where: 'devnull' },
      { where: 'other', abs: '/mnt' },
    ]);
  });

  it('lets a tool replace a built-in utility', () => {
    expect(run('rm x', { tools: { rm: echoTool('fake-rm') } }).stdout).toBe('fake-rm x\n');
  });

  it('runs umount / mount tools in the middle of a && chain (xfs/213)', () => {
    const r = run('cd / && umount $SCRATCH_MNT && mount -o uquota,gquota $SCRATCH_DEV $SCRATCH_MNT && cd $SCRATCH_MNT; pwd', {
      tools: { umount: echoTool('umount'), mount: echoTool('mount') },
    });
    expect(r.stdout).toBe('umount /mnt/scratch\nmount -o uquota,gquota /dev/loop0 /mnt/scratch\n/mnt/scratch\n');
  });
});
