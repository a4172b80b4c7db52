// `jwt-studio verify`: the token's signature checked with the keys given (never
// with keys the token names: jku, x5u, jwk and x5c are ignored), and its claims
// against the clock and --issuer / --audience. Exit 0 when both hold, 1 when
// either does not (the reason on stderr), 2 for bad usage or input that is not
// a token. A JWE is decrypted with a key given for it and the token inside is
// verified in turn; the verdict then rests on that inner signature.

import { verifyToken, checkClaims, type VerifyOptions } from '../../core/jose/verify';
import { decryptToken, type DecryptedToken } from '../../core/jose/jwe';
import { verifySdJwt, type SdJwtVerifyReport } from '../../core/jose/sdJwtVerify';
import { isJweKeyAlg, isJwsAlg } from '../../core/jose/algorithms';
import { decodeToken, type DecodedToken } from '../../core/token/decode';
import { describeTokenTimes } from '../../core/token/decodedText';
import { describeTimes, type TimeDescription } from '../../core/token/times';
import { visibleText } from '../../core/text/json';
import type { CoreError, JsonObject } from '../../core/base/types';
import type { KeyNamer } from '../../core/keys/names';
import { EXIT, usage, type ExitCode } from '../errors';
import { flag, parseCommandArgs, stringList, stringOption, type OptionSpecs, type Parsed } from '../args';
import type { CommandIo } from '../main';
import { parseKeySpecs, type KeySpec } from '../keySource';
import { terminalSafe } from '../terminal';
import { decodeOrFail, tokenText } from '../tokenInput';
import { joinNamers, listGiven, loadGivenKeys, type GivenKeys } from '../verifyKeys';
import { claimsReason, claimsSummary, reportJson, signedVerdict, type ClaimSettings, type Verdict } from '../verifyVerdict';

const OPTIONS: OptionSpecs = {
  key: { type: 'string', multiple: true },
  alg: { type: 'string' },
  issuer: { type: 'string', multiple: true },
  audience: { type: 'string', multiple: true },
  'clock-tolerance': { type: 'string' },
  json: { type: 'boolean' },
};

/** A day: leeway beyond that is no longer clock skew. */
const MAX_TOLERANCE_SECONDS = 86_400;

interface Settings extends ClaimSettings {
  specs: KeySpec[];
}

interface Outcome {
  verdict: Verdict;
  json: Record<string, unknown>;
}

function readSettings(parsed: Parsed): Settings {
  const alg = stringOption(parsed, 'alg');
  if (alg !== undefined && !isJwsAlg(alg)) throw usage('verify', `--alg ${alg} is not a signature algorithm (HS256 HS384 HS512 RS256 … PS256 … ES256 ES384 ES512 EdDSA)`);
  const toleranceText = stringOption(parsed, 'clock-tolerance');
  let toleranceSeconds = 0;
  if (toleranceText !== undefined) {
    if (!/^\d{1,6}$/.test(toleranceText) || Number(toleranceText) > MAX_TOLERANCE_SECONDS) throw usage('verify', `--clock-tolerance takes whole seconds, 0 to ${MAX_TOLERANCE_SECONDS}`);
    toleranceSeconds = Number(toleranceText);
  }
  const issuer = stringList(parsed, 'issuer');
  const audience = stringList(parsed, 'audience');
  if (issuer.includes('') || audience.includes('')) throw usage('verify', '--issuer and --audience need a value');
  const keyValues = stringList(parsed, 'key');
  if (keyValues.length === 0) throw usage('verify', 'no key given: pass the issuer\'s key as --key FILE or --key env:NAME (keys the token names are never used)');
  const specs = parseKeySpecs(keyValues, 'verify');
  const named = specs.find((s) => s.id !== undefined);
  if (named) throw usage('verify', `--key ${named.id}=…: ID=FILE names a profile's key, and verify has no profile; give the file alone (a file name with "=" can be written as ./NAME)`);
  return { specs, ...(alg !== undefined ? { alg } : {}), issuer, audience, toleranceSeconds, now: Date.now() };
}

function verifyOptions(settings: Settings, namer?: KeyNamer): VerifyOptions {
  return {
    now: settings.now,
    clockToleranceSeconds: settings.toleranceSeconds,
    ...(settings.issuer.length > 0 ? { issuer: settings.issuer } : {}),
    ...(settings.audience.length > 0 ? { audience: settings.audience } : {}),
    ...(namer ? { keyName: namer } : {}),
  };
}

function tokenFacts(token: DecodedToken): Record<string, unknown> {
  return { kind: token.kind, alg: token.alg ?? null, ...(token.enc !== undefined ? { enc: token.enc } : {}), kid: token.kid ?? null };
}

async function verifySigned(token: DecodedToken, settings: Settings): Promise<Outcome> {
  // A secret takes the token's HS* algorithm, a PEM the token's RSA or EC one; a key that does not fit is read as what it is.
  const alg = settings.alg ?? (isJwsAlg(token.alg) ? token.alg : undefined);
  const given = await loadGivenKeys(settings.specs, alg);
  const options = verifyOptions(settings, given.namer);
  const sdReport = token.sdJwt ? await verifySdJwt(token.token, given.keys, options) : undefined;
  const report = sdReport ?? (await verifyToken(token.token, given.keys, options));
  const times = describeTokenTimes(token, settings.now);
  const signed = signedVerdict(report, token, times, given, settings);
  const verdict = sdReport ? sdJwtVerdict(signed, sdReport) : signed;
  return { verdict, json: { token: tokenFacts(token), signature: reportJson(report, given), claims: report.claims, times: times ?? null, ...(sdReport ? { sdJwt: sdReport.sdJwt } : {}) } };
}

/** An SD-JWT presentation is valid when its issuer signature and claims are, every disclosure is in place, and a key-binding JWT, if any, verifies. */
function sdJwtVerdict(signed: Verdict, report: SdJwtVerifyReport): Verdict {
  if (!signed.valid) return signed;
  const { intact, problems, keyBinding } = report.sdJwt;
  if (!intact) return { valid: false, text: `the SD-JWT presentation is not intact (${problems.join('; ') || 'see jwt-studio decode'}); the issuer's ${signed.text}` };
  if (keyBinding?.status === 'invalid') return { valid: false, text: `the key-binding JWT does not hold: ${keyBinding.detail}; the issuer's ${signed.text}` };
  const binding = keyBinding === undefined ? 'no key binding' : keyBinding.status === 'verified' ? 'key binding verified' : `key binding not checked: ${keyBinding.detail}`;
  return { valid: true, text: `SD-JWT: issuer ${signed.text}; every disclosure in place; ${binding}` };
}

/** Why nothing could be decrypted, in the command line's words (the core's speak of the editor's key ring). */
function decryptReason(error: CoreError, token: DecodedToken, given: GivenKeys): string {
  const alg = visibleText(token.alg ?? '', 40);
  switch (error.code) {
    case 'NO_KEYS':
      return `no key given can decrypt this ${alg} token${token.kid !== undefined ? ` (kid "${visibleText(token.kid, 80)}")` : ''}: the keys given are ${listGiven(given.given)}; pass the recipient's private key (or the shared key) with --key`;
    case 'KEY_NOT_PRIVATE': {
      const publicOnes = given.given.filter((g) => g.key.use === 'enc' && g.key.alg === token.alg).map((g) => g.name);
      return `no private key given for this ${alg} token: ${publicOnes.join(', ') || 'the key given'} ${publicOnes.length > 1 ? 'are public keys, which' : 'is a public key, which'} can only encrypt; pass the recipient's private key to decrypt`;
    }
    default:
      return `not decrypted: ${error.message.replace(/ in the ring/g, ' given').replace(/\.$/, '')}`;
  }
}

function decryptionJson(result: DecryptedToken, given: GivenKeys, enc: string | undefined): Record<string, unknown> {
  return { key: { ...result.key, name: given.namer({ ...result.key, use: 'enc' }) }, enc: enc ?? null, layers: result.layers, authenticated: result.authenticated, note: result.note };
}

/** A JWE whose plaintext is not a token: its claims (when it is a claims set) checked here, since the core checks only inner tokens. */
function plainContent(result: DecryptedToken, settings: Settings): { claims: ReturnType<typeof checkClaims>; times: TimeDescription | undefined; claimsSet: JsonObject | undefined } {
  const claims = checkClaims('', true, { ...verifyOptions(settings), detachedPayload: result.plaintext });
  let value: unknown;
  try {
    value = JSON.parse(result.plaintext);
  } catch {
    value = undefined;
  }
  const claimsSet = value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as JsonObject) : undefined;
  return { claims, times: claimsSet ? describeTimes(claimsSet, settings.now, { payloadText: result.plaintext }) : undefined, claimsSet };
}

async function verifyEncrypted(token: DecodedToken, settings: Settings): Promise<Outcome> {
  const facts = tokenFacts(token);
  const encGiven = await loadGivenKeys(settings.specs, isJweKeyAlg(token.alg) ? token.alg : undefined);
  const encKeys = encGiven.keys.filter((k) => k.use === 'enc');
  const opened = await decryptToken(token.token, encKeys, { keyName: encGiven.namer });
  if (!opened.ok) return { verdict: { valid: false, text: decryptReason(opened.error, token, encGiven) }, json: { token: facts, decryption: null } };
  const layers = `decrypted with key ${encGiven.namer({ ...opened.key, use: 'enc' })} (${opened.key.alg}, ${visibleText(token.enc ?? '', 40)})`;

  if (!opened.inner) {
    const { claims, times, claimsSet } = plainContent(opened, settings);
    const json = { token: facts, decryption: decryptionJson(opened, encGiven, token.enc), signature: null, claims, times: times ?? null };
    if (!opened.authenticated) {
      return { verdict: { valid: false, text: `${layers}, but not authenticated: it was encrypted to a public key and holds no signed token, so anyone with the public key can make it; the sender must sign the claims first (a nested JWT)` }, json };
    }
    const reason = claimsReason(claims, claimsSet, times, settings);
    if (reason !== undefined) return { verdict: { valid: false, text: `${reason}; ${layers}` }, json };
    return { verdict: { valid: true, text: `${layers}: a shared key, so whoever made it holds the same secret; ${claimsSummary(claims, times, settings)}` }, json };
  }

  // The inner token decides the signing keys' algorithm, as for a signed token; decrypting again is cheap.
  const inner = decodeToken(opened.inner.token);
  const innerAlg = settings.alg ?? (inner.ok && isJwsAlg(inner.token.alg) ? inner.token.alg : undefined);
  const sigGiven = await loadGivenKeys(settings.specs, innerAlg);
  const namer = joinNamers(sigGiven.namer, encGiven.namer);
  const result = await decryptToken(token.token, encKeys, { keyName: namer, verifyKeys: sigGiven.keys, verifyOptions: verifyOptions(settings, namer) });
  if (!result.ok || !result.inner) return { verdict: { valid: false, text: result.ok ? 'not verified: the inner token was not checked' : decryptReason(result.error, token, encGiven) }, json: { token: facts, decryption: null } };
  const report = result.inner.verify;
  const json = { token: facts, decryption: decryptionJson(result, encGiven, token.enc), inner: inner.ok ? tokenFacts(inner.token) : null, signature: reportJson(report, sigGiven), claims: report.claims };
  if (!inner.ok) return { verdict: { valid: false, text: `${layers}, but the inner token is not a token that can be checked: ${report.message}` }, json: { ...json, times: null } };
  const times = describeTokenTimes(inner.token, settings.now);
  const verdict = signedVerdict(report, inner.token, times, sigGiven, settings);
  // The verdict rests on the inner signature (RFC 7519 section 7.2): the core's `authenticated` says exactly that.
  const valid = verdict.valid && result.authenticated;
  return { verdict: { valid, text: valid ? `${layers}; inner token: ${verdict.text}` : `inner token: ${verdict.text}; ${layers}` }, json: { ...json, times: times ?? null } };
}

export async function runVerify(io: CommandIo): Promise<ExitCode> {
  const parsed = parseCommandArgs('verify', io.argv, OPTIONS, { min: 1, max: 1 });
  const settings = readSettings(parsed);
  const token = decodeOrFail(tokenText('verify', parsed.positionals[0]));
  const outcome = token.kind === 'jwe' ? await verifyEncrypted(token, settings) : await verifySigned(token, settings);
  const { verdict } = outcome;
  if (flag(parsed, 'json')) {
    const json = { valid: verdict.valid, [verdict.valid ? 'summary' : 'reason']: verdict.text, ...outcome.json };
    await io.out.write(`${terminalSafe(JSON.stringify(json, null, 2))}\n`);
  } else if (verdict.valid) {
    await io.out.write(`${terminalSafe(`valid: ${verdict.text}`)}\n`);
  }
  if (verdict.valid) return EXIT.ok;
  io.warn(verdict.text);
  return EXIT.invalid;
}
