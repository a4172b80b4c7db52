// Encrypted PEM keys are opened here, in the adapter, because the core
// (WebCrypto through jose) has no PKCS#5/PBES2 or OpenSSL legacy decryption.
import { createPrivateKey } from 'node:crypto';
import { childrenOf, contentOf, readRoot, sameBytes, TAG_INTEGER, TAG_OID, TAG_SEQUENCE } from '../core/keys/der';
import type { DerNode } from '../core/keys/der';
import { decodeLenientBase64 } from '../core/keys/pem';

/** True when the text holds an encrypted private key block (PKCS#8 or OpenSSL's legacy Proc-Type form). */
export function isEncryptedPem(text: string): boolean {
  return /-----BEGIN ENCRYPTED PRIVATE KEY-{5}/.test(text) || /Proc-Type:\s*4,ENCRYPTED/.test(text);
}

/**
 * Most key-derivation work a key file may ask for before it is opened.
 * Decryption runs on the extension host's thread, so a file that asks for
 * 2^31 PBKDF2 iterations would freeze the editor for minutes; OpenSSL writes
 * 2048, and the strictest current advice (OWASP, PBKDF2-SHA256) is 600 000.
 * 5 000 000 iterations take about a second. For scrypt the bound is on N·r·p
 * (OpenSSL's own 32 MB memory cap bounds N·r alone, not p).
 */
export const MAX_PBKDF2_ITERATIONS = 5_000_000;
export const MAX_SCRYPT_WORK = 2 ** 22;

const OID_PBES2 = [0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x05, 0x0d];
const OID_PBKDF2 = [0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x05, 0x0c];
const OID_SCRYPT = [0x2b, 0x06, 0x01, 0x04, 0x01, 0xda, 0x47, 0x04, 0x0b];
/** PKCS#5 v1 (1.2.840.113549.1.5.x) and PKCS#12 (1.2.840.113549.1.12.1.x) schemes: parameters are { salt, iterations }. */
const PBE_V1_PREFIX = [0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x05];
const PBE_P12_PREFIX = [0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x0c, 0x01];

const MAX_ENCRYPTED_PEM_CHARS = 1_000_000;

/** A DER INTEGER's value, or Infinity when it does not fit in 48 bits. */
function integerValue(bytes: Uint8Array, node: DerNode | undefined): number | undefined {
  if (!node || node.tag !== TAG_INTEGER) return undefined;
  const content = contentOf(bytes, node);
  let start = 0;
  while (start < content.length - 1 && content[start] === 0) start++;
  if (content.length - start > 6) return Number.POSITIVE_INFINITY;
  let value = 0;
  for (let i = start; i < content.length; i++) value = value * 256 + (content[i] as number);
  return value;
}

function startsWith(content: Uint8Array, prefix: readonly number[]): boolean {
  return content.length > prefix.length && sameBytes(content.subarray(0, prefix.length), prefix);
}

const ENCRYPTED_LABEL = 'ENCRYPTED PRIVATE KEY';
const ENCRYPTED_BEGIN = `-----BEGIN ${ENCRYPTED_LABEL}-----`;
const ENCRYPTED_END = `-----END ${ENCRYPTED_LABEL}-----`;

/**
 * Why opening this encrypted PKCS#8 key would take too long, read from its
 * PBES2 / PBKDF2 / scrypt / PKCS#12 parameters before any passphrase is tried;
 * undefined when the cost is ordinary or the block is not one we can read
 * (OpenSSL then fails on it at once).
 */
export function encryptedPemCostProblem(text: string): string | undefined {
  if (text.length > MAX_ENCRYPTED_PEM_CHARS) return 'The key file is over 1 MB: that is not a single key.';
  const begin = text.indexOf(ENCRYPTED_BEGIN);
  if (begin < 0) return undefined;
  const bodyStart = begin + ENCRYPTED_BEGIN.length;
  const end = text.indexOf(ENCRYPTED_END, bodyStart);
  if (end < 0) return undefined;
  const der = decodeLenientBase64(text.slice(bodyStart, end));
  if (!der) return undefined;
  try {
    const root = readRoot(der);
    const algId = childrenOf(der, root)[0];
    if (root.tag !== TAG_SEQUENCE || !algId || algId.tag !== TAG_SEQUENCE) return undefined;
    const [schemeOid, schemeParams] = childrenOf(der, algId);
    if (!schemeOid || schemeOid.tag !== TAG_OID || !schemeParams || schemeParams.tag !== TAG_SEQUENCE) return undefined;
    const scheme = contentOf(der, schemeOid);
    let iterations: number | undefined;
    let scryptWork: number | undefined;
    if (sameBytes(scheme, OID_PBES2)) {
      const kdf = childrenOf(der, schemeParams)[0];
      if (!kdf || kdf.tag !== TAG_SEQUENCE) return undefined;
      const [kdfOid, kdfParams] = childrenOf(der, kdf);
      if (!kdfOid || kdfOid.tag !== TAG_OID || !kdfParams || kdfParams.tag !== TAG_SEQUENCE) return undefined;
      const values = childrenOf(der, kdfParams);
      if (sameBytes(contentOf(der, kdfOid), OID_PBKDF2)) iterations = integerValue(der, values[1]);
      else if (sameBytes(contentOf(der, kdfOid), OID_SCRYPT)) {
        const [n, r, p] = [values[1], values[2], values[3]].map((v) => integerValue(der, v));
        if (n !== undefined && r !== undefined && p !== undefined) scryptWork = n * r * p;
      }
    } else if (startsWith(scheme, PBE_V1_PREFIX) || startsWith(scheme, PBE_P12_PREFIX)) {
      iterations = integerValue(der, childrenOf(der, schemeParams)[1]);
    }
    if (iterations !== undefined && iterations > MAX_PBKDF2_ITERATIONS) {
      return `The key file asks for ${Number.isFinite(iterations) ? iterations.toLocaleString('en-US') : 'an enormous number of'} key-derivation iterations; at most ${MAX_PBKDF2_ITERATIONS.toLocaleString('en-US')} are run here, because decryption would freeze the editor meanwhile. Re-encrypt the key with ordinary settings (openssl pkcs8 -topk8 -v2 aes-256-cbc -iter 600000), or decrypt it outside the editor.`;
    }
    if (scryptWork !== undefined && scryptWork > MAX_SCRYPT_WORK) {
      return `The key file's scrypt parameters (N·r·p = ${Number.isFinite(scryptWork) ? scryptWork.toLocaleString('en-US') : 'enormous'}) ask for more work than is run here (at most ${MAX_SCRYPT_WORK.toLocaleString('en-US')}), because decryption would freeze the editor meanwhile. Re-encrypt the key with ordinary settings, or decrypt it outside the editor.`;
    }
    return undefined;
  } catch {
    return undefined;
  }
}

/** The key as unencrypted PKCS#8 PEM, or undefined when the passphrase does not open it (or opening it would cost too much). */
export function decryptPem(text: string, passphrase: string): string | undefined {
  if (encryptedPemCostProblem(text) !== undefined) return undefined;
  try {
    const key = createPrivateKey({ key: text, format: 'pem', passphrase });
    return key.export({ type: 'pkcs8', format: 'pem' }).toString();
  } catch {
    return undefined;
  }
}

/** Text of a one-line PEM marker ("-----BEGIN X-----" / "-----END X-----") starting at `at`, or undefined. */
function markerAt(text: string, at: number): string | undefined {
  const word = text.startsWith('-----BEGIN ', at) ? 11 : text.startsWith('-----END ', at) ? 9 : 0;
  if (word === 0) return undefined;
  const close = text.indexOf('-----', at + word);
  if (close < 0 || close - at > 80) return undefined;
  for (let i = at + word; i < close; i++) {
    const c = text.charCodeAt(i);
    const upper = c >= 0x41 && c <= 0x5a;
    const digit = c >= 0x30 && c <= 0x39;
    if (!upper && !digit && c !== 0x20) return undefined;
  }
  return text.slice(at, close + 5);
}

/**
 * A PEM pasted into a one-line input arrives with its line breaks removed;
 * put them back around the BEGIN/END lines so it reads as PEM again. One pass
 * with indexOf, so a line of any length costs linear time.
 */
export function reflowOneLinePem(text: string): string {
  if (text.includes('\n') || !text.includes('-----BEGIN ')) return text;
  const parts: string[] = [];
  let pos = 0;
  let chunkStart = 0;
  while (pos < text.length) {
    const next = text.indexOf('-----', pos);
    if (next < 0) break;
    const marker = markerAt(text, next);
    if (!marker) {
      pos = next + 1;
      continue;
    }
    parts.push(text.slice(chunkStart, next).trim(), marker);
    pos = next + marker.length;
    chunkStart = pos;
  }
  parts.push(text.slice(chunkStart).trim());
  return parts.filter((p) => p !== '').join('\n');
}
