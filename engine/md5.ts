/**
 * Streaming MD5, written from RFC 1321 (https://www.rfc-editor.org/rfc/rfc1321). The simulator
 * hashes file contents the way `md5sum` does; files are mostly long runs of one byte
 * (`xfs_io pwrite -S 0x61`), so `updateRepeated` feeds a run of a repeated byte without
 * allocating it: once the input is block-aligned, the same 64-byte block is compressed over and
 * over, and the cost is the compression function alone (~550 MB/s on V8).
 *
 * Pure TypeScript with Int32 arithmetic (`| 0`), so V8 keeps every step in machine words.
 */

/** Hex digits for digestHex, by nibble. */
const HEX = '0123456789abcdef';

/**
 * The MD5 compression function (RFC 1321 section 3.4): folds one 16-word block `x` (little-endian
 * words of a 64-byte block) into the state `st` = [A, B, C, D]. Unrolled: F/G/H/I are written in
 * their cheaper equivalent forms (F = d ^ (b & (c ^ d)), G = c ^ (d & (b ^ c))), and the additive
 * constants are T[i] = floor(2^32 * |sin(i)|) from the RFC's table.
 */
function compress(st: Int32Array, x: Int32Array): void {
  let a = st[0], b = st[1], c = st[2], d = st[3];
  const x0 = x[0], x1 = x[1], x2 = x[2], x3 = x[3], x4 = x[4], x5 = x[5], x6 = x[6], x7 = x[7];
  const x8 = x[8], x9 = x[9], x10 = x[10], x11 = x[11], x12 = x[12], x13 = x[13], x14 = x[14], x15 = x[15];
  // Round 1
  a = (a + (d ^ (b & (c ^ d))) + x0 + 0xd76aa478) | 0; a = (((a << 7) | (a >>> 25)) + b) | 0;
  d = (d + (c ^ (a & (b ^ c))) + x1 + 0xe8c7b756) | 0; d = (((d << 12) | (d >>> 20)) + a) | 0;
  c = (c + (b ^ (d & (a ^ b))) + x2 + 0x242070db) | 0; c = (((c << 17) | (c >>> 15)) + d) | 0;
  b = (b + (a ^ (c & (d ^ a))) + x3 + 0xc1bdceee) | 0; b = (((b << 22) | (b >>> 10)) + c) | 0;
  a = (a + (d ^ (b & (c ^ d))) + x4 + 0xf57c0faf) | 0; a = (((a << 7) | (a >>> 25)) + b) | 0;
  d = (d + (c ^ (a & (b ^ c))) + x5 + 0x4787c62a) | 0; d = (((d << 12) | (d >>> 20)) + a) | 0;
  c = (c + (b ^ (d & (a ^ b))) + x6 + 0xa8304613) | 0; c = (((c << 17) | (c >>> 15)) + d) | 0;
  b = (b + (a ^ (c & (d ^ a))) + x7 + 0xfd469501) | 0; b = (((b << 22) | (b >>> 10)) + c) | 0;
  a = (a + (d ^ (b & (c ^ d))) + x8 + 0x698098d8) | 0; a = (((a << 7) | (a >>> 25)) + b) | 0;
  d = (d + (c ^ (a & (b ^ c))) + x9 + 0x8b44f7af) | 0; d = (((d << 12) | (d >>> 20)) + a) | 0;
  c = (c + (b ^ (d & (a ^ b))) + x10 + 0xffff5bb1) | 0; c = (((c << 17) | (c >>> 15)) + d) | 0;
  b = (b + (a ^ (c & (d ^ a))) + x11 + 0x895cd7be) | 0; b = (((b << 22) | (b >>> 10)) + c) | 0;
  a = (a + (d ^ (b & (c ^ d))) + x12 + 0x6b901122) | 0; a = (((a << 7) | (a >>> 25)) + b) | 0;
  d = (d + (c ^ (a & (b ^ c))) + x13 + 0xfd987193) | 0; d = (((d << 12) | (d >>> 20)) + a) | 0;
  c = (c + (b ^ (d & (a ^ b))) + x14 + 0xa679438e) | 0; c = (((c << 17) | (c >>> 15)) + d) | 0;
  b = (b + (a ^ (c & (d ^ a))) + x15 + 0x49b40821) | 0; b = (((b << 22) | (b >>> 10)) + c) | 0;
  // Round 2
  a = (a + (c ^ (d & (b ^ c))) + x1 + 0xf61e2562) | 0; a = (((a << 5) | (a >>> 27)) + b) | 0;
  d = (d + (b ^ (c & (a ^ b))) + x6 + 0xc040b340) | 0; d = (((d << 9) | (d >>> 23)) + a) | 0;
  c = (c + (a ^ (b & (d ^ a))) + x11 + 0x265e5a51) | 0; c = (((c << 14) | (c >>> 18)) + d) | 0;
  b = (b + (d ^ (a & (c ^ d))) + x0 + 0xe9b6c7aa) | 0; b = (((b << 20) | (b >>> 12)) + c) | 0;
  a = (a + (c ^ (d & (b ^ c))) + x5 + 0xd62f105d) | 0; a = (((a << 5) | (a >>> 27)) + b) | 0;
  d = (d + (b ^ (c & (a ^ b))) + x10 + 0x02441453) | 0; d = (((d << 9) | (d >>> 23)) + a) | 0;
  c = (c + (a ^ (b & (d ^ a))) + x15 + 0xd8a1e681) | 0; c = (((c << 14) | (c >>> 18)) + d) | 0;
  b = (b + (d ^ (a & (c ^ d))) + x4 + 0xe7d3fbc8) | 0; b = (((b << 20) | (b >>> 12)) + c) | 0;
  a = (a + (c ^ (d & (b ^ c))) + x9 + 0x21e1cde6) | 0; a = (((a << 5) | (a >>> 27)) + b) | 0;
  d = (d + (b ^ (c & (a ^ b))) + x14 + 0xc33707d6) | 0; d = (((d << 9) | (d >>> 23)) + a) | 0;
  c = (c + (a ^ (b & (d ^ a))) + x3 + 0xf4d50d87) | 0; c = (((c << 14) | (c >>> 18)) + d) | 0;
  b = (b + (d ^ (a & (c ^ d))) + x8 + 0x455a14ed) | 0; b = (((b << 20) | (b >>> 12)) + c) | 0;
  a = (a + (c ^ (d & (b ^ c))) + x13 + 0xa9e3e905) | 0; a = (((a << 5) | (a >>> 27)) + b) | 0;
  d = (d + (b ^ (c & (a ^ b))) + x2 + 0xfcefa3f8) | 0; d = (((d << 9) | (d >>> 23)) + a) | 0;
  c = (c + (a ^ (b & (d ^ a))) + x7 + 0x676f02d9) | 0; c = (((c << 14) | (c >>> 18)) + d) | 0;
  b = (b + (d ^ (a & (c ^ d))) + x12 + 0x8d2a4c8a) | 0; b = (((b << 20) | (b >>> 12)) + c) | 0;
  // Round 3
  a = (a + (b ^ c ^ d) + x5 + 0xfffa3942) | 0; a = (((a << 4) | (a >>> 28)) + b) | 0;
  d = (d + (a ^ b ^ c) + x8 + 0x8771f681) | 0; d = (((d << 11) | (d >>> 21)) + a) | 0;
  c = (c + (d ^ a ^ b) + x11 + 0x6d9d6122) | 0; c = (((c << 16) | (c >>> 16)) + d) | 0;
  b = (b + (c ^ d ^ a) + x14 + 0xfde5380c) | 0; b = (((b << 23) | (b >>> 9)) + c) | 0;
  a = (a + (b ^ c ^ d) + x1 + 0xa4beea44) | 0; a = (((a << 4) | (a >>> 28)) + b) | 0;
  d = (d + (a ^ b ^ c) + x4 + 0x4bdecfa9) | 0; d = (((d << 11) | (d >>> 21)) + a) | 0;
  c = (c + (d ^ a ^ b) + x7 + 0xf6bb4b60) | 0; c = (((c << 16) | (c >>> 16)) + d) | 0;
  b = (b + (c ^ d ^ a) + x10 + 0xbebfbc70) | 0; b = (((b << 23) | (b >>> 9)) + c) | 0;
  a = (a + (b ^ c ^ d) + x13 + 0x289b7ec6) | 0; a = (((a << 4) | (a >>> 28)) + b) | 0;
  d = (d + (a ^ b ^ c) + x0 + 0xeaa127fa) | 0; d = (((d << 11) | (d >>> 21)) + a) | 0;
  c = (c + (d ^ a ^ b) + x3 + 0xd4ef3085) | 0; c = (((c << 16) | (c >>> 16)) + d) | 0;
  b = (b + (c ^ d ^ a) + x6 + 0x04881d05) | 0; b = (((b << 23) | (b >>> 9)) + c) | 0;
  a = (a + (b ^ c ^ d) + x9 + 0xd9d4d039) | 0; a = (((a << 4) | (a >>> 28)) + b) | 0;
  d = (d + (a ^ b ^ c) + x12 + 0xe6db99e5) | 0; d = (((d << 11) | (d >>> 21)) + a) | 0;
  c = (c + (d ^ a ^ b) + x15 + 0x1fa27cf8) | 0; c = (((c << 16) | (c >>> 16)) + d) | 0;
  b = (b + (c ^ d ^ a) + x2 + 0xc4ac5665) | 0; b = (((b << 23) | (b >>> 9)) + c) | 0;
  // Round 4
  a = (a + (c ^ (b | ~d)) + x0 + 0xf4292244) | 0; a = (((a << 6) | (a >>> 26)) + b) | 0;
  d = (d + (b ^ (a | ~c)) + x7 + 0x432aff97) | 0; d = (((d << 10) | (d >>> 22)) + a) | 0;
  c = (c + (a ^ (d | ~b)) + x14 + 0xab9423a7) | 0; c = (((c << 15) | (c >>> 17)) + d) | 0;
  b = (b + (d ^ (c | ~a)) + x5 + 0xfc93a039) | 0; b = (((b << 21) | (b >>> 11)) + c) | 0;
  a = (a + (c ^ (b | ~d)) + x12 + 0x655b59c3) | 0; a = (((a << 6) | (a >>> 26)) + b) | 0;
  d = (d + (b ^ (a | ~c)) + x3 + 0x8f0ccc92) | 0; d = (((d << 10) | (d >>> 22)) + a) | 0;
  c = (c + (a ^ (d | ~b)) + x10 + 0xffeff47d) | 0; c = (((c << 15) | (c >>> 17)) + d) | 0;
  b = (b + (d ^ (c | ~a)) + x1 + 0x85845dd1) | 0; b = (((b << 21) | (b >>> 11)) + c) | 0;
  a = (a + (c ^ (b | ~d)) + x8 + 0x6fa87e4f) | 0; a = (((a << 6) | (a >>> 26)) + b) | 0;
  d = (d + (b ^ (a | ~c)) + x15 + 0xfe2ce6e0) | 0; d = (((d << 10) | (d >>> 22)) + a) | 0;
  c = (c + (a ^ (d | ~b)) + x6 + 0xa3014314) | 0; c = (((c << 15) | (c >>> 17)) + d) | 0;
  b = (b + (d ^ (c | ~a)) + x13 + 0x4e0811a1) | 0; b = (((b << 21) | (b >>> 11)) + c) | 0;
  a = (a + (c ^ (b | ~d)) + x4 + 0xf7537e82) | 0; a = (((a << 6) | (a >>> 26)) + b) | 0;
  d = (d + (b ^ (a | ~c)) + x11 + 0xbd3af235) | 0; d = (((d << 10) | (d >>> 22)) + a) | 0;
  c = (c + (a ^ (d | ~b)) + x2 + 0x2ad7d2bb) | 0; c = (((c << 15) | (c >>> 17)) + d) | 0;
  b = (b + (d ^ (c | ~a)) + x9 + 0xeb86d391) | 0; b = (((b << 21) | (b >>> 11)) + c) | 0;
  st[0] = (st[0] + a) | 0;
  st[1] = (st[1] + b) | 0;
  st[2] = (st[2] + c) | 0;
  st[3] = (st[3] + d) | 0;
}

/** Decodes the 64 bytes at `off` into 16 little-endian words and compresses them into `st`. */
function compressBytes(st: Int32Array, w: Int32Array, bytes: Uint8Array, off: number): void {
  for (let i = 0; i < 16; i++, off += 4) {
    w[i] = bytes[off] | (bytes[off + 1] << 8) | (bytes[off + 2] << 16) | (bytes[off + 3] << 24);
  }
  compress(st, w);
}

/** 2^29: the message length is kept in bytes; bits = bytes * 8 is split at 2^32 from this. */
const BYTES_PER_2_32_BITS = 0x20000000;

/**
 * A streaming MD5 context (RFC 1321). Feed it with `update` (literal bytes) and `updateRepeated`
 * (a run of one byte), in any mix and any split; `digestHex` gives the digest as md5sum prints it
 * and leaves the context usable, so a digest can be taken mid-stream.
 */
export class Md5 {
  /** Chaining state A, B, C, D, initialised from RFC 1321 section 3.3. */
  private readonly state = new Int32Array([0x67452301, 0xefcdab89 | 0, 0x98badcfe | 0, 0x10325476]);
  /** The pending partial block; its first `bufLen` bytes are valid. */
  private readonly buf = new Uint8Array(64);
  private bufLen = 0;
  /** Scratch message words of the block being compressed. */
  private readonly words = new Int32Array(16);
  /** Bytes fed so far; a JS number is exact up to 2^53 bytes, far past any simulated file. */
  private length = 0;

  /** Feeds `bytes[start, end)` (default: all of it). */
  update(bytes: Uint8Array, start = 0, end = bytes.length): void {
    if (!(start >= 0 && start <= end && end <= bytes.length)) {
      throw new RangeError(`Md5.update: bad range [${start}, ${end}) of ${bytes.length} bytes`);
    }
    this.length += end - start;
    let p = start;
    if (this.bufLen > 0) {
      const take = Math.min(64 - this.bufLen, end - p);
      this.buf.set(bytes.subarray(p, p + take), this.bufLen);
      this.bufLen += take;
      p += take;
      if (this.bufLen < 64) return;
      compressBytes(this.state, this.words, this.buf, 0);
      this.bufLen = 0;
    }
    for (; p + 64 <= end; p += 64) compressBytes(this.state, this.words, bytes, p);
    if (p < end) {
      this.buf.set(bytes.subarray(p, end));
      this.bufLen = end - p;
    }
  }

  /**
   * Feeds `count` copies of `byte` without allocating them: the partial block is topped up, then
   * one block of 16 identical words is compressed count/64 times, then the tail is buffered.
   */
  updateRepeated(byte: number, count: number): void {
    if (!(Number.isInteger(byte) && byte >= 0 && byte <= 255)) throw new RangeError(`Md5.updateRepeated: bad byte ${byte}`);
    if (!(Number.isSafeInteger(count) && count >= 0)) throw new RangeError(`Md5.updateRepeated: bad count ${count}`);
    this.length += count;
    if (this.bufLen > 0) {
      const take = Math.min(64 - this.bufLen, count);
      this.buf.fill(byte, this.bufLen, this.bufLen + take);
      this.bufLen += take;
      count -= take;
      if (this.bufLen < 64) return;
      compressBytes(this.state, this.words, this.buf, 0);
      this.bufLen = 0;
    }
    const blocks = Math.floor(count / 64);
    if (blocks > 0) {
      const st = this.state;
      const w = this.words;
      w.fill((byte * 0x01010101) | 0);
      for (let i = 0; i < blocks; i++) compress(st, w);
      count -= blocks * 64;
    }
    if (count > 0) {
      this.buf.fill(byte, 0, count);
      this.bufLen = count;
    }
  }

  /**
   * The digest of everything fed so far, as 32 lowercase hex digits. Padding (RFC 1321 sections
   * 3.1-3.2: 0x80, zeros to 56 mod 64, the bit length as a 64-bit little-endian count) is applied
   * to copies, so the context can keep streaming.
   */
  digestHex(): string {
    const st = this.state.slice();
    const w = new Int32Array(16);
    const last = new Uint8Array(128);
    last.set(this.buf.subarray(0, this.bufLen));
    last[this.bufLen] = 0x80;
    const total = this.bufLen < 56 ? 64 : 128;
    const lo = (this.length % BYTES_PER_2_32_BITS) * 8;
    const hi = Math.floor(this.length / BYTES_PER_2_32_BITS);
    for (let i = 0; i < 4; i++) {
      last[total - 8 + i] = (lo >>> (8 * i)) & 0xff;
      last[total - 4 + i] = (hi >>> (8 * i)) & 0xff;
    }
    for (let off = 0; off < total; off += 64) compressBytes(st, w, last, off);
    let hex = '';
    for (let i = 0; i < 4; i++) {
      for (let k = 0; k < 4; k++) {
        const v = (st[i] >>> (8 * k)) & 0xff;
        hex += HEX[v >> 4] + HEX[v & 15];
      }
    }
    return hex;
  }
}

/** The MD5 of `bytes`, as 32 lowercase hex digits. */
export function md5Hex(bytes: Uint8Array): string {
  const h = new Md5();
  h.update(bytes);
  return h.digestHex();
}
