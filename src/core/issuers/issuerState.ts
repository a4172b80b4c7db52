// A trusted issuer's verdict as the state hover, hints and diagnostics word (token/insights.ts), decided
// once here so that the three cannot weigh a failed iss or aud check, or a key that did not match,
// differently.
import { isPlainObject } from '../base/guards';
import type { SdJwtVerifyReport } from '../jose/sdJwtVerify';
import type { VerifyReport } from '../jose/verify';
import { shortKid, type KeyNamer } from '../keys/names';
import { visibleText } from '../text/json';
import type { IssuerKeysSource, SignatureState } from '../token/insights';
import { issuerUrlWords } from '../token/insights';
import type { IssuerKeys, IssuerVerdict, TrustedIssuer } from './issuers';

/** The claims checks an issuer's settings ask for. exp, nbf and iat are not among them: the hover's time lines and the expiry diagnostic word those for every token. */
const ISSUER_CLAIM_CODES: ReadonlySet<string> = new Set(['bad-issuer', 'bad-audience']);
/** Claims problems kept, and characters of each (the hover bounds them again). */
const MAX_PROBLEMS = 5;
const MAX_PROBLEM_CHARS = 300;

/** "kid NzbLsXh8…": how an issuer's key is named after "verified by issuer https://… (". */
export const issuerKidName: KeyNamer = (key) => (typeof key.kid === 'string' && key.kid !== '' ? `kid ${shortKid(key.kid)}` : 'a key without kid');

/**
 * The SignatureState of a verifyWithIssuer verdict for `trusted`, whose cached `keys` it used:
 * - valid → `verified` by the issuer (`key` named by `keyName`, by default "kid …"), with the fetch time and
 *   the failed iss / aud checks as `claimProblems` (each naming the values expected and found); an SD-JWT
 *   whose disclosures or key binding do not hold → `not-intact` with the issuer;
 * - invalid with the key its kid chose → `invalid`, its detail saying that key of the issuer did not verify it;
 * - no key of the issuer for the token (its kid and algorithm), or keys tried only for sharing the
 *   algorithm → `no-matching-key` with the issuer, worded "no key of issuer https://… matches (kid …)";
 * - unsigned, encrypted, unsupported or malformed tokens as for ring keys.
 * Never throws; a verdict that is not one is `no-matching-key` with the issuer.
 */
export function issuerSignatureState(verdict: IssuerVerdict, trusted: TrustedIssuer, keys: IssuerKeys, keyName: KeyNamer = issuerKidName): SignatureState {
  const url = isPlainObject(trusted) && typeof trusted.issuer === 'string' ? trusted.issuer : '';
  const fetchedAt = isPlainObject(keys) && typeof keys.fetchedAt === 'number' ? keys.fetchedAt : Number.NaN;
  const source: IssuerKeysSource = { url, fetchedAt };
  const report: VerifyReport | undefined = isPlainObject(verdict) && isPlainObject(verdict.report) ? verdict.report : undefined;
  if (!report) return { status: 'no-matching-key', issuer: source };
  const name = typeof keyName === 'function' ? keyName : issuerKidName;
  switch (report.signature) {
    case 'valid': {
      const key = isPlainObject(report.key) && typeof report.key.kid === 'string' ? name({ kid: report.key.kid, alg: report.key.alg, use: 'sig' }) : 'a key';
      const problems = report.claims?.checked && Array.isArray(report.claims.problems) ? report.claims.problems : [];
      const claimProblems = problems
        .filter((p) => isPlainObject(p) && ISSUER_CLAIM_CODES.has(p.code) && typeof p.message === 'string')
        .slice(0, MAX_PROBLEMS)
        .map((p) => visibleText(p.message, MAX_PROBLEM_CHARS));
      const issuer = { url, fetchedAt, claimProblems };
      const broken = presentationProblem(report);
      return broken === undefined ? { status: 'verified', key, issuer } : { status: 'not-intact', key, detail: broken, issuer };
    }
    case 'invalid':
      // Only a key its kid chose says the token was changed; keys tried for sharing the algorithm say "not one of the issuer's".
      if (report.key?.matchedBy !== 'kid') return { status: 'no-matching-key', issuer: source };
      return { status: 'invalid', detail: invalidDetail(report, url) };
    case 'unsigned':
      return { status: 'unsigned' };
    case 'encrypted':
      return { status: 'encrypted' };
    case 'unsupported':
    case 'malformed':
      return typeof report.message === 'string' ? { status: 'unsupported', detail: report.message } : { status: 'unsupported' };
    default:
      return { status: 'no-matching-key', issuer: source };
  }
}

/** "the key with kid 'x' of issuer https://… does not verify it: …". */
function invalidDetail(report: VerifyReport, url: string): string {
  const kid = report.key?.kid;
  const key = `the key${typeof kid === 'string' && kid !== '' ? ` with kid '${shortKid(kid)}'` : ''} of issuer ${issuerUrlWords(url)}`;
  // verifyToken's words when the kid's key is for another algorithm than the token's.
  if (typeof report.message === 'string' && report.message.startsWith('Algorithm mismatch')) return `${key} is for ${report.key?.alg ?? 'another algorithm'}, not the token's algorithm, so it does not verify it`;
  return `${key} does not verify it: the token was changed after it was signed, or signed with another key`;
}

/** Why an SD-JWT whose issuer signature holds is not intact (a disclosure, the key binding), or undefined. */
function presentationProblem(report: VerifyReport): string | undefined {
  const sdJwt = (report as Partial<SdJwtVerifyReport>).sdJwt;
  if (!isPlainObject(sdJwt)) return undefined;
  const kb = sdJwt.keyBinding;
  if (sdJwt.intact && kb?.status !== 'invalid') return undefined;
  const first = Array.isArray(sdJwt.problems) ? sdJwt.problems[0] : undefined;
  return typeof first === 'string' ? first : `the key binding does not hold: ${kb?.detail ?? ''}`;
}
