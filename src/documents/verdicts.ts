// What the verifier concluded about one token, and how a verify report becomes that verdict: shared by the
// key ring's check (tokenVerifier.ts) and a trusted issuer's (issuerVerdict.ts).
import type { Jwk, KeyBindingState, SignatureState, VerifyReport } from '../core';
import type { SdJwtVerifyReport } from '../core/jose/sdJwtVerify';
import { ringKeyName } from '../core/keys/names';
import type { KeyEntry } from '../keys/keyRingApi';

export interface Verdict {
  state: SignatureState;
  /** The ring entry whose key verified the signature. */
  entry?: KeyEntry;
  report?: VerifyReport;
  /** An SD-JWT's key-binding JWT, when it has one. */
  keyBinding?: KeyBindingState;
  /** The public JWK that verified the signature (a ring key pair's, or a trusted issuer's). */
  verifyingKey?: Jwk;
  /** The token's `iss`, an issuer URL nobody trusted, when nothing verified the token: the hover offers to trust it. */
  issuerOffer?: string;
  /** A sentence about the trusted issuer the token names: keys not fetched yet, the last fetch failed, no key with its kid. */
  issuerNote?: string;
}

/**
 * An SD-JWT's verdict: its issuer signature's (`base`, from whichever keys were used), unless that holds
 * and the presentation does not (a disclosure matches no digest, a key binding fails).
 * Never offered for re-signing: that would drop the disclosures.
 */
export function sdJwtVerdict(report: SdJwtVerifyReport, base: Verdict): Verdict {
  const { state } = base;
  const verdict: Verdict = { ...base, report };
  const kb = report.sdJwt.keyBinding;
  if (kb) verdict.keyBinding = kb;
  if (state.status === 'verified' && (!report.sdJwt.intact || kb?.status === 'invalid')) {
    const detail = report.sdJwt.problems[0] ?? `the key binding does not hold: ${kb?.detail ?? ''}`;
    verdict.state = { status: 'not-intact', key: state.key, detail };
  }
  return verdict;
}

export function verdictOf(report: VerifyReport, keyCount: number, entries: readonly KeyEntry[]): Verdict {
  switch (report.signature) {
    case 'valid': {
      // The report names the key by kid and alg; only an entry that alone has both is named as the
      // key that verified (several may share a kid), and only then is it offered for re-signing.
      const { name, entry } = ringKeyName(entries, report.key, 'sig');
      const verifyingKey = entry?.publicJwk;
      return { state: { status: 'verified', key: name }, ...(entry ? { entry } : {}), ...(verifyingKey ? { verifyingKey } : {}) };
    }
    case 'invalid':
      // Only a key chosen by kid says the token was tampered with; keys tried
      // merely for sharing the algorithm say no more than "not ours".
      return { state: report.key?.matchedBy === 'kid' ? { status: 'invalid' } : { status: 'no-matching-key' } };
    case 'no-matching-key':
    case 'wrong-key-type':
      return { state: keyCount === 0 ? { status: 'no-keys' } : { status: 'no-matching-key' } };
    case 'unsigned':
      return { state: { status: 'unsigned' } };
    case 'encrypted':
      return { state: { status: 'encrypted' } };
    default:
      // The report says why (a runtime without ML-DSA, a critical extension, an algorithm never verified); it holds no token text.
      return { state: { status: 'unsupported', detail: report.message } };
  }
}
