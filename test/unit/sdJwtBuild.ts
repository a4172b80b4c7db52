// Builds SD-JWT presentations for the tests, independently of the code under
// test: disclosures are JSON.stringify + Buffer base64url, digests and sd_hash
// come from node:crypto, signatures from jose directly (any header, any
// payload text).

import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { CompactSign } from 'jose';
import { cryptoKeyFor, generateKey } from '../../src/core/index';
import type { JwsAlg, KeyMaterial } from '../../src/core/index';

export type HashName = 'sha-256' | 'sha-384' | 'sha-512';

export function b64u(text: string): string {
  return Buffer.from(text, 'utf8').toString('base64url');
}

/** A disclosure: [salt, name, value] when `value` is given, else [salt, nameOrValue] (an array element). */
export function disclosure(salt: string, nameOrValue: unknown, ...value: unknown[]): string {
  return b64u(JSON.stringify(value.length > 0 ? [salt, nameOrValue, value[0]] : [salt, nameOrValue]));
}

/** base64url(hash(ASCII of the text)), as RFC 9901 §4.2.3 says. */
export function digest(text: string, alg: HashName = 'sha-256'): string {
  return createHash(alg.replace('-', '')).update(Buffer.from(text, 'ascii')).digest('base64url');
}

export async function key(alg: JwsAlg = 'ES256'): Promise<KeyMaterial> {
  const r = await generateKey({ alg });
  if (!r.ok) assert.fail(r.error.message);
  return r.key;
}

/** A compact JWS over exactly `payload` (text, so numbers can be written beyond 2^53) with any header. */
export async function sign(header: Record<string, unknown>, payload: string | Record<string, unknown>, signer: KeyMaterial): Promise<string> {
  const loaded = await cryptoKeyFor(signer, 'sign');
  if (!loaded.ok) assert.fail(loaded.error.message);
  const text = typeof payload === 'string' ? payload : JSON.stringify(payload);
  return new CompactSign(new TextEncoder().encode(text)).setProtectedHeader({ alg: signer.alg, ...header } as never).sign(loaded.cryptoKey);
}

/** `<jwt>~<d1>~…~` */
export function present(jwt: string, disclosures: readonly string[]): string {
  return `${jwt}~${disclosures.map((d) => `${d}~`).join('')}`;
}

/** A key-binding JWT over `sdJwt` (which ends with '~'), signed by the holder. */
export async function keyBinding(sdJwt: string, holder: KeyMaterial, options: { alg?: HashName; claims?: Record<string, unknown>; header?: Record<string, unknown> } = {}): Promise<string> {
  const claims = { nonce: 'n-0S6_WzA2Mj', aud: 'https://verifier.example.org', iat: 1_750_000_000, sd_hash: digest(sdJwt, options.alg), ...options.claims };
  return sign({ typ: 'kb+jwt', ...options.header }, claims, holder);
}

/** The holder key as the issuer puts it in cnf. */
export function cnf(holder: KeyMaterial): Record<string, unknown> {
  return { jwk: holder.publicJwk };
}

/** A fixed moment after every iat above and before every exp. */
export const NOW = 1_750_000_100_000;
