import * as vscode from 'vscode';
import { ENC_KEY_BYTES, HMAC_MIN_BYTES, MAX_PBES2_COUNT, WRAP_KEY_BYTES, isPbes2, useOf } from '../../core/jose/algorithms';
import type { JweEnc, KeyAlg, KeyMaterial } from '../../core';
import type { Choice } from './steps';

// What each algorithm is, in the words the key commands show beside it. One
// table, so Generate Key and Import Key describe an algorithm the same way.

/** 10000 → "10,000" by hand: this table is built at activation, and Intl's first use costs milliseconds there. */
function groupDigits(n: number): string {
  const digits = String(n);
  let out = '';
  for (let i = 0; i < digits.length; i++) out += (i > 0 && (digits.length - i) % 3 === 0 ? ',' : '') + digits[i];
  return out;
}
const ITERATIONS = groupDigits(MAX_PBES2_COUNT);

export const ALG_WORDS: Readonly<Record<KeyAlg, string>> = {
  RS256: 'RSA PKCS#1 v1.5 with SHA-256: the most widely accepted',
  RS384: 'RSA PKCS#1 v1.5 with SHA-384',
  RS512: 'RSA PKCS#1 v1.5 with SHA-512',
  PS256: 'RSA-PSS with SHA-256',
  PS384: 'RSA-PSS with SHA-384',
  PS512: 'RSA-PSS with SHA-512',
  ES256: 'ECDSA on P-256 with SHA-256',
  ES384: 'ECDSA on P-384 with SHA-384',
  ES512: 'ECDSA on P-521 with SHA-512',
  EdDSA: 'Ed25519 signatures; tokens carry alg "EdDSA", the name most libraries and vendors expect',
  Ed25519: 'Ed25519 signatures; tokens carry alg "Ed25519", the fully specified name of RFC 9864, for verifiers that ask for it',
  'ML-DSA-44': 'ML-DSA post-quantum signatures, parameter set 44 (RFC 9964)',
  'ML-DSA-65': 'ML-DSA post-quantum signatures, parameter set 65 (RFC 9964)',
  'ML-DSA-87': 'ML-DSA post-quantum signatures, parameter set 87 (RFC 9964)',
  HS256: 'HMAC with SHA-256',
  HS384: 'HMAC with SHA-384',
  HS512: 'HMAC with SHA-512',
  'RSA-OAEP-256': 'RSA-OAEP with SHA-256: the usual choice for an RSA recipient',
  'RSA-OAEP': 'RSA-OAEP with SHA-1, for recipients that ask for it',
  'RSA-OAEP-384': 'RSA-OAEP with SHA-384',
  'RSA-OAEP-512': 'RSA-OAEP with SHA-512',
  'ECDH-ES': 'ECDH key agreement; the agreed key encrypts the content',
  'ECDH-ES+A128KW': 'ECDH key agreement, then AES-128 key wrap',
  'ECDH-ES+A192KW': 'ECDH key agreement, then AES-192 key wrap',
  'ECDH-ES+A256KW': 'ECDH key agreement, then AES-256 key wrap',
  A128KW: 'AES-128 key wrap',
  A192KW: 'AES-192 key wrap',
  A256KW: 'AES-256 key wrap',
  A128GCMKW: 'AES-128-GCM key wrap',
  A192GCMKW: 'AES-192-GCM key wrap',
  A256GCMKW: 'AES-256-GCM key wrap',
  dir: 'direct encryption: the secret is the content key',
  'PBES2-HS256+A128KW': `PBKDF2-SHA-256, ${ITERATIONS} iterations, then AES-128 key wrap`,
  'PBES2-HS384+A192KW': `PBKDF2-SHA-384, ${ITERATIONS} iterations, then AES-192 key wrap`,
  'PBES2-HS512+A256KW': `PBKDF2-SHA-512, ${ITERATIONS} iterations, then AES-256 key wrap`,
};

export const PBES2_ALGS = ['PBES2-HS256+A128KW', 'PBES2-HS384+A192KW', 'PBES2-HS512+A256KW'] as const;

/** The encs a `dir` key of this many bytes serves, GCM first. */
export function encsForDirBytes(bytes: number): JweEnc[] {
  return (Object.keys(ENC_KEY_BYTES) as JweEnc[]).filter((enc) => ENC_KEY_BYTES[enc] === bytes).sort((a, b) => Number(b.endsWith('GCM')) - Number(a.endsWith('GCM')));
}

/** The secret size an algorithm needs, as the list shows it: "at least 32 bytes", "exactly 16 bytes". */
export function secretSizeWords(alg: KeyAlg): string {
  if (alg === 'HS256' || alg === 'HS384' || alg === 'HS512') return `at least ${HMAC_MIN_BYTES[alg]} bytes`;
  const wrap = Object.hasOwn(WRAP_KEY_BYTES, alg) ? WRAP_KEY_BYTES[alg] : undefined;
  if (wrap !== undefined) return `exactly ${wrap} bytes`;
  if (alg === 'dir') return '16, 24, 32, 48 or 64 bytes, by enc';
  if (isPbes2(alg)) return 'a password, 16+ bytes advised';
  return '';
}

/** RSA-OAEP-256 ahead of RSA-OAEP (SHA-1) in lists; otherwise the order of the core's tables. */
function rank(alg: KeyAlg): number {
  return alg === 'RSA-OAEP-256' ? -1 : 0;
}

export const separator = <T>(label: string): Choice<T> => ({ label, kind: vscode.QuickPickItemKind.Separator });

/**
 * The key's algorithms as a list under "Signing" and "Encryption" headings, the
 * first algorithm (the one the key would get without asking) first.
 */
export function purposeChoices(algs: readonly KeyAlg[], isPrivate: boolean): Choice<KeyAlg>[] {
  const first = algs[0];
  const uses = first && useOf(first) === 'enc' ? (['enc', 'sig'] as const) : (['sig', 'enc'] as const);
  const heading = {
    sig: isPrivate ? 'Signing: this key signs tokens' : 'Signing: this key verifies tokens its owner signs',
    enc: isPrivate ? 'Encryption: this key decrypts tokens encrypted to it' : 'Encryption: tokens are encrypted to this key',
  };
  const out: Choice<KeyAlg>[] = [];
  for (const use of uses) {
    const group = algs.filter((a) => useOf(a) === use).sort((a, b) => rank(a) - rank(b));
    if (group.length === 0) continue;
    out.push(separator(heading[use]));
    for (const alg of group) out.push({ label: alg, description: ALG_WORDS[alg], value: alg });
  }
  return out;
}

/** For a dir key: the encs it serves, which its size decides. */
export function useWith(key: KeyMaterial): string {
  if (key.alg !== 'dir') return '';
  const bytes = Number.parseInt(key.size, 10) / 8;
  const encs = encsForDirBytes(bytes);
  return encs.length > 0 ? `; use it with enc ${encs.join(' or ')}` : '';
}
