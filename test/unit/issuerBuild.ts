// Tokens and cached JWK Sets of a trusted issuer for the tests: keys from test/keyPairs.ts, signatures
// from jose directly (any header, any payload text), sets read with readJwkSet as the adapter reads them.

import assert from 'node:assert/strict';
import type { JsonWebKey, KeyObject } from 'node:crypto';
import { CompactSign } from 'jose';
import { readJwkSet } from '../../src/core/index';
import type { IssuerKeys } from '../../src/core/index';
import type { KeyPair } from '../keyPairs';

export const ISSUER = 'https://idp.example.com/realms/dev';
export const NOW = 1_750_000_000_000;

/** The public JWK of a pair, with extra members (kid, alg, use). */
export const jwk = (pair: KeyPair, members: Record<string, unknown> = {}): JsonWebKey => ({ ...pair.publicKey.export({ format: 'jwk' }), ...members });

/** The keys of ISSUER as cached after a fetch a minute before NOW. */
export function issuerKeys(...keys: JsonWebKey[]): IssuerKeys {
  const r = readJwkSet(JSON.stringify({ keys }));
  if (!r.ok) assert.fail(r.error.message);
  return { issuer: ISSUER, jwksUri: `${ISSUER}/certs`, keys: r.keys, fetchedAt: NOW - 60_000, freshUntil: NOW + 3_600_000 };
}

/** A compact JWS with exactly this header and payload (claims as JSON, or any text). */
export function sign(header: Record<string, unknown>, claims: Record<string, unknown> | string, key: KeyObject | Uint8Array): Promise<string> {
  const text = typeof claims === 'string' ? claims : JSON.stringify(claims);
  return new CompactSign(new TextEncoder().encode(text)).setProtectedHeader(header as never).sign(key);
}

/** Claims ISSUER would issue for api://orders, valid at NOW. */
export const claims = (extra: Record<string, unknown> = {}): Record<string, unknown> => ({ iss: ISSUER, sub: 'user-1', aud: 'api://orders', iat: NOW / 1000 - 60, exp: NOW / 1000 + 600, ...extra });
