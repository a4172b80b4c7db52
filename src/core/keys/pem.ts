// PEM text as people paste it: one or more `-----BEGIN X-----` blocks, maybe
// indented, maybe with Windows line ends, maybe cut short by a copy. Errors
// name the line and the label so the person can find the damage.

import type { CoreError } from '../base/types';
import { fail } from '../base/result';

/** One decoded PEM block. `line` is the 1-based line of its BEGIN marker in the input. */
export interface PemBlock {
  label: string;
  der: Uint8Array;
  line: number;
}

export type PemParseResult = { ok: true; blocks: PemBlock[] } | { ok: false; error: CoreError };

const BEGIN = /^-----BEGIN ([A-Z0-9 #/-]{1,64})-----$/;
const END = /^-----END ([A-Z0-9 #/-]{1,64})-----$/;
const HEADER_LINE = /^[A-Za-z][A-Za-z0-9-]*:/;
const BASE64_LINE = /^[A-Za-z0-9+/]*={0,2}$/;

/** True when the text contains a PEM BEGIN marker anywhere: such text is key material, never a secret. */
export function looksLikePem(text: string): boolean {
  return /-----BEGIN [A-Z0-9 #/-]{1,64}-----/.test(text);
}

const DECRYPT_PKCS8 = 'openssl pkcs8 -in encrypted.pem -out decrypted.pem';
const DECRYPT_LEGACY = 'openssl pkcs8 -topk8 -nocrypt -in encrypted.pem -out decrypted.pem';

/**
 * Splits text into PEM blocks and decodes their bodies. Encrypted blocks are
 * reported (KEY_ENCRYPTED_PEM) rather than decoded: the core has no passphrase.
 */
export function parsePem(text: string): PemParseResult {
  const lines = text.replace(/\r\n?/g, '\n').split('\n').map((l) => l.trim());
  const blocks: PemBlock[] = [];
  let i = 0;
  while (i < lines.length) {
    const begin = BEGIN.exec(lines[i] as string);
    if (!begin) {
      const stray = END.exec(lines[i] as string);
      if (stray) return fail('KEY_BAD_PEM', `Line ${i + 1} ends a "${stray[1]}" block that never began: the BEGIN line is missing.`);
      i++;
      continue;
    }
    const label = begin[1] as string;
    const beginLine = i + 1;
    if (label === 'ENCRYPTED PRIVATE KEY') {
      return fail(
        'KEY_ENCRYPTED_PEM',
        `The PEM block "${label}" (line ${beginLine}) is protected by a passphrase, and keys cannot be read here without decrypting them first. ` +
          `Use the passphrase import, or decrypt it yourself: ${DECRYPT_PKCS8}`,
      );
    }
    i++;
    const body: { text: string; line: number }[] = [];
    let ended = false;
    let inHeaders = true;
    while (i < lines.length) {
      const line = lines[i] as string;
      const end = END.exec(line);
      if (end) {
        if (end[1] !== label) {
          return fail('KEY_BAD_PEM', `Line ${i + 1} ends a "${end[1]}" block, but the block that began on line ${beginLine} is "${label}".`);
        }
        ended = true;
        i++;
        break;
      }
      if (BEGIN.test(line)) {
        return fail('KEY_BAD_PEM', `The "${label}" block that began on line ${beginLine} has no END line before the next BEGIN on line ${i + 1}: it looks truncated.`);
      }
      if (inHeaders && HEADER_LINE.test(line)) {
        // RFC 1421 headers (Proc-Type, DEK-Info) only appear on legacy encrypted keys.
        if (/^Proc-Type:.*ENCRYPTED/i.test(line) || /^DEK-Info:/i.test(line)) {
          return fail(
            'KEY_ENCRYPTED_PEM',
            `The PEM block "${label}" (line ${beginLine}) is encrypted with a passphrase (Proc-Type: 4,ENCRYPTED), and keys cannot be read here without decrypting them first. ` +
              `Use the passphrase import, or decrypt it yourself: ${DECRYPT_LEGACY}`,
          );
        }
        i++;
        continue;
      }
      inHeaders = false;
      if (line !== '') body.push({ text: line, line: i + 1 });
      i++;
    }
    if (!ended) {
      return fail('KEY_BAD_PEM', `The "${label}" block that began on line ${beginLine} has no "-----END ${label}-----" line: the text looks truncated.`);
    }
    for (let b = 0; b < body.length; b++) {
      const part = body[b] as { text: string; line: number };
      if (!BASE64_LINE.test(part.text)) {
        const bad = [...part.text].find((c) => !/[A-Za-z0-9+/=]/.test(c)) ?? '=';
        return fail(
          'KEY_BAD_PEM',
          `Line ${part.line} (inside "${label}") is not base64: it contains ${describeChar(bad)}. Copy the key again without changes.`,
        );
      }
      if (part.text.includes('=') && b !== body.length - 1) {
        return fail('KEY_BAD_PEM', `Line ${part.line} (inside "${label}") has base64 padding "=" before the last line: lines are missing or out of order.`);
      }
    }
    const joined = body.map((p) => p.text).join('');
    if (joined.length === 0) return fail('KEY_BAD_PEM', `The "${label}" block on line ${beginLine} is empty.`);
    if (joined.length % 4 !== 0) {
      return fail('KEY_BAD_PEM', `The base64 body of "${label}" (line ${beginLine}) is ${joined.length} characters, not a multiple of 4: part of it is missing.`);
    }
    const der = decodeBase64Text(joined, 'base64');
    if (!der) return fail('KEY_BAD_PEM', `The base64 body of "${label}" (line ${beginLine}) does not decode.`);
    blocks.push({ label, der, line: beginLine });
    if (blocks.length > 100) return fail('KEY_BAD_PEM', 'More than 100 PEM blocks: paste one key at a time.');
  }
  return { ok: true, blocks };
}

function describeChar(c: string): string {
  const code = c.codePointAt(0) ?? 0;
  if (code < 0x20 || code === 0x7f || code > 0x7e) return `the character U+${code.toString(16).toUpperCase().padStart(4, '0')}`;
  return `"${c}"`;
}

/** PEM text for DER bytes, 64 columns, as OpenSSL writes it. */
export function encodePem(label: string, der: Uint8Array): string {
  const b64 = encodeBase64(der);
  const lines = b64.match(/.{1,64}/g) ?? [];
  return `-----BEGIN ${label}-----\n${lines.join('\n')}\n-----END ${label}-----\n`;
}

const STD = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
const URL = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';

function valueTable(alphabet: string): Int8Array {
  const table = new Int8Array(128).fill(-1);
  for (let i = 0; i < alphabet.length; i++) table[alphabet.charCodeAt(i)] = i;
  return table;
}
const STD_VALUES = valueTable(STD);
const URL_VALUES = valueTable(URL);

export function encodeBase64(bytes: Uint8Array, variant: 'base64' | 'base64url' = 'base64'): string {
  const alphabet = variant === 'base64' ? STD : URL;
  let out = '';
  for (let i = 0; i < bytes.length; i += 3) {
    const a = bytes[i] as number;
    const b = bytes[i + 1];
    const c = bytes[i + 2];
    out += alphabet[a >> 2];
    out += alphabet[((a & 3) << 4) | ((b ?? 0) >> 4)];
    out += b === undefined ? (variant === 'base64' ? '=' : '') : alphabet[((b & 15) << 2) | ((c ?? 0) >> 6)];
    out += c === undefined ? (variant === 'base64' ? '=' : '') : alphabet[c & 63];
  }
  return out;
}

/**
 * Strict decoding: only the variant's alphabet, padding only where it belongs
 * (required for base64 when the length needs it, refused for base64url), no
 * whitespace. Returns undefined for anything else.
 */
export function decodeBase64Text(text: string, variant: 'base64' | 'base64url'): Uint8Array | undefined {
  const values = variant === 'base64' ? STD_VALUES : URL_VALUES;
  let body = text;
  if (variant === 'base64') {
    if (text.length % 4 !== 0) return undefined;
    const pad = text.endsWith('==') ? 2 : text.endsWith('=') ? 1 : 0;
    body = text.slice(0, text.length - pad);
  }
  if (body.length % 4 === 1) return undefined;
  const out = new Uint8Array(Math.floor((body.length * 3) / 4));
  let bits = 0;
  let value = 0;
  let pos = 0;
  for (let i = 0; i < body.length; i++) {
    const code = body.charCodeAt(i);
    const v = code < 128 ? (values[code] as number) : -1;
    if (v < 0) return undefined;
    value = (value << 6) | v;
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out[pos++] = (value >> bits) & 0xff;
      value &= (1 << bits) - 1;
    }
  }
  return out.subarray(0, pos);
}

// ---- key text in other clothes ----------------------------------------------
// Key material pasted where a shared secret is expected may not be tidy PEM:
// a lower-case label, a dash too few, the body alone in base64url or hex. These
// helpers find it anyway, so it is refused rather than used as HMAC bytes.

const ARMOUR_WORDS = ['key', 'certificate', 'pkcs', 'ssh', 'pgp'];

/**
 * BEGIN/END armour anywhere in the text, in any case and with any run of
 * dashes: "-----begin public key-----", "---BEGIN RSA PUBLIC KEY---", or a
 * whole PEM squeezed onto one line. A marker is "begin" or "end" right after a
 * dash (or a dash and a space), with a key word before the next dash. Each
 * occurrence looks at most 60 characters ahead, so this is linear.
 */
export function hasPemArmour(text: string): boolean {
  const lower = text.toLowerCase();
  for (const word of ['begin', 'end']) {
    let at = lower.indexOf(word);
    while (at >= 0) {
      const before = lower.charAt(at - 1);
      const dashed = before === '-' || (before === ' ' && lower.charAt(at - 2) === '-');
      if (dashed && lower.charAt(at + word.length) === ' ') {
        let stop = lower.indexOf('-', at + word.length);
        if (stop < 0 || stop - at > 60) stop = Math.min(lower.length, at + 60);
        const label = lower.slice(at + word.length, stop);
        if (ARMOUR_WORDS.some((w) => label.includes(w))) return true;
      }
      at = lower.indexOf(word, at + word.length);
    }
  }
  return false;
}

/** One line of BEGIN/END armour, however it was altered. */
export function isArmourLine(line: string): boolean {
  return hasPemArmour(line);
}

/** The base64 alphabet of either variant, padding optional, whitespace ignored; undefined for anything else (including mixed alphabets). */
export function decodeLenientBase64(text: string): Uint8Array | undefined {
  const compact = text.replace(/\s+/g, '');
  let body = compact;
  while (body.endsWith('=') && compact.length - body.length < 2) body = body.slice(0, -1);
  if (body.length === 0) return undefined;
  const standard = /[+/]/.test(body);
  const url = /[-_]/.test(body);
  if (standard && url) return undefined;
  return decodeBase64Text(standard ? body.replace(/\+/g, '-').replace(/\//g, '_') : body, 'base64url');
}

/** Hex as tools print it: optional 0x, optional colons or spaces between bytes, either case; undefined for anything else. */
export function decodeLenientHex(text: string): Uint8Array | undefined {
  let compact = text.replace(/[\s:]+/g, '');
  if (compact.startsWith('0x') || compact.startsWith('0X')) compact = compact.slice(2);
  if (compact.length === 0 || compact.length % 2 !== 0 || !/^[0-9a-fA-F]+$/.test(compact)) return undefined;
  const out = new Uint8Array(compact.length / 2);
  const nibble = (c: number): number => (c <= 0x39 ? c - 0x30 : (c | 0x20) - 0x57);
  for (let i = 0; i < out.length; i++) out[i] = (nibble(compact.charCodeAt(i * 2)) << 4) | nibble(compact.charCodeAt(i * 2 + 1));
  return out;
}

/** The lines of the text that could be a PEM body: no armour, no "Name: value" headers, no spaces inside. */
export function pemBodyLines(text: string): string {
  const kept: string[] = [];
  for (const raw of text.split('\n')) {
    const line = raw.trim();
    if (line === '' || isArmourLine(line) || /\s/.test(line) || (line.includes(':') && HEADER_LINE.test(line))) continue;
    kept.push(line);
  }
  return kept.join('');
}
