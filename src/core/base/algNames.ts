// What the newer JWS algorithm names mean, in the words the hover, the decoded
// view and the verifier's messages use. Plain data, so the token domain (which
// never imports jose/) and the verifier say the same thing.

/** RFC 9864's fully specified EdDSA names, and the curve each one fixes. */
const FULLY_SPECIFIED_EDDSA: Readonly<Record<string, string>> = { Ed25519: 'Ed25519', Ed448: 'Ed448' };
const ML_DSA = ['ML-DSA-44', 'ML-DSA-65', 'ML-DSA-87'];

export function isMlDsa(alg: string): boolean {
  return ML_DSA.includes(alg);
}

/** "post-quantum signature, RFC 9964" for ML-DSA, "EdDSA over Ed448, RFC 9864" for Ed448, …; undefined for the older names. */
export function algorithmNote(alg: string | undefined): string | undefined {
  if (alg === undefined) return undefined;
  if (isMlDsa(alg)) return 'post-quantum signature, RFC 9964';
  const curve = Object.hasOwn(FULLY_SPECIFIED_EDDSA, alg) ? FULLY_SPECIFIED_EDDSA[alg] : undefined;
  return curve ? `EdDSA over ${curve}, RFC 9864` : undefined;
}

/** "ML-DSA-65 (post-quantum signature, RFC 9964)"; the name alone when there is nothing to add. */
export function labelledAlgorithm(alg: string): string {
  const note = algorithmNote(alg);
  return note ? `${alg} (${note})` : alg;
}

/**
 * Why a JWS algorithm this tool knows by name is never verified here, or undefined. Ed448 is RFC
 * 9864's name for EdDSA over Ed448: the key ring holds no Ed448 keys (WebCrypto's Ed448 is not
 * standard, and jose has no Ed448), so no Ed448 token can be checked.
 */
export function knownUnsupportedAlgorithm(alg: string): string | undefined {
  if (alg === 'Ed448') return `${labelledAlgorithm(alg)} is not supported here: the key ring holds Ed25519 keys only, so Ed448 signatures cannot be checked.`;
  if (alg === 'ES256K') return 'ES256K (ECDSA on secp256k1, RFC 8812) is not supported here: secp256k1 keys are not read.';
  return undefined;
}
