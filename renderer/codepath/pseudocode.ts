// Our own pseudocode of xfs_buffered_write_iomap_begin (fs/xfs/xfs_iomap.c), written from the
// project's description of it (shared/spec/buffered-write.md §4) — never the kernel's source,
// which is GPL. Each branch the engine reports (IomapBranch) lights the lines it went through.
import type { IomapBranch, IomapDecision } from '../../main/run-view-types';
import type { Localized } from '../../main/ipc-contract';
import { hex } from '../timeline/format';

export interface PseudoLine {
  id: string;
  indent: number;
  code: string;
  note?: Localized;
}

const L = (en: string, zh: string): Localized => ({ en, 'zh-CN': zh });

export const PSEUDOCODE: PseudoLine[] = [
  { id: 'entry', indent: 0, code: 'iomap_begin(offset, count, op):' },
  { id: 'extsz', indent: 1, code: 'if inode has an extent size hint:', note: L('no delayed allocation with a hint', '有提示时不做延迟分配') },
  { id: 'direct', indent: 2, code: 'allocate unwritten extents now; return them' },
  { id: 'lookup', indent: 1, code: 'imap = data fork extent at or after offset_fsb', note: L('eof: none at or after it', 'eof：其后再无区段') },
  { id: 'zhole', indent: 1, code: 'if op is zero/unshare and offset is in a hole:' },
  { id: 'zhole-ret', indent: 2, code: 'return HOLE', note: L('nothing to zero; the CoW fork is not consulted', '无需清零；不查 CoW 分叉') },
  { id: 'zdelay', indent: 1, code: 'if op is zero and imap is delalloc wholly past EOF:' },
  { id: 'convert', indent: 2, code: 'convert the delalloc extent to unwritten; return it' },
  { id: 'cowinode', indent: 1, code: 'if inode may share blocks (reflink or always_cow):' },
  { id: 'cowlookup', indent: 2, code: 'cmap = CoW fork extent at offset_fsb' },
  { id: 'cowfound', indent: 2, code: 'if cmap covers offset: goto found_cow', note: L('xfs_reflink_cow_found', 'xfs_reflink_cow_found') },
  { id: 'mapped', indent: 1, code: 'if imap starts at or before offset_fsb:', note: L('data fork has a mapping here', '数据分叉此处已有映射') },
  { id: 'notcow', indent: 2, code: 'if inode cannot share blocks: goto found_imap', note: L('xfs_iomap_found', 'xfs_iomap_found') },
  { id: 'trim', indent: 2, code: 'trim imap at the first shared/unshared boundary' },
  { id: 'unshared', indent: 2, code: 'if not shared: goto found_imap' },
  { id: 'shared', indent: 2, code: 'alloc_fork = COW; end = end of the shared run' },
  { id: 'hole', indent: 1, code: 'else:  # a hole at offset', note: L('a write into a hole', '写入空洞') },
  { id: 'cap', indent: 2, code: 'count = min(count, 4 MiB); always_cow → alloc_fork = COW' },
  { id: 'eofcheck', indent: 1, code: 'if eof and offset + count > i_size:', note: L('an extending write', '扩展文件的写') },
  { id: 'prealloc', indent: 2, code: 'prealloc = xfs_iomap_prealloc_size()', note: L('about double the extent before it, throttled by free space', '约为前一区段的两倍，空间不足时收缩') },
  { id: 'reserve', indent: 1, code: 'reserve delalloc [offset_fsb, end + prealloc) in alloc_fork', note: L('xfs_iomap_alloc; IOMAP_F_NEW', 'xfs_iomap_alloc；IOMAP_F_NEW') },
  { id: 'found_imap', indent: 0, code: 'found_imap: return imap' },
  { id: 'found_cow', indent: 0, code: 'found_cow: return cmap (IOMAP_F_SHARED), srcmap = imap' },
];

/** The lines each branch goes through, in order. */
export const BRANCH_PATH: Record<IomapBranch, string[]> = {
  extsize_direct: ['entry', 'extsz', 'direct'],
  zero_hole: ['entry', 'lookup', 'zhole', 'zhole-ret'],
  unshare_hole: ['entry', 'lookup', 'zhole', 'zhole-ret'],
  convert_delay: ['entry', 'lookup', 'zdelay', 'convert'],
  found_cow: ['entry', 'lookup', 'cowinode', 'cowlookup', 'cowfound', 'found_cow'],
  found_imap: ['entry', 'lookup', 'mapped', 'notcow', 'found_imap'],
  shared_trim_found: ['entry', 'lookup', 'cowinode', 'cowlookup', 'mapped', 'trim', 'unshared', 'found_imap'],
  shared_alloc_cow: ['entry', 'lookup', 'cowinode', 'cowlookup', 'mapped', 'trim', 'shared', 'eofcheck', 'reserve', 'found_cow'],
  hole_alloc: ['entry', 'lookup', 'hole', 'cap', 'eofcheck', 'prealloc', 'reserve', 'found_imap'],
  hole_alloc_cow: ['entry', 'lookup', 'cowinode', 'cowlookup', 'hole', 'cap', 'eofcheck', 'prealloc', 'reserve', 'found_cow'],
};

const IOMAP_F_NEW = 0x1;
const IOMAP_F_SHARED = 0x4;

function flags(f: number): string {
  const out = [];
  if (f & IOMAP_F_NEW) out.push('NEW');
  if (f & IOMAP_F_SHARED) out.push('SHARED');
  return out.length ? ` ${out.join('|')}` : '';
}

/** The values shown beside the lines of a decision. */
export function lineValues(d: IomapDecision): Record<string, string> {
  const v: Record<string, string> = {
    entry: `offset=${hex(d.pos)} count=${hex(d.count)} op=${d.op}`,
    lookup: `eof=${d.eof} i_size=${hex(d.isize)}`,
  };
  const ret = `→ ${d.iomap.type} [${hex(d.iomap.offset)}, +${hex(d.iomap.length)})${flags(d.iomap.flags)}`;
  if (d.branch === 'hole_alloc' || d.branch === 'hole_alloc_cow' || d.branch === 'shared_alloc_cow') {
    v['eofcheck'] = `${d.eof && d.pos + d.count > d.isize}`;
    v['prealloc'] = `prealloc=${d.preallocBlocks}`;
  }
  const path = BRANCH_PATH[d.branch];
  v[path[path.length - 1]] = ret + (d.srcmap ? `  srcmap=${d.srcmap.type} [${hex(d.srcmap.offset)}, +${hex(d.srcmap.length)})` : '');
  return v;
}
