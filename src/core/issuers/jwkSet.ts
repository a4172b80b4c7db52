// A JWK Set as an issuer publishes it (RFC 7517 §5), read with the care given to tokens.
import type { Result } from '../base/types';
import type { JwkSetReading } from './issuers';

/** Bounded strict JSON `{ "keys": [...] }`; signature keys kept as public JWKs, the rest skipped with a note. */
export function readJwkSet(text: string): Result<JwkSetReading> {
  void text;
  return { ok: false, error: { code: 'INTERNAL', message: 'not implemented' } };
}
