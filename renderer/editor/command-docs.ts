// What the editor knows about the lab's commands: names, xfs_io subcommands and their options, with
// a short doc in both languages (completion and hover). The engine's `xfslab help` is the source
// of which commands and options exist.
import type { Localized } from '../../main/ipc-contract';

export interface OptionDoc {
  flag: string;
  doc: Localized;
}

export interface CommandDoc {
  name: string;
  usage: string;
  doc: Localized;
  options?: OptionDoc[];
}

const L = (en: string, zh: string): Localized => ({ en, 'zh-CN': zh });

export const TOOLS: CommandDoc[] = [
  {
    name: 'xfs_io', usage: 'xfs_io [-f] [-x] [-d] [-r] [-s] -c CMD... FILE',
    doc: L('Run xfs_io subcommands (-c) on FILE: writes, reads, extent maps, fsync, reflink…', '对 FILE 执行 xfs_io 子命令（-c）：写、读、区段映射、fsync、reflink……'),
    options: [
      { flag: '-f', doc: L('create FILE if it does not exist', '文件不存在时创建') },
      { flag: '-c', doc: L('a subcommand to run; repeat for several', '要执行的子命令；可重复多次') },
      { flag: '-d', doc: L('open with O_DIRECT (direct I/O)', '以 O_DIRECT（直接 I/O）打开') },
      { flag: '-s', doc: L('open with O_SYNC', '以 O_SYNC 打开') },
      { flag: '-r', doc: L('open read-only', '只读打开') },
      { flag: '-x', doc: L('expert mode (enables more subcommands)', '专家模式（启用更多子命令）') },
    ],
  },
  { name: 'xfs_bmap', usage: 'xfs_bmap [-v] FILE', doc: L('Print the extent map of FILE (the data fork).', '打印 FILE 的区段映射（数据分叉）。'), options: [{ flag: '-v', doc: L('verbose: AG, flags, totals', '详细：AG、标志、合计') }] },
  { name: 'cp', usage: 'cp [--reflink=always] SRC DST', doc: L('Copy a file; --reflink=always shares its blocks (copy-on-write).', '复制文件；--reflink=always 共享数据块（写时复制）。'), options: [{ flag: '--reflink=always', doc: L('share the blocks instead of copying them', '共享数据块而不复制') }] },
  { name: 'stat', usage: 'stat [-f] -c FMT FILE', doc: L('Print file (or, with -f, filesystem) status in the given format.', '按格式打印文件（-f 时为文件系统）状态。'), options: [{ flag: '-c', doc: L('format: %s size, %b blocks, %i inode…', '格式：%s 大小、%b 块数、%i inode……') }, { flag: '-f', doc: L('filesystem status (statfs)', '文件系统状态（statfs）') }] },
  { name: 'md5sum', usage: 'md5sum FILE...', doc: L('MD5 of the file contents.', '文件内容的 MD5。') },
  { name: 'rm', usage: 'rm [-f] FILE...', doc: L('Remove files (unlink; blocks are freed when the inode goes).', '删除文件（unlink；inode 释放时回收数据块）。') },
  { name: 'touch', usage: 'touch FILE...', doc: L('Create empty files or update their times.', '创建空文件或更新时间戳。') },
  { name: 'truncate', usage: 'truncate -s SIZE FILE', doc: L('Set the file size (cuts extents past the new EOF).', '设置文件大小（截去新 EOF 之后的区段）。'), options: [{ flag: '-s', doc: L('the new size (4k, 1m, …)', '新的大小（4k、1m……）') }] },
  { name: 'fallocate', usage: 'fallocate [-k|-p|-z] [-o OFF] -l LEN FILE', doc: L('Preallocate (unwritten extents), punch or zero a range.', '预分配（未写区段）、打洞或清零一段范围。'), options: [{ flag: '-l', doc: L('length', '长度') }, { flag: '-o', doc: L('offset', '偏移') }, { flag: '-k', doc: L('keep the size', '保持文件大小') }, { flag: '-p', doc: L('punch a hole', '打洞') }, { flag: '-z', doc: L('zero the range', '清零该范围') }] },
  { name: 'sync', usage: 'sync', doc: L('Write back every dirty page: delalloc extents get real blocks.', '回写所有脏页：延迟分配区段获得真实数据块。') },
  { name: 'sleep', usage: 'sleep SECONDS', doc: L('Advance the simulated clock: background work runs when it comes due — the flusher writes back data dirtied 30 s before (vm.dirty_expire_centisecs), blockgc trims preallocation, and every 30 s the log worker forces the log (fs.xfs.xfssyncd_centisecs), so freed blocks can be allocated again.', '推进模拟时钟：到期的后台工作会运行——回写线程写回 30 秒前弄脏的数据（vm.dirty_expire_centisecs），blockgc 回收预分配，日志工作线程每 30 秒强制刷写日志（fs.xfs.xfssyncd_centisecs），释放的块随之可再分配。') },
  { name: 'mkfs.xfs', usage: 'mkfs.xfs [-f] [-m reflink=1] [-d size=…] DEV', doc: L('Make a new filesystem on the scratch device.', '在 scratch 设备上创建新文件系统。') },
  { name: 'mount', usage: 'mount [-o OPTS] DEV DIR', doc: L('Mount the scratch filesystem (e.g. -o allocsize=64k).', '挂载 scratch 文件系统（如 -o allocsize=64k）。') },
  { name: 'umount', usage: 'umount DIR', doc: L('Unmount: writes back, trims preallocation, frees the in-core state.', '卸载：回写、裁剪预分配、释放内存中的状态。') },
  { name: 'ls', usage: 'ls [-l] [PATH]', doc: L('List a directory.', '列出目录。') },
  { name: 'cat', usage: 'cat FILE', doc: L('Print a file.', '打印文件。') },
  { name: 'echo', usage: 'echo TEXT [> /proc/sys/fs/xfs/KNOB | /proc/sys/vm/dirty_expire_centisecs | /proc/sys/vm/dirty_writeback_centisecs | /proc/sys/vm/drop_caches]', doc: L('Print text, or set a sysctl knob by redirection: the XFS ones, the flusher\'s expiry age and wakeup interval, and drop_caches (1: empty the clean page cache, so the next reads go to disk through readahead).', '打印文本，或通过重定向设置 sysctl 参数：XFS 参数、回写线程的过期时间和唤醒间隔，以及 drop_caches（1：清空干净的页缓存，之后的读取经预读从磁盘读）。') },
  { name: 'chown', usage: 'chown USER FILE', doc: L('Change the owner (quota accounting).', '修改属主（配额统计）。') },
];

export const XFS_IO_COMMANDS: CommandDoc[] = [
  {
    name: 'pwrite', usage: 'pwrite [-S pattern] [-b bsize] [-q] [-R] [-Z seed] off len',
    doc: L('Buffered write of len bytes at off, in chunks of bsize: each chunk is one write(2).', '在 off 处缓冲写入 len 字节，按 bsize 分块：每块一次 write(2)。'),
    options: [
      { flag: '-S', doc: L('fill byte pattern (default 0xcdcdcdcd)', '填充字节模式（默认 0xcdcdcdcd）') },
      { flag: '-b', doc: L('buffer size: bytes per write(2)', '缓冲区大小：每次 write(2) 的字节数') },
      { flag: '-q', doc: L('quiet: no summary line', '安静：不打印汇总行') },
      { flag: '-R', doc: L('random order of the chunks', '随机顺序写各块') },
      { flag: '-Z', doc: L('seed of the random order', '随机顺序的种子') },
    ],
  },
  {
    name: 'pread', usage: 'pread [-b bsize] [-v] off len',
    doc: L('Buffered read of len bytes at off, bsize (default 4 KiB) per read(2): uncached pages come in through readahead windows.', '在 off 处缓冲读取 len 字节，每次 read(2) 读 bsize（默认 4 KiB）：未缓存的页经预读窗口读入。'),
    options: [
      { flag: '-b', doc: L('buffer size: bytes per read(2)', '缓冲区大小：每次 read(2) 的字节数') },
      { flag: '-v', doc: L('dump the bytes read', '打印读到的字节') },
    ],
  },
  {
    name: 'fadvise', usage: 'fadvise [-d|-n|-r|-s|-w] [off len]',
    doc: L('posix_fadvise(2): -s sequential (doubles the readahead window), -r random (no readahead), -w read the range ahead, -d write back and drop the range\'s page cache; no flag: normal.', 'posix_fadvise(2)：-s 顺序（预读窗口加倍），-r 随机（不预读），-w 预读该范围，-d 回写并丢弃该范围的页缓存；无参数：普通。'),
    options: [
      { flag: '-s', doc: L('POSIX_FADV_SEQUENTIAL', 'POSIX_FADV_SEQUENTIAL') },
      { flag: '-r', doc: L('POSIX_FADV_RANDOM', 'POSIX_FADV_RANDOM') },
      { flag: '-w', doc: L('POSIX_FADV_WILLNEED off len', 'POSIX_FADV_WILLNEED off len') },
      { flag: '-d', doc: L('POSIX_FADV_DONTNEED off len', 'POSIX_FADV_DONTNEED off len') },
      { flag: '-n', doc: L('POSIX_FADV_NOREUSE off len', 'POSIX_FADV_NOREUSE off len') },
    ],
  },
  {
    name: 'bmap', usage: 'bmap [-a] [-c] [-e] [-l] [-p] [-v]',
    doc: L('Print the extent map: delalloc, unwritten and written extents with their blocks.', '打印区段映射：延迟分配、未写和已写区段及其数据块。'),
    options: [
      { flag: '-a', doc: L('attribute fork', '属性分叉') },
      { flag: '-c', doc: L('copy-on-write fork', '写时复制分叉') },
      { flag: '-e', doc: L('include delalloc and holes past EOF', '包含 EOF 之后的延迟分配与空洞') },
      { flag: '-l', doc: L('show lengths in blocks', '以块为单位显示长度') },
      { flag: '-p', doc: L('show preallocated (unwritten) extents', '显示预分配（未写）区段') },
      { flag: '-v', doc: L('verbose table: AG, offsets, flags', '详细表格：AG、偏移、标志') },
    ],
  },
  { name: 'fiemap', usage: 'fiemap [-v]', doc: L('Print the extent map as FIEMAP reports it.', '按 FIEMAP 的方式打印区段映射。') },
  { name: 'fsync', usage: 'fsync', doc: L('Write back the file and its metadata, and wait.', '回写文件及其元数据并等待完成。') },
  { name: 'fdatasync', usage: 'fdatasync', doc: L('Write back the file data, and wait.', '回写文件数据并等待完成。') },
  { name: 'sync', usage: 'sync', doc: L('sync(2) the whole filesystem.', '对整个文件系统执行 sync(2)。') },
  { name: 'syncfs', usage: 'syncfs', doc: L('syncfs(2) the filesystem of the file.', '对文件所在文件系统执行 syncfs(2)。') },
  { name: 'truncate', usage: 'truncate size', doc: L('Set the file size.', '设置文件大小。') },
  { name: 'stat', usage: 'stat', doc: L('Print the inode: size, blocks, extents, flags.', '打印 inode：大小、块数、区段数、标志。') },
  { name: 'statfs', usage: 'statfs', doc: L('Print the filesystem counters (statfs and geometry).', '打印文件系统计数（statfs 与几何参数）。') },
  { name: 'falloc', usage: 'falloc [-k] off len', doc: L('Preallocate unwritten extents.', '预分配未写区段。'), options: [{ flag: '-k', doc: L('keep the size', '保持文件大小') }] },
  { name: 'fpunch', usage: 'fpunch off len', doc: L('Punch a hole: free the blocks of the range.', '打洞：释放该范围的数据块。') },
  { name: 'fzero', usage: 'fzero [-k] off len', doc: L('Zero a range (as unwritten extents).', '清零一段范围（作为未写区段）。') },
  { name: 'funshare', usage: 'funshare off len', doc: L('Unshare the shared blocks of a range (copy-on-write them now).', '取消共享该范围的共享块（立即写时复制）。') },
  { name: 'reflink', usage: 'reflink SRC [src_off dst_off len]', doc: L('Share blocks of SRC into this file.', '将 SRC 的数据块共享到本文件。') },
  { name: 'dedupe', usage: 'dedupe SRC src_off dst_off len', doc: L('Share identical blocks of SRC.', '共享 SRC 中内容相同的数据块。') },
  { name: 'extsize', usage: 'extsize [size]', doc: L('Get or set the extent size hint (no delalloc: allocations go straight to unwritten).', '读取或设置区段大小提示（不走延迟分配：直接分配为未写区段）。') },
  { name: 'cowextsize', usage: 'cowextsize [size]', doc: L('Get or set the copy-on-write extent size hint.', '读取或设置写时复制区段大小提示。') },
  { name: 'open', usage: 'open [-f] FILE', doc: L('Open another file (it becomes the current one).', '打开另一个文件（成为当前文件）。') },
  { name: 'close', usage: 'close', doc: L('Close the current file (release may trim post-EOF preallocation).', '关闭当前文件（release 可能裁剪 EOF 之后的预分配）。') },
];

export const TOOL_BY_NAME = new Map(TOOLS.map((t) => [t.name, t]));
export const XFS_IO_BY_NAME = new Map(XFS_IO_COMMANDS.map((t) => [t.name, t]));

/** Header comments the engine reads before running (run/script-header.ts). */
export const HEADER_DOCS: CommandDoc[] = [
  { name: '# mkfs:', usage: '# mkfs: -m reflink=1 -d size=256m', doc: L('mkfs.xfs options of the scratch filesystem.', 'scratch 文件系统的 mkfs.xfs 选项。') },
  { name: '# mount:', usage: '# mount: allocsize=64k', doc: L('mount options of the scratch filesystem.', 'scratch 文件系统的挂载选项。') },
  { name: '# events:', usage: '# events: xfs_bmap_* -xfs_iomap_found', doc: L('trace events to add to (or, with -, remove from) the default list.', '在默认列表中增加（或以 - 移除）的跟踪事件。') },
];
