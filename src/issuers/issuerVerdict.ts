// A token the key ring does not verify, checked with the keys of the trusted issuer its `iss` names
// (src/issuers/). Only cached keys are used on this path: a fetch happens only in the background, for a
// host the person confirmed, when the keys are missing, stale or lack the token's kid, and at most once
// per issuer per few minutes (the core's mayRefetch). An `iss` nobody trusted is never fetched: the
// verdict carries it as an offer, and the hover shows the link.
import type * as TokenCore from '../bundles/coreBundle';
import type { IssuerKeys, IssuerVerdict, Jwk } from '../core';
import type { SdJwtVerifyReport } from '../core/jose/sdJwtVerify';
import { keyName } from '../core/keys/names';
import { sdJwtVerdict, type Verdict } from '../documents/verdicts';
import type { IssuerLookup, IssuerSourceApi } from './issuerApi';
import { issuerNote, shownText } from './issuerWords';

type IssuerVerifyCore = Pick<typeof TokenCore, 'tokenIssuer' | 'parseIssuer' | 'verifyWithIssuer'>;

/** `ring`: the ring's verdict (no keys, or none matching); it stands when no trusted issuer verifies. */
export async function issuerVerdict(token: string, ring: Verdict, issuers: IssuerSourceApi, core: IssuerVerifyCore): Promise<Verdict> {
  const iss = core.tokenIssuer(token);
  if (iss === undefined) return ring;
  let found = issuers.lookup(iss);
  if (!found) return core.parseIssuer(iss).ok ? { ...ring, issuerOffer: iss } : ring;
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
  return verdictWith(checked, ring, found, keys);
}

function verdictWith(checked: IssuerVerdict, ring: Verdict, found: IssuerLookup, keys: IssuerKeys): Verdict {
  const { report } = checked;
  const now = Date.now();
  if (report.signature === 'valid') {
    const kid = report.key?.kid;
    const claimProblems = report.claims.problems.filter((p) => p.code === 'bad-issuer' || p.code === 'bad-audience').map((p) => p.message);
    const base: Verdict = {
      // "kid …": the words read "verified by issuer https://… (kid …, keys fetched 12 min ago)".
      state: { status: 'verified', key: kid ? `kid ${kid}` : 'a key without a kid', issuer: { url: found.trusted.issuer, fetchedAt: keys.fetchedAt, claimProblems } },
      report,
    };
    const verifyingKey = matchingKey(keys.keys, kid, report.key?.alg);
    if (verifyingKey) base.verifyingKey = verifyingKey;
    const verdict = isSdJwtReport(report) ? sdJwtVerdict(report, base) : base;
    return withNote(verdict, issuerNote(found.trusted.issuer, found.stored, found.hostConfirmed, now));
  }
  if (report.signature === 'invalid' && report.key?.matchedBy === 'kid') {
    // The issuer's key with the token's kid does not verify it: the token was changed, or is not the issuer's.
    return { state: { status: 'invalid', detail: `the key ${keyName(undefined, report.key.kid)} of issuer ${shownText(found.trusted.issuer)} does not verify it` }, report };
  }
  return withNote(ring, issuerNote(found.trusted.issuer, found.stored, found.hostConfirmed, now, checked.kidUnknown));
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
