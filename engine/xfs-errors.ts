/**
 * Engine errors look like the kernel's: an errno-style code, the syscall that failed and the path.
 * The script tools print them the way the real tools do (`pwrite: No space left on device`).
 */

export type Errno =
  | 'ENOSPC' | 'EDQUOT' | 'EIO' | 'EFSCORRUPTED' | 'EINVAL' | 'ENOENT' | 'EEXIST' | 'EBADF'
  | 'EISDIR' | 'ENOTDIR' | 'EFBIG' | 'EPERM' | 'EACCES' | 'EAGAIN' | 'EXDEV' | 'EOPNOTSUPP'
  | 'ENOTEMPTY' | 'EBUSY' | 'ETXTBSY' | 'ENOTBLK' | 'ENOMEM' | 'EROFS' | 'ESRCH' | 'ENOSYS';

/** strerror() text of glibc for each code, as the real tools print it. */
export const STRERROR: Record<Errno, string> = {
  ENOSPC: 'No space left on device',
  EDQUOT: 'Disk quota exceeded',
  EIO: 'Input/output error',
  EFSCORRUPTED: 'Structure needs cleaning',
  EINVAL: 'Invalid argument',
  ENOENT: 'No such file or directory',
  EEXIST: 'File exists',
  EBADF: 'Bad file descriptor',
  EISDIR: 'Is a directory',
  ENOTDIR: 'Not a directory',
  EFBIG: 'File too large',
  EPERM: 'Operation not permitted',
  EACCES: 'Permission denied',
  EAGAIN: 'Resource temporarily unavailable',
  EXDEV: 'Invalid cross-device link',
  EOPNOTSUPP: 'Operation not supported',
  ENOTEMPTY: 'Directory not empty',
  EBUSY: 'Device or resource busy',
  ETXTBSY: 'Text file busy',
  ENOTBLK: 'Block device required',
  ENOMEM: 'Cannot allocate memory',
  EROFS: 'Read-only file system',
  ESRCH: 'No such process',
  ENOSYS: 'Function not implemented',
};

/** The one error type of the engine. Serialisable with toJSON(). */
export class XfsError extends Error {
  constructor(
    readonly code: Errno,
    readonly syscall?: string,
    readonly path?: string,
  ) {
    super(`${syscall ? syscall + ': ' : ''}${STRERROR[code]}${path ? ` (${path})` : ''}`);
    this.name = 'XfsError';
  }

  /** strerror() text. */
  get strerror(): string {
    return STRERROR[this.code];
  }

  toJSON(): { name: string; code: Errno; syscall?: string; path?: string; message: string } {
    return { name: this.name, code: this.code, syscall: this.syscall, path: this.path, message: this.message };
  }
}

/** Shorthand: throw new XfsError(code, syscall, path). */
export function fail(code: Errno, syscall?: string, path?: string): never {
  throw new XfsError(code, syscall, path);
}
