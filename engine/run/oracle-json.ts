/**
 * The oracle recording format (oracle/README.md): run a scenario the way the recorder does — the
 * script, then the state right after it, after `sync`, and after unmount + mount — and describe it
 * with the same keys, so the comparator can grade the engine against the real kernel.
 */
import type { Machine } from '../machine.js';
import type { OracleJson, OracleFile, OracleQuotaReport, OracleState } from '../conformance/oracle-json.js';
import type { ToolContext } from '../script/tool.js';
import { TOOLS } from '../script/tools/index.js';
import { hex } from '../xfs-trace.js';
import { BMV_OF_DELALLOC, BMV_OF_PREALLOC, BMV_OF_SHARED } from '../syscalls.js';
import { makeHost, runOnMachine, prepareMachine, SCRATCH_DEV, SCRATCH_MNT, type RunOptions } from './run-script.js';
import { flavourOf } from '../xfs-flavour.js';
import { quotaManager } from '../xfs-qm.js';
import { parseScriptHeader } from './script-header.js';
import { inodePaths, listFiles } from './fs-state.js';

const TIMING = /^[0-9/.]+ [GMKiBbytes]+, \d+ ops?; [0-9/:. sec]+ \(.*\/sec and .* ops\/sec\)$/;

/** Run one tool directly (not through the shell) and return what it printed. */
function runTool(m: Machine, name: string, args: string[]): string {
  let text = '';
  const ctx: ToolContext = {
    args, sys: m, host: makeHost(m, () => {}), stdin: '', cwd: SCRATCH_MNT, env: { SCRATCH_MNT },
    out: (t) => {
      text += t;
    },
    err: (t) => {
      text += t;
    },
    resolve: (p) => {
      const abs = p.startsWith('/') ? p : `${SCRATCH_MNT}/${p}`;
      if (abs === SCRATCH_MNT) return { where: 'mount', rel: '.' };
      if (abs.startsWith(SCRATCH_MNT + '/')) return { where: 'mount', rel: abs.slice(SCRATCH_MNT.length + 1) };
      return { where: 'other', abs };
    },
  };
  const ctxName = m.tracer.ctx;
  const capture = m.tracer.capture;
  m.tracer.capture = false;
  try {
    TOOLS[name](ctx);
  } finally {
    m.tracer.capture = capture;
    m.tracer.ctx = ctxName;
  }
  return text;
}

function fileState(m: Machine, path: string, withMd5: boolean): OracleFile {
  const ip = m.inodeOf(path);
  const st = m.stat(path);
  const fd = m.open(path, { readOnly: true });
  const capture = m.tracer.capture;
  m.tracer.capture = false;
  let recs;
  try {
    recs = m.getbmapx(fd, {});
  } finally {
    m.tracer.capture = capture;
    m.close(fd);
  }
  const fsx: Record<string, string> = {};
  for (const line of runTool(m, 'xfs_io', ['-r', '-c', 'stat', path]).split('\n')) {
    const mm = /^fsxattr\.(\w+) = (.*)$/.exec(line);
    if (mm) fsx[mm[1]] = mm[2];
  }
  const f: OracleFile = {
    size: st.size,
    st_blocks: st.blocks,
    ino: ip.ino,
    nlink: st.nlink,
    bmap_text: runTool(m, 'xfs_io', ['-r', '-c', 'bmap -elpv', path]),
    data_fork: recs.map((r) => ({
      offset_bb: r.offset,
      block_bb: r.block,
      length_bb: r.length,
      oflags: r.oflags & ~0x4,
      kind: r.block === -1 ? 'hole' : r.oflags & BMV_OF_DELALLOC ? 'delalloc' : r.oflags & BMV_OF_PREALLOC ? 'unwritten' : 'written',
      shared: (r.oflags & BMV_OF_SHARED) !== 0,
    })),
    fsxattr: fsx as unknown as OracleFile["fsxattr"],
  };
  if (withMd5) {
    const capture2 = m.tracer.capture;
    m.tracer.capture = false;
    try {
      f.md5 = m.md5(path);
    } finally {
      m.tracer.capture = capture2;
    }
  }
  return f;
}

function stateOf(m: Machine, withMd5: boolean, quota: boolean): OracleState {
  const files: Record<string, OracleFile> = {};
  for (const path of listFiles(m).keys()) files[path] = fileState(m, path, withMd5);
  const s = m.fs.statfs();
  const st: OracleState = {
    files,
    statfs: {
      'statfs.f_bsize': s.bsize, 'statfs.f_blocks': s.blocks, 'statfs.f_bavail': s.bavail,
      'statfs.f_files': s.files, 'statfs.f_ffree': s.ffree,
    },
  };
  if (quota) {
    // What the quota recorder adds (tools/qemu/lib/normalize_q.py): the report, parsed, and the state.
    const clean = (t: string) => t.split(SCRATCH_MNT).join('SCRATCH_MNT').split(SCRATCH_DEV).join('SCRATCH_DEV');
    st.quota_report_text = clean(runTool(m, 'xfs_quota', ['-x', '-c', 'report -ugp -bi -n', SCRATCH_MNT]));
    st.quota_report = parseQuotaReport(st.quota_report_text);
    st.quota_state_text = clean(runTool(m, 'xfs_quota', ['-x', '-c', 'state -ugp', SCRATCH_MNT]));
  }
  return st;
}

const QUOTA_ROW = /^#?(\d+)\s+(\d+)\s+(\d+)\s+(\d+)\s+(\d+)\s+\[([^\]]*)\]\s+(\d+)\s+(\d+)\s+(\d+)\s+(\d+)\s+\[([^\]]*)\]\s*$/;

/** normalize_q.py's parse(): `xfs_quota report -ugp -bi -n` as {user|group|project: {id: {...}}}. */
export function parseQuotaReport(text: string): OracleQuotaReport {
  const out: OracleQuotaReport = {};
  let kind: 'user' | 'group' | 'project' | null = null;
  for (const line of text.split('\n')) {
    const h = /^(User|Group|Project) quota on/.exec(line);
    if (h) {
      kind = h[1].toLowerCase() as 'user' | 'group' | 'project';
      out[kind] ??= {};
      continue;
    }
    const r = QUOTA_ROW.exec(line.trim());
    if (!r || !kind) continue;
    out[kind]![r[1]] = {
      blocks_kb: Number(r[2]), bsoft_kb: Number(r[3]), bhard_kb: Number(r[4]), bwarn: Number(r[5]), bgrace: r[6].trim(),
      inodes: Number(r[7]), isoft: Number(r[8]), ihard: Number(r[9]), iwarn: Number(r[10]), igrace: r[11].trim(),
    };
  }
  return out;
}

/** Filter output as the recorder does: timing lines dropped, the mount path shown as SCRATCH_MNT. */
export function filterOutput(text: string): string[] {
  const lines = text.split('\n');
  if (lines[lines.length - 1] === '') lines.pop();
  return lines.filter((l) => !TIMING.test(l.trim())).map((l) => l.split(SCRATCH_MNT).join('SCRATCH_MNT'));
}

/** Run a scenario and describe it in the recording format. */
export function runOracle(script: string, name: string, opts: RunOptions = {}): OracleJson {
  const header = parseScriptHeader(script);
  const m = prepareMachine(script, opts);
  // The recorder traces the body only: mkfs and the first mount happen before tracing starts.
  m.tracer.events.length = 0;
  const quota = flavourOf(opts.kernel ?? header.kernel) === '6.1' || quotaManager(m.fs) !== null;
  const initial = stateOf(m, false, quota);
  const res = runOnMachine(m, script, { ...opts, steps: false });
  const paths = inodePaths(m);
  const capture = m.tracer.capture;
  m.tracer.capture = false;
  const final = stateOf(m, true, quota);
  m.sync();
  const afterSync = stateOf(m, false, quota);
  m.umount();
  m.mount(header.mount);
  const afterRemount = stateOf(m, false, quota);
  m.tracer.capture = capture;
  const trace = res.trace.map((e) => {
    const fields: Record<string, string> = {};
    for (const [k, v] of Object.entries(e.fields)) {
      fields[k] = k === 'ino' || k === 'src_ino' || k === 'dest_ino' ? inoName(paths, v) : v;
    }
    return { event: e.event, ctx: e.ctx, fields };
  });
  return {
    ...(quota ? { quota_report: final.quota_report } : {}),
    scenario: name,
    description: '',
    kernel: 'xfslab-engine',
    mkfs_options: header.mkfs.join(' '),
    mount_options: header.mount,
    events_enabled: m.tracer.enabledEvents(),
    body_rc: res.exitCode,
    output: filterOutput(res.output),
    trace,
    state: { initial, final, after_sync: afterSync, after_remount: afterRemount },
  };
}

function inoName(paths: Map<number, string>, v: string): string {
  const n = Number(v);
  return paths.get(n) ?? `ino#${n}`;
}
void hex;
