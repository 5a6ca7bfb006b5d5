/**
 * xfs_io's filesystem administration commands (io/inject.c, io/shutdown.c): `inject [tag ...]`
 * arms error injection tags (no tag: list them; `noerror` clears all), `shutdown [-f]` shuts the
 * filesystem down (XFS_IOC_GOINGDOWN; -f flushes the log first). Later calls fail with EIO.
 */
import { XfsError } from '../../../xfs-errors.js';
import { ERRTAG_NAMES } from '../../../xfs-errortag.js';
import { Getopt } from '../lib/getopt.js';
import { cur, onFile, perror, usage } from './state.js';
import type { IoCommand, IoState } from './state.js';

/** error_tag(NULL): `tags: [ noerror, iflush1, ... ]`, five names a line after the first. */
function listTags(): string {
  let s = 'tags: [ ';
  ERRTAG_NAMES.forEach((n, i) => {
    if (i) s += ', ' + (i % 5 === 0 ? '\n\t' : '');
    s += n;
  });
  return s + ' ]\n';
}

function injectF(st: IoState, argv: string[]): number {
  if (argv.length === 1) {
    st.io.out(listTags());
    return 0;
  }
  // The C loop walks the tags from the last to the first.
  for (let i = argv.length - 1; i > 0; i--) {
    const tag = ERRTAG_NAMES.indexOf(argv[i]);
    if (tag < 0) {
      st.io.err(`no such tag -- ${argv[1]}\n`);
      continue;
    }
    try {
      onFile(st, cur(st), `ioctl XFS_IOC_ERROR_${tag === 0 ? 'CLEARALL' : 'INJECTION'}`, (sys) => {
        const call = tag === 0 ? sys.errorClearAll?.bind(sys) : sys.errorInject ? () => sys.errorInject!(tag) : undefined;
        if (!call) throw new XfsError('EINVAL', 'XFS_IOC_ERROR_INJECTION');
        call();
      });
    } catch (e) {
      perror(st, 'XFS_IOC_ERROR_INJECTION', e);
      st.exitcode = 1;
    }
  }
  return 0;
}

function shutdownF(st: IoState, argv: string[]): number {
  let flag = 2; // XFS_FSOP_GOING_FLAGS_NOLOGFLUSH
  const g = new Getopt(argv.slice(1), 'fv', argv[0], (t) => st.io.err(t));
  for (let o = g.next(); o; o = g.next()) {
    if (o.opt === 'f') flag = 1; // XFS_FSOP_GOING_FLAGS_LOGFLUSH
    else if (o.opt !== 'v') return usage(st, SHUTDOWN);
  }
  try {
    onFile(st, cur(st), 'ioctl XFS_IOC_GOINGDOWN', (sys) => {
      if (!sys.goingDown) throw new XfsError('EINVAL', 'XFS_IOC_GOINGDOWN');
      sys.goingDown(flag);
    });
  } catch (e) {
    perror(st, 'XFS_IOC_GOINGDOWN', e);
    st.exitcode = 1;
  }
  return 0;
}

const SHUTDOWN: IoCommand = {
  name: 'shutdown', argmin: 0, argmax: 1, flags: { oneshot: true }, args: '[-f]',
  oneline: 'shuts down the filesystem where the current file resides', run: shutdownF,
};

/** `inject` and `shutdown` (expert commands of xfs_io -x). */
export const adminCommands: IoCommand[] = [
  {
    name: 'inject', argmin: 0, argmax: -1, flags: { oneshot: true }, args: '[tag ...]',
    oneline: 'inject errors into a filesystem', run: injectF,
  },
  SHUTDOWN,
];
