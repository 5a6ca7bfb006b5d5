/**
 * stdio buffering of a C program whose standard output is a pipe or a file (always the case in a
 * lab script): stdout is fully buffered in 4096-byte blocks and reaches the reader only when a block
 * fills or the program exits, while stderr is unbuffered. xfs_io prints errors with perror(), which
 * does not flush stdout, so with `2>&1` an error can come out before the lines printed earlier —
 * exactly what happens on a real box. (coreutils' error() flushes stdout first; those tools write
 * through ctx directly.)
 */
import type { ToolContext } from '../../tool.js';

/** glibc's buffer size for a pipe or a regular file (st_blksize). */
const BUFSIZ = 4096;

/** A fully buffered stdout plus unbuffered stderr, over a ToolContext. */
export class BufferedStdio {
  private pending = '';

  constructor(private readonly ctx: ToolContext) {}

  /** printf() to stdout. */
  out(text: string): void {
    this.pending += text;
    // glibc writes whole buffers as they fill (_IO_new_file_xsputn); output is ASCII, so
    // characters are bytes here.
    if (this.pending.length >= BUFSIZ) {
      const n = this.pending.length - (this.pending.length % BUFSIZ);
      this.ctx.out(this.pending.slice(0, n));
      this.pending = this.pending.slice(n);
    }
  }

  /** fprintf(stderr) / perror(): written at once. */
  err(text: string): void {
    this.ctx.err(text);
  }

  /** exit(): flushes stdout. */
  flush(): void {
    if (this.pending) this.ctx.out(this.pending);
    this.pending = '';
  }
}
