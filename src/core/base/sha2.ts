// SHA-256, SHA-384 and SHA-512 (FIPS 180-4) in plain code, synchronous. The
// core decodes tokens synchronously (hover, hints and diagnostics read the
// result at once), and WebCrypto's digest is asynchronous; SD-JWT digests are
// over at most a megabyte of disclosures, which this hashes in milliseconds.
// SHA-512's 64-bit words are kept as high / low 32-bit halves.

/** The SD-JWT `_sd_alg` names (IANA "Named Information Hash Algorithm" registry) this file implements. */
export type Sha2Name = 'sha-256' | 'sha-384' | 'sha-512';

export function isSha2Name(name: unknown): name is Sha2Name {
  return name === 'sha-256' || name === 'sha-384' || name === 'sha-512';
}

export function sha2(name: Sha2Name, data: Uint8Array): Uint8Array {
  if (name === 'sha-256') return sha256(data);
  const full = sha512Core(data, name === 'sha-384' ? SHA384_IV : SHA512_IV);
  return name === 'sha-384' ? full.subarray(0, 48) : full;
}

/** The message with its padding: a 1 bit, zeros, and the bit length in `lengthBytes` bytes, to a multiple of `block`. */
function padded(data: Uint8Array, block: number, lengthBytes: number): Uint8Array {
  const total = Math.ceil((data.length + 1 + lengthBytes) / block) * block;
  const out = new Uint8Array(total);
  out.set(data);
  out[data.length] = 0x80;
  // Bit length as a big-endian integer; messages here are far below 2^53 bits.
  let bits = data.length * 8;
  for (let i = total - 1; i >= total - 8 && bits > 0; i--) {
    out[i] = bits % 256;
    bits = Math.floor(bits / 256);
  }
  return out;
}

const K256 = new Uint32Array([
  0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5, 0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174,
  0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da, 0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7, 0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967,
  0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13, 0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85, 0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070,
  0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3, 0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2,
]);

function sha256(data: Uint8Array): Uint8Array {
  const m = padded(data, 64, 8);
  const h = new Uint32Array([0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a, 0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19]);
  const w = new Uint32Array(64);
  for (let off = 0; off < m.length; off += 64) {
    loadWords(m, off, w, 16);
    for (let t = 16; t < 64; t++) {
      const x = w[t - 15] as number;
      const y = w[t - 2] as number;
      const s0 = ((x >>> 7) | (x << 25)) ^ ((x >>> 18) | (x << 14)) ^ (x >>> 3);
      const s1 = ((y >>> 17) | (y << 15)) ^ ((y >>> 19) | (y << 13)) ^ (y >>> 10);
      w[t] = ((w[t - 16] as number) + s0 + (w[t - 7] as number) + s1) | 0;
    }
    let a = h[0] as number, b = h[1] as number, c = h[2] as number, d = h[3] as number;
    let e = h[4] as number, f = h[5] as number, g = h[6] as number, k = h[7] as number;
    for (let t = 0; t < 64; t++) {
      const S1 = ((e >>> 6) | (e << 26)) ^ ((e >>> 11) | (e << 21)) ^ ((e >>> 25) | (e << 7));
      const t1 = (k + S1 + ((e & f) ^ (~e & g)) + (K256[t] as number) + (w[t] as number)) | 0;
      const S0 = ((a >>> 2) | (a << 30)) ^ ((a >>> 13) | (a << 19)) ^ ((a >>> 22) | (a << 10));
      const t2 = (S0 + ((a & b) ^ (a & c) ^ (b & c))) | 0;
      k = g;
      g = f;
      f = e;
      e = (d + t1) | 0;
      d = c;
      c = b;
      b = a;
      a = (t1 + t2) | 0;
    }
    h[0] = (h[0] as number) + a; h[1] = (h[1] as number) + b; h[2] = (h[2] as number) + c; h[3] = (h[3] as number) + d;
    h[4] = (h[4] as number) + e; h[5] = (h[5] as number) + f; h[6] = (h[6] as number) + g; h[7] = (h[7] as number) + k;
  }
  return wordsToBytes(h, 32);
}

// SHA-512 constants as [high, low] pairs, flattened.
const K512 = new Uint32Array([
  0x428a2f98, 0xd728ae22, 0x71374491, 0x23ef65cd, 0xb5c0fbcf, 0xec4d3b2f, 0xe9b5dba5, 0x8189dbbc, 0x3956c25b, 0xf348b538, 0x59f111f1, 0xb605d019, 0x923f82a4, 0xaf194f9b, 0xab1c5ed5, 0xda6d8118,
  0xd807aa98, 0xa3030242, 0x12835b01, 0x45706fbe, 0x243185be, 0x4ee4b28c, 0x550c7dc3, 0xd5ffb4e2, 0x72be5d74, 0xf27b896f, 0x80deb1fe, 0x3b1696b1, 0x9bdc06a7, 0x25c71235, 0xc19bf174, 0xcf692694,
  0xe49b69c1, 0x9ef14ad2, 0xefbe4786, 0x384f25e3, 0x0fc19dc6, 0x8b8cd5b5, 0x240ca1cc, 0x77ac9c65, 0x2de92c6f, 0x592b0275, 0x4a7484aa, 0x6ea6e483, 0x5cb0a9dc, 0xbd41fbd4, 0x76f988da, 0x831153b5,
  0x983e5152, 0xee66dfab, 0xa831c66d, 0x2db43210, 0xb00327c8, 0x98fb213f, 0xbf597fc7, 0xbeef0ee4, 0xc6e00bf3, 0x3da88fc2, 0xd5a79147, 0x930aa725, 0x06ca6351, 0xe003826f, 0x14292967, 0x0a0e6e70,
  0x27b70a85, 0x46d22ffc, 0x2e1b2138, 0x5c26c926, 0x4d2c6dfc, 0x5ac42aed, 0x53380d13, 0x9d95b3df, 0x650a7354, 0x8baf63de, 0x766a0abb, 0x3c77b2a8, 0x81c2c92e, 0x47edaee6, 0x92722c85, 0x1482353b,
  0xa2bfe8a1, 0x4cf10364, 0xa81a664b, 0xbc423001, 0xc24b8b70, 0xd0f89791, 0xc76c51a3, 0x0654be30, 0xd192e819, 0xd6ef5218, 0xd6990624, 0x5565a910, 0xf40e3585, 0x5771202a, 0x106aa070, 0x32bbd1b8,
  0x19a4c116, 0xb8d2d0c8, 0x1e376c08, 0x5141ab53, 0x2748774c, 0xdf8eeb99, 0x34b0bcb5, 0xe19b48a8, 0x391c0cb3, 0xc5c95a63, 0x4ed8aa4a, 0xe3418acb, 0x5b9cca4f, 0x7763e373, 0x682e6ff3, 0xd6b2b8a3,
  0x748f82ee, 0x5defb2fc, 0x78a5636f, 0x43172f60, 0x84c87814, 0xa1f0ab72, 0x8cc70208, 0x1a6439ec, 0x90befffa, 0x23631e28, 0xa4506ceb, 0xde82bde9, 0xbef9a3f7, 0xb2c67915, 0xc67178f2, 0xe372532b,
  0xca273ece, 0xea26619c, 0xd186b8c7, 0x21c0c207, 0xeada7dd6, 0xcde0eb1e, 0xf57d4f7f, 0xee6ed178, 0x06f067aa, 0x72176fba, 0x0a637dc5, 0xa2c898a6, 0x113f9804, 0xbef90dae, 0x1b710b35, 0x131c471b,
  0x28db77f5, 0x23047d84, 0x32caab7b, 0x40c72493, 0x3c9ebe0a, 0x15c9bebc, 0x431d67c4, 0x9c100d4c, 0x4cc5d4be, 0xcb3e42b6, 0x597f299c, 0xfc657e2a, 0x5fcb6fab, 0x3ad6faec, 0x6c44198c, 0x4a475817,
]);
const SHA512_IV = [0x6a09e667, 0xf3bcc908, 0xbb67ae85, 0x84caa73b, 0x3c6ef372, 0xfe94f82b, 0xa54ff53a, 0x5f1d36f1, 0x510e527f, 0xade682d1, 0x9b05688c, 0x2b3e6c1f, 0x1f83d9ab, 0xfb41bd6b, 0x5be0cd19, 0x137e2179];
const SHA384_IV = [0xcbbb9d5d, 0xc1059ed8, 0x629a292a, 0x367cd507, 0x9159015a, 0x3070dd17, 0x152fecd8, 0xf70e5939, 0x67332667, 0xffc00b31, 0x8eb44a87, 0x68581511, 0xdb0c2e0d, 0x64f98fa7, 0x47b5481d, 0xbefa4fa4];

// Scratch for one 64-bit result (high, low) of the helpers below.
let hi = 0;
let lo = 0;

/** (h, l) rotated right by n (0 < n < 32), into hi / lo. */
function rotr(h: number, l: number, n: number): void {
  hi = (h >>> n) | (l << (32 - n));
  lo = (l >>> n) | (h << (32 - n));
}

/** hi / lo := (h, l) rotated right by n, for 0 < n < 64 and n ≠ 32. */
function rot(h: number, l: number, n: number): void {
  if (n < 32) rotr(h, l, n);
  else rotr(l, h, n - 32);
}

/** Σ / σ: the xor of two rotations and a third rotation (or, with `shift`, a shift right by r3 < 32), into hi / lo. */
function sigma(h: number, l: number, r1: number, r2: number, r3: number, shift: boolean): void {
  rot(h, l, r1);
  const ah = hi;
  const al = lo;
  rot(h, l, r2);
  const bh = hi;
  const bl = lo;
  if (shift) {
    hi = h >>> r3;
    lo = (l >>> r3) | (h << (32 - r3));
  } else rot(h, l, r3);
  hi = (ah ^ bh ^ hi) >>> 0;
  lo = (al ^ bl ^ lo) >>> 0;
}

const TWO_32 = 0x100000000;

function sha512Core(data: Uint8Array, iv: readonly number[]): Uint8Array {
  const m = padded(data, 128, 16);
  const h = new Uint32Array(iv);
  const w = new Uint32Array(160);
  const v = new Uint32Array(16);
  for (let off = 0; off < m.length; off += 128) {
    loadWords(m, off, w, 32);
    for (let t = 16; t < 80; t++) {
      sigma(w[2 * (t - 15)] as number, w[2 * (t - 15) + 1] as number, 1, 8, 7, true);
      const s0h = hi, s0l = lo;
      sigma(w[2 * (t - 2)] as number, w[2 * (t - 2) + 1] as number, 19, 61, 6, true);
      const l = (w[2 * (t - 16) + 1] as number) + s0l + (w[2 * (t - 7) + 1] as number) + lo;
      const hh = (w[2 * (t - 16)] as number) + s0h + (w[2 * (t - 7)] as number) + hi + Math.floor(l / TWO_32);
      w[2 * t] = hh;
      w[2 * t + 1] = l;
    }
    v.set(h);
    for (let t = 0; t < 80; t++) {
      const eh = v[8] as number, el = v[9] as number;
      sigma(eh, el, 14, 18, 41, false);
      const s1h = hi, s1l = lo;
      const chh = (eh & (v[10] as number)) ^ (~eh & (v[12] as number));
      const chl = (el & (v[11] as number)) ^ (~el & (v[13] as number));
      const t1sum = (v[15] as number) + s1l + (chl >>> 0) + (K512[2 * t + 1] as number) + (w[2 * t + 1] as number);
      const t1l = t1sum >>> 0;
      const t1h = ((v[14] as number) + s1h + (chh >>> 0) + (K512[2 * t] as number) + (w[2 * t] as number) + Math.floor(t1sum / TWO_32)) >>> 0;
      const ah = v[0] as number, al = v[1] as number;
      sigma(ah, al, 28, 34, 39, false);
      const majh = (ah & (v[2] as number)) ^ (ah & (v[4] as number)) ^ ((v[2] as number) & (v[4] as number));
      const majl = (al & (v[3] as number)) ^ (al & (v[5] as number)) ^ ((v[3] as number) & (v[5] as number));
      const t2sum = lo + (majl >>> 0);
      const t2l = t2sum >>> 0;
      const t2h = (hi + (majh >>> 0) + Math.floor(t2sum / TWO_32)) >>> 0;
      v.copyWithin(2, 0, 14); // h = g, g = f, …, b = a; v[8..9] now holds the old d
      const e = (v[9] as number) + t1l; // e = d + T1
      v[8] = (v[8] as number) + t1h + Math.floor(e / TWO_32);
      v[9] = e;
      const a = t1l + t2l; // a = T1 + T2
      v[0] = t1h + t2h + Math.floor(a / TWO_32);
      v[1] = a;
    }
    for (let i = 0; i < 16; i += 2) {
      const l = (h[i + 1] as number) + (v[i + 1] as number);
      h[i] = (h[i] as number) + (v[i] as number) + Math.floor(l / TWO_32);
      h[i + 1] = l;
    }
  }
  return wordsToBytes(h, 64);
}

/** The first `count` words of `w` := the big-endian 32-bit words of `m` from `off`. */
function loadWords(m: Uint8Array, off: number, w: Uint32Array, count: number): void {
  for (let t = 0; t < count; t++) {
    const i = off + t * 4;
    w[t] = ((m[i] as number) << 24) | ((m[i + 1] as number) << 16) | ((m[i + 2] as number) << 8) | (m[i + 3] as number);
  }
}

function wordsToBytes(words: Uint32Array, length: number): Uint8Array {
  const out = new Uint8Array(length);
  for (let i = 0; i < length; i++) out[i] = ((words[i >> 2] as number) >>> (24 - 8 * (i & 3))) & 0xff;
  return out;
}
