// A token the key ring does not verify, checked with the keys of the trusted issuer its `iss` names
// (src/issuers/). Only cached keys are used on this path: a fetch happens only in the background, for a
// host the person confirmed, when the keys are missing, stale or lack the token's kid, and at most once
// per issuer per few minutes (the core's mayRefetch). An `iss` nobody trusted is never fetched: the
// verdict carries it as an offer, and the hover shows the link.
import type * as TokenCore from '../bundles/coreBundle';
import type { IssuerKeys, IssuerVerdict, Jwk } from '../core';
import type { SdJwtVerifyReport } from '../core/jose/sdJwtVerify';
import type { Verdict } from '../documents/verdicts';
import type { IssuerLookup, IssuerSourceApi } from './issuerApi';
import { issuerNote } from './issuerWords';

type IssuerVerifyCore = Pick<typeof TokenCore, 'tokenIssuer' | 'trustableIssuer' | 'verifyWithIssuer' | 'issuerSignatureState'>;

/** `ring`: the ring's verdict (no keys, or none matching); it stands when no trusted issuer verifies. */
export async function issuerVerdict(token: string, ring: Verdict, issuers: IssuerSourceApi, core: IssuerVerifyCore): Promise<Verdict> {
  const iss = core.tokenIssuer(token);
  if (iss === undefined) return ring;
  let found = issuers.lookup(iss);
  if (!found) return core.trustableIssuer(iss) ? { ...ring, issuerOffer: iss } : ring;
  if (!found.stored?.keys) {
    if (await issuers.refetch(iss, 'missing')) found = issuers.lookup(iss) ?? found;
    const keys = found.stored?.keys;
    if (!keys) return withNote(ring, issuerNote(iss, found.stored, found.hostConfirmed, Date.now()));
  }
  let keys = found.stored?.keys as IssuerKeys;
  let checked = await core.verifyWithIssuer(token, found.trusted, keys);
  if (checked.kidUnknown) {
    // A new kid usually means the issuer rotated its keys: fetch once, then judge again.
    if (await issuers.refetch(iss, 'unknown-kid')) {
      found = issuers.lookup(iss) ?? found;
      if (found.stored?.keys) {
        keys = found.stored.keys;
        checked = await core.verifyWithIssuer(token, found.trusted, keys);
      }
    }
  } else if (keys.freshUntil < Date.now()) {
    // Stale keys still verify (offline first); new ones, if any, arrive through onDidChange.
    void issuers.refetch(iss, 'stale');
  }
  return verdictWith(checked, ring, found, keys, core);
}

function verdictWith(checked: IssuerVerdict, ring: Verdict, found: IssuerLookup, keys: IssuerKeys, core: IssuerVerifyCore): Verdict {
  const { report } = checked;
  const now = Date.now();
  // The core words every case: verified by the issuer (with the failed iss / aud checks), not intact, its key
  // not verifying, or no key of the issuer matching.
  const state = core.issuerSignatureState(checked, found.trusted, keys);
  const note = issuerNote(found.trusted.issuer, found.stored, found.hostConfirmed, now, checked.kidUnknown);
  if (state.status === 'verified' || state.status === 'not-intact') {
    const verdict: Verdict = { state, report };
    const kb = isSdJwtReport(report) ? report.sdJwt.keyBinding : undefined;
    if (kb) verdict.keyBinding = kb;
    // Only a verified signature has a key that verified it (the x5c chain compares its leaf with it).
    const verifyingKey = state.status === 'verified' ? matchingKey(keys.keys, report.key?.kid, report.key?.alg) : undefined;
    if (verifyingKey) verdict.verifyingKey = verifyingKey;
    return withNote(verdict, note);
  }
  if (state.status === 'invalid') return { state, report };
  // No key of the issuer matches: say so, with the ring's verdict as the rest.
  return withNote(state.status === 'no-matching-key' ? { ...ring, state } : ring, note);
}

function withNote(verdict: Verdict, note: string | undefined): Verdict {
  return note ? { ...verdict, issuerNote: note } : verdict;
}

function isSdJwtReport(report: IssuerVerdict['report']): report is SdJwtVerifyReport {
  return Object.hasOwn(report, 'sdJwt');
}

/** The issuer's JWK that the report names (by kid, and alg when the key states one). */
function matchingKey(keys: readonly Jwk[], kid: string | undefined, alg: string | undefined): Jwk | undefined {
  if (kid === undefined) return undefined;
  const candidates = keys.filter((k) => k.kid === kid && (k.alg === undefined || alg === undefined || k.alg === alg));
  return candidates.length === 1 ? candidates[0] : undefined;
}
