/**
 * Shell data is bytes, as in bash: a JavaScript string whose characters are byte values
 * (0..255, "Latin-1"), so `cat a > b` copies a file exactly and `wc -c` counts bytes. Script text
 * arrives as UTF-8 bytes (mvdan-sh keeps Go's byte strings); the terminal decodes UTF-8 for
 * display. A character above 0xff in a string (text written by a tool, a curly quote in a
 * message) is taken as text and encoded as UTF-8.
 */

/** The bytes a shell string stands for. */
export function toBytes(s: string): Uint8Array {
  let wide = false;
  for (let i = 0; i < s.length; i++) {
    if (s.charCodeAt(i) > 0xff) {
      wide = true;
      break;
    }
  }
  if (!wide) {
    const out = new Uint8Array(s.length);
    for (let i = 0; i < s.length; i++) out[i] = s.charCodeAt(i);
    return out;
  }
  const parts: number[] = [];
  const enc = new TextEncoder();
  for (const ch of s) {
    const c = ch.codePointAt(0)!;
    if (c <= 0xff) parts.push(c);
    else parts.push(...enc.encode(ch));
  }
  return Uint8Array.from(parts);
}

/** Bytes as a shell string. */
export function fromBytes(data: Uint8Array): string {
  let s = '';
  for (let i = 0; i < data.length; i += 8192) s += String.fromCharCode(...data.subarray(i, i + 8192));
  return s;
}

/** A shell string shown as text (UTF-8 decoded, invalid bytes as U+FFFD). */
export function toText(s: string): string {
  return isAscii(s) ? s : new TextDecoder().decode(toBytes(s));
}

/** Number of characters of a shell string in a UTF-8 locale (`${#x}`, `wc -m`). */
export function charCount(s: string): number {
  return isAscii(s) ? s.length : [...toText(s)].length;
}

/** Whether every character is 7-bit ASCII. */
export function isAscii(s: string): boolean {
  for (let i = 0; i < s.length; i++) if (s.charCodeAt(i) > 0x7f) return false;
  return true;
}

/** A streaming UTF-8 decoder for one terminal stream (a character may span two writes). */
export class TerminalDecoder {
  private readonly decoder = new TextDecoder();
  private pending = false;

  decode(s: string): string {
    if (!this.pending && isAscii(s)) return s;
    const bytes = toBytes(s);
    const out = this.decoder.decode(bytes, { stream: true });
    // The decoder may hold an unfinished sequence only if the last byte is not ASCII.
    this.pending = bytes.length > 0 && bytes[bytes.length - 1]! >= 0x80;
    return out;
  }

  /** What is left at the end (an unfinished sequence shows as U+FFFD). */
  end(): string {
    this.pending = false;
    return this.decoder.decode();
  }
}
