// The claims checks a trusted issuer's settings ask for (iss exact, aud among the configured audiences), in
// words that name what was expected and what the token says, and failing closed: a token whose payload is
// not a claims set does not say it is from the issuer, and audiences that are not a list of strings match
// no token. verifyToken's own sentences ("The issuer (iss) is not the one expected.") name neither value.
import { jsonTypeName } from '../base/guards';
import type { ClaimProblem, VerifyReport } from '../jose/verify';
import { MAX_VERIFY_LENGTH } from '../jose/verify';
import { visibleText } from '../text/json';
import { decodeToken } from '../token/decode';
import { issuerDifference } from './issuerUrl';

/** Audiences one issuer may expect (identity providers' tokens name one or a few). */
export const MAX_AUDIENCES = 100;
/** Characters of one audience. */
export const MAX_AUDIENCE_LENGTH = 2048;
/** Values named in one sentence; the rest are counted. */
const SHOWN_VALUES = 3;

/** What a TrustedIssuer's `audiences` ask for: none (absent or empty), some, or a value that is not a list of strings. */
export type AudienceCheck = { ok: true; audiences: string[] } | { ok: false; problem: string };

/** `audiences` as TrustedIssuer holds them: absent, or a list of non-empty strings; anything else a problem that reads after "The audiences … are". */
export function audienceCheck(value: unknown): AudienceCheck {
  if (value === undefined) return { ok: true, audiences: [] };
  if (!Array.isArray(value)) return { ok: false, problem: `${jsonTypeName(value)}, not a list of strings` };
  if (value.length > MAX_AUDIENCES) return { ok: false, problem: `a list of ${value.length}, more than the ${MAX_AUDIENCES} read` };
  for (let i = 0; i < value.length; i++) {
    const a: unknown = value[i];
    if (typeof a !== 'string') return { ok: false, problem: `a list whose entry ${i + 1} is ${jsonTypeName(a)}, not a string` };
    if (a === '') return { ok: false, problem: `a list whose entry ${i + 1} is empty` };
    if (a.length > MAX_AUDIENCE_LENGTH) return { ok: false, problem: `a list whose entry ${i + 1} is ${a.length} characters long, more than the ${MAX_AUDIENCE_LENGTH} read` };
  }
  return { ok: true, audiences: [...(value as string[])] };
}

const quoted = (value: string): string => `'${visibleText(value, 60)}'`;

/** "'a', 'b', 'c' and 2 more". */
function listed(values: readonly string[]): string {
  const shown = values.slice(0, SHOWN_VALUES).map(quoted);
  const more = values.length - shown.length;
  return more > 0 ? `${shown.join(', ')} and ${more} more` : shown.join(', ');
}

/** The claims of the token as the claims check read them (an SD-JWT's processed claims), or undefined. */
function claimsOf(token: string): Record<string, unknown> | undefined {
  const decoded = decodeToken(token, { maxLength: MAX_VERIFY_LENGTH });
  return decoded.ok ? decoded.token.claims : undefined;
}

const own = (claims: Record<string, unknown> | undefined, name: string): unknown => (claims && Object.hasOwn(claims, name) ? claims[name] : undefined);

function issuerWords(found: unknown, issuer: string): string {
  const who = quoted(issuer);
  if (found === undefined) return `The token has no iss claim, so it does not say it is from ${who}.`;
  if (typeof found !== 'string') return `iss is ${jsonTypeName(found)}, not the issuer ${who}.`;
  return `iss is ${quoted(found)}, not the issuer ${who} (they must be equal character for character).${issuerDifference(found, issuer)}`;
}

function audienceWords(found: unknown, issuer: string, expected: readonly string[]): string {
  const set = `${expected.length === 1 ? 'the audience' : 'the audiences'} set for ${quoted(issuer)} (${listed(expected)})`;
  if (found === undefined) return `The token has no aud claim, but ${set} must be named in it.`;
  const strings = typeof found === 'string' ? [found] : Array.isArray(found) ? found.filter((a): a is string => typeof a === 'string') : undefined;
  const given = strings === undefined ? jsonTypeName(found) : strings.length === 0 ? 'a list with no string in it' : listed(strings);
  return `aud is ${given}, not ${expected.length === 1 ? '' : 'one of '}${set}.`;
}

function addProblem(report: VerifyReport, problem: ClaimProblem): void {
  const problems = report.claims.checked ? report.claims.problems : [];
  report.claims = { checked: true, valid: false, problems: [...problems, problem] };
  report.message = `${report.message} But: ${problem.message}`;
}

/**
 * The issuer's claims checks on a verified token's report, in place: iss and aud problems worded with the
 * values expected and found, an SD-JWT's iss required in its issuer-signed part (`signedIss`: what that part
 * says), a payload that is no claims set refused as not from the issuer, and malformed audiences matching
 * nothing. Only for a report whose signature is valid: nothing else is said to be the issuer's.
 */
export function issuerClaimChecks(report: VerifyReport, token: string, issuer: string, audiences: AudienceCheck, signedIss: string | undefined): void {
  if (report.signature !== 'valid') return;
  if (report.claims.checked && report.claims.problems.some((p) => p.code === 'bad-issuer' || p.code === 'bad-audience')) {
    const claims = claimsOf(token);
    const expected = audiences.ok ? audiences.audiences : [];
    report.claims = {
      ...report.claims,
      problems: report.claims.problems.map((p) => {
        const message = p.code === 'bad-issuer' ? issuerWords(own(claims, 'iss'), issuer) : p.code === 'bad-audience' ? audienceWords(own(claims, 'aud'), issuer, expected) : p.message;
        if (message !== p.message) report.message = report.message.replace(p.message, () => message);
        return message === p.message ? p : { ...p, message };
      }),
    };
  }
  const sdJwt = typeof token === 'string' && token.includes('~');
  // An SD-JWT's issuer is the iss of the part it signed: a disclosure cannot supply it (the check above read the processed claims).
  if (sdJwt && report.claims.checked && signedIss !== issuer && !report.claims.problems.some((p) => p.code === 'bad-issuer')) {
    addProblem(report, { claim: 'iss', code: 'bad-issuer', message: 'The issuer (iss) is not in the part the issuer signed: a disclosure cannot name the issuer.' });
  }
  if (!report.claims.checked) {
    addProblem(report, { claim: 'iss', code: 'bad-issuer', message: `The token's payload is not a claims set, so it does not say it is from ${quoted(issuer)} (it has no iss).` });
  }
  if (!audiences.ok) {
    addProblem(report, { claim: 'aud', code: 'bad-audience', message: `The audiences set for ${quoted(issuer)} are ${audiences.problem}, so no token can match them: fix the setting.` });
  }
}
