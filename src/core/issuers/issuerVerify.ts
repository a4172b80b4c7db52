// Verifying a token with the keys of the issuer its `iss` names, when that issuer is trusted.
import type { IssuerKeys, IssuerVerdict, TrustedIssuer } from './issuers';

/** The `iss` of a compact JWS or SD-JWT's issuer-signed JWT, read with bounds; undefined when absent or not a string. */
export function tokenIssuer(token: string): string | undefined {
  void token;
  return undefined;
}

/**
 * Verifies with the issuer's cached keys (never anything the token names): `iss` must equal the issuer exactly,
 * `aud` must hold one of `trusted.audiences` when given. A key without `alg` checks the token's algorithm when
 * it fits the key (RS or PS for RSA, the ES of its curve for EC, EdDSA or Ed25519 for Ed25519).
 */
export async function verifyWithIssuer(token: string, trusted: TrustedIssuer, keys: IssuerKeys, options: { now?: number } = {}): Promise<IssuerVerdict> {
  void token;
  void trusted;
  void keys;
  void options;
  throw new Error('not implemented');
}
