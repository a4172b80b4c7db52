// Exporting a key: the public half as SPKI PEM, JWK or JWK Set, and the
// private half as JWK text on an explicit request.

import { exportSPKI, importJWK } from 'jose';
import type { Jwk, KeyMaterial, Result } from '../base/types';
import { fail } from '../base/result';
import { PRIVATE_MEMBERS, PUBLIC_MEMBERS, bareJwk, kidLabel, orderedJwk } from './material';
import { runtimeProblem } from '../jose/runtime';

/** The public half as SPKI PEM, public JWK JSON, or a JWK Set. Shared secrets have no public half. */
export async function exportPublicKey(keys: KeyMaterial | KeyMaterial[], format: 'pem' | 'jwk' | 'jwks'): Promise<Result<{ text: string }>> {
  try {
    const list = Array.isArray(keys) ? keys : [keys];
    if (list.length === 0) return fail('KEY_EMPTY_SET', 'No keys to export.');
    const publics: Jwk[] = [];
    for (const key of list) {
      if (key.kty === 'oct') return fail('KEY_NO_PUBLIC', `Key '${kidLabel(key.kid)}' is a shared secret: a shared secret has no public half. Share it only over a secure channel, never by export.`);
      const pub = key.publicJwk;
      if (!pub) return fail('KEY_NO_PUBLIC', `Key '${kidLabel(key.kid)}' has no public JWK stored.`);
      publics.push(orderedJwk(key.kty, key.kid, key.use, key.alg, pub, PUBLIC_MEMBERS[key.kty], Array.isArray(pub.key_ops) ? pub.key_ops : undefined));
    }
    if (format === 'jwk') {
      if (publics.length !== 1) return fail('KEY_UNSUPPORTED', `A JWK holds one key: export these ${publics.length} keys as a JWKS.`);
      return { ok: true, text: `${JSON.stringify(publics[0], null, 2)}\n` };
    }
    if (format === 'jwks') return { ok: true, text: `${JSON.stringify({ keys: publics }, null, 2)}\n` };
    if (format !== 'pem') return fail('KEY_UNSUPPORTED', 'Export formats are pem, jwk and jwks.');
    const pems: string[] = [];
    for (let i = 0; i < list.length; i++) {
      const key = list[i] as KeyMaterial;
      // A key stored where the runtime had ML-DSA may be opened where it has not: say so, not "damaged".
      const runtime = await runtimeProblem(key.alg, 'export');
      if (runtime) return fail('KEY_UNSUPPORTED', `Key '${kidLabel(key.kid)}' cannot be exported as PEM here. ${runtime} Its JWK exports anywhere.`);
      const crypto = await importJWK(bareJwk(publics[i] as Jwk), key.alg, { extractable: true });
      if (crypto instanceof Uint8Array) return fail('KEY_NO_PUBLIC', `Key '${kidLabel(key.kid)}' has no public half.`);
      pems.push(`${(await exportSPKI(crypto)).trim()}\n`);
    }
    return { ok: true, text: pems.join('') };
  } catch {
    return fail('INTERNAL', 'The public key could not be exported: the stored key may be damaged.');
  }
}

/**
 * The private half as JWK JSON: the key's public members with its private ones (`d`, the RSA CRT
 * members), or a shared secret's `oct` JWK (`k`), with kid, use, alg and key_ops; nothing else the
 * stored JWK may carry. For showing on an explicit, confirmed request only.
 */
export function exportPrivateJwk(key: KeyMaterial): Result<{ text: string }> {
  const source = key?.privateJwk;
  const kty = key?.kty;
  if (!source || !(kty === 'RSA' || kty === 'EC' || kty === 'OKP' || kty === 'AKP' || kty === 'oct')) {
    return fail('KEY_NOT_PRIVATE', `Key '${kidLabel(String(key?.kid))}' has no private half stored: it can only ${key?.use === 'enc' ? 'encrypt' : 'verify'}.`);
  }
  const keyOps = Array.isArray(source.key_ops) ? source.key_ops.filter((op): op is string => typeof op === 'string') : undefined;
  const jwk = orderedJwk(kty, key.kid, key.use, key.alg, source, [...PUBLIC_MEMBERS[kty], ...PRIVATE_MEMBERS[kty]], keyOps);
  return { ok: true, text: `${JSON.stringify(jwk, null, 2)}\n` };
}
