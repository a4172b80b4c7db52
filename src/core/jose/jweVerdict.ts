// What decrypting a JWE proves, in one verdict: a nested token is as genuine
// as its inner signature (RFC 7519 section 7.2); a JWE with no inner token is
// authenticated by its layers only when every layer uses a shared key. Used
// by jwe.ts once every layer is open.

import type { JsonObject, KeyMaterial } from '../base/types';
import type { KeyNamer } from '../keys/names';
import { member, parseHeaderSegment } from '../token/compactParts';
import { isPublicKeyEncryption } from './algorithms';
import type { VerifyReport } from './verify';

export const NOT_AUTHENTICATED_NOTE = 'decrypted — NOT authenticated: anyone with the public key can make this';

/** Whether the token is authenticated and the note that says what that rests on. `layerKeys`: the key of each layer, outermost first. */
export function decryptVerdict(layerKeys: readonly KeyMaterial[], inner: VerifyReport | undefined, name: KeyNamer): { authenticated: boolean; note: string } {
  const outerKey = layerKeys[0] as KeyMaterial;
  const allShared = layerKeys.every((k) => !isPublicKeyEncryption(k.alg));
  const innerValid = inner?.signature === 'valid';
  // A nested token is only as genuine as its inner signature (RFC 7519 s7.2): the outer layers never stand in for it.
  const authenticated = inner ? innerValid : allShared;
  let note: string;
  if (innerValid && inner?.key) {
    const signer = { ...inner.key, use: 'sig' as const };
    note = `Decrypted; the inner token is signed by ${signer.alg} key ${name(signer)} and the signature is valid.` + innerClaimsNote(inner);
  } else if (inner && allShared) {
    note = `Decrypted with shared ${outerKey.alg} key ${name(outerKey)}, but NOT authenticated: ${innerProblem(inner)}. A nested token is only as genuine as its inner signature.`;
  } else if (allShared) {
    note = `Decrypted with shared ${outerKey.alg} key ${name(outerKey)}: whoever made it holds the same secret.`;
  } else {
    note = NOT_AUTHENTICATED_NOTE + (inner ? `; ${innerProblem(inner)}` : '');
  }
  return { authenticated, note };
}

/** Three or five dot-separated parts whose first decodes to a JSON object: a token, even when not one that can be checked. */
export function isTokenShaped(text: string): boolean {
  const parts = text.split('.', 6);
  if (parts.length !== 3 && parts.length !== 5) return false;
  return parseHeaderSegment(parts[0] as string).ok;
}

export function ctyIsJwt(header: JsonObject): boolean {
  const cty = member(header, 'cty');
  return typeof cty === 'string' && cty.toUpperCase() === 'JWT';
}

/** Why the inner token does not authenticate the whole, in words; never token text beyond a safe kid. */
function innerProblem(report: VerifyReport): string {
  switch (report.signature) {
    case 'invalid':
      return 'the inner token\'s signature is invalid (changed, or signed with another key)';
    case 'unsigned':
      return 'the inner token is unsigned, so anyone could have made it';
    case 'no-matching-key':
      return 'no signing key in the ring checks the inner token\'s signature';
    case 'wrong-key-type':
      return 'the ring\'s key cannot check the inner token\'s signature';
    case 'unsupported':
      return 'the inner token uses an algorithm or feature this tool does not verify';
    case 'encrypted':
    case 'malformed':
      return 'the content is declared or shaped as a nested token, but it is not a signed token that can be checked';
    case 'valid':
      return 'the inner token\'s signature is valid';
  }
}

function innerClaimsNote(report: VerifyReport): string {
  const claims = report.claims;
  if (!claims.checked || claims.valid) return '';
  return ` But: ${claims.problems.map((p) => p.message).join(' ')}`;
}
