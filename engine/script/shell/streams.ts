/**
 * File descriptors and output. An fd points at a Stream: the terminal (stdout or stderr as the
 * user sees them), /dev/null, a capture buffer (a pipe or `$(...)`), a file opened by a
 * redirection, or input text. Writes to engine files from a command's stdout go through a
 * glibc-style stdio buffer of st_blksize bytes, so the write(2) sizes the engine sees are those
 * of the real program (e.g. `head -c 65536 /dev/zero >&3` writes 8192, then 4096-byte pieces).
 */
import { XfsError } from '../../xfs-errors.js';
import { TerminalDecoder, toBytes } from './bytes.js';
import type { WriteFile } from './vfs.js';

/** The two terminal streams. */
export type StreamName = 'stdout' | 'stderr';

/** A piece of terminal output, tagged with the stream it was written to. */
export interface OutputChunk {
  stream: StreamName;
  text: string;
}

/** Input text with a read position (a pipe, a here-document, `< file`). */
export class Input {
  pos = 0;
  constructor(readonly text: string) {}

  /** Unread text, consumed. */
  takeAll(): string {
    const s = this.text.slice(this.pos);
    this.pos = this.text.length;
    return s;
  }

  /** Unread text, left unread. */
  peekAll(): string {
    return this.text.slice(this.pos);
  }

  /** One line without its newline; null at end of input. */
  readLine(): { line: string; eof: boolean } | null {
    if (this.pos >= this.text.length) return null;
    const nl = this.text.indexOf('\n', this.pos);
    const end = nl < 0 ? this.text.length : nl;
    const line = this.text.slice(this.pos, end);
    this.pos = nl < 0 ? this.text.length : nl + 1;
    return { line, eof: nl < 0 };
  }
}

/** Where a file descriptor points. */
export type Stream =
  | { kind: 'term'; stream: StreamName }
  | { kind: 'null' }
  | { kind: 'capture'; parts: string[] }
  | { kind: 'file'; file: WriteFile }
  | { kind: 'input'; input: Input };

/** The terminal: ordered chunks of UTF-8-decoded text, streamed to a listener as they come. */
export class Terminal {
  readonly chunks: OutputChunk[] = [];
  private readonly decoders = { stdout: new TerminalDecoder(), stderr: new TerminalDecoder() };
  constructor(private readonly listener?: (stream: StreamName, text: string) => void) {}

  /** Show shell bytes (see bytes.ts) on a stream. */
  write(stream: StreamName, bytes: string): void {
    this.show(stream, this.decoders[stream].decode(bytes));
  }

  /** Flush characters left unfinished at the end. */
  end(): void {
    for (const s of ['stdout', 'stderr'] as const) this.show(s, this.decoders[s].end());
  }

  private show(stream: StreamName, text: string): void {
    if (text === '') return;
    const last = this.chunks[this.chunks.length - 1];
    if (last && last.stream === stream) last.text += text;
    else this.chunks.push({ stream, text });
    this.listener?.(stream, text);
  }
}

/** A process's fd table. File streams are reference-counted across tables. */
export class FdTable {
  private readonly map: Map<number, Stream>;

  constructor(entries: Iterable<[number, Stream]> = []) {
    this.map = new Map(entries);
    for (const s of this.map.values()) if (s.kind === 'file') s.file.refs++;
  }

  get(fd: number): Stream | undefined {
    return this.map.get(fd);
  }

  /** Point `fd` at `s`, releasing what it pointed at. */
  set(fd: number, s: Stream): void {
    if (s.kind === 'file') s.file.refs++;
    this.close(fd);
    this.map.set(fd, s);
  }

  /** Close `fd` (closing the file when no table refers to it any more). */
  close(fd: number): void {
    const old = this.map.get(fd);
    this.map.delete(fd);
    if (old?.kind === 'file' && --old.file.refs === 0) old.file.close();
  }

  /** A copy for a child process or a redirected command. */
  clone(): FdTable {
    return new FdTable(this.map);
  }

  /** Close every fd. */
  dispose(): void {
    for (const fd of [...this.map.keys()]) this.close(fd);
  }
}

/**
 * glibc's fully buffered FILE (libio _IO_new_file_xsputn): fill the buffer, flush it when full,
 * write whole-buffer multiples directly, keep the rest.
 */
class StdioBuffer {
  private buf: Uint8Array | null = null;
  private used = 0;
  constructor(
    private readonly size: number,
    private readonly sink: (data: Uint8Array) => void,
  ) {}

  put(data: Uint8Array): void {
    let s = 0;
    let todo = data.length;
    if (this.buf) {
      const n = Math.min(this.size - this.used, todo);
      this.buf.set(data.subarray(0, n), this.used);
      this.used += n;
      s = n;
      todo -= n;
    }
    if (todo === 0) return;
    if (!this.buf) this.buf = new Uint8Array(this.size);
    this.flush();
    const direct = todo - (this.size >= 128 ? todo % this.size : 0);
    if (direct > 0) this.sink(data.subarray(s, s + direct));
    s += direct;
    this.buf.set(data.subarray(s), 0);
    this.used = data.length - s;
  }

  flush(): void {
    if (this.buf && this.used > 0) {
      const d = this.buf.slice(0, this.used);
      this.used = 0;
      this.sink(d);
    }
  }
}

/** Output of one running command: writes by fd, stdio buffering for its stdout, byte accounting. */
export class CommandIO {
  private readonly buffers = new Map<WriteFile, StdioBuffer>();

  constructor(
    readonly fds: FdTable,
    private readonly term: Terminal,
    /** Counts bytes that stay in the shell (terminal, pipes, captures); throws past the limit. */
    private readonly account: (bytes: number) => void,
  ) {}

  /** write to `fd`; throws XfsError (EBADF, ENOSPC from the engine...). */
  write(fd: number, text: string): void {
    if (text === '') return;
    const s = this.fds.get(fd);
    if (!s || s.kind === 'input') throw new XfsError('EBADF', 'write');
    switch (s.kind) {
      case 'term':
        this.account(text.length);
        this.term.write(s.stream, text);
        return;
      case 'null':
        return; // gone: nothing stays in the shell (the time limit bounds a runaway writer)
      case 'capture':
        this.account(text.length);
        s.parts.push(text);
        return;
      case 'file': {
        const data = toBytes(text);
        if (s.file.blksize === 0) this.account(data.length);
        if (fd === 2 || s.file.blksize === 0) return s.file.write(data);
        let b = this.buffers.get(s.file);
        if (!b) this.buffers.set(s.file, (b = new StdioBuffer(s.file.blksize, (d) => s.file.write(d))));
        b.put(data);
      }
    }
  }

  /** Flush stdio buffers (the program exits). */
  flush(): void {
    for (const b of this.buffers.values()) b.flush();
    this.buffers.clear();
  }
}
