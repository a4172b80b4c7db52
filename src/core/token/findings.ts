// What a person should notice in a decoded token, as Findings. The header's
// rules are a table (HEADER_RULES) of small named checks run in order, each
// with one job; jsonFindings reports what inspectJson saw in a header or
// payload. The order of the table is the order findings are listed in (after
// sorting by severity), so a new rule goes where its finding should appear.

import type { Finding, Json, JsonObject } from '../base/types';
import { jsonTypeName } from '../base/guards';
import type { JsonInspection } from '../text/json';
import { MAX_RENDER_DEPTH, visibleText } from '../text/json';
import { withThousands } from '../text/numberText';
import { member } from './compactParts';
import { unsupportedAlg } from './algFinding';

/** JSON nested deeper than this is not rendered (and a header this deep is refused). */
export const MAX_JSON_DEPTH = MAX_RENDER_DEPTH;
const MAX_KID_CHARS = 256;
/** Extensions whose meaning this decoder implements (RFC 7797). */
const UNDERSTOOD_JWS_CRIT = new Set(['b64']);
const REGISTERED_HEADER_NAMES = new Set([
  'alg', 'jku', 'jwk', 'kid', 'x5u', 'x5c', 'x5t', 'x5t#S256', 'typ', 'cty', 'crit',
  'enc', 'zip', 'epk', 'apu', 'apv', 'iv', 'tag', 'p2s', 'p2c',
]);

export { jsonTypeName } from '../base/guards';

/** A short, safe rendering of a primitive JSON value for messages. */
function shortValue(value: Json | undefined): string | undefined {
  if (typeof value === 'string') return JSON.stringify(visibleText(value, 60));
  if (typeof value === 'number' || typeof value === 'boolean' || value === null) return String(value);
  return undefined;
}

/** Findings that come from inspecting JSON text (header or payload). */
/** `label` names the part in messages ("disclosure 3"); by default "header" or "payload". */
export function jsonFindings(where: 'header' | 'payload' | 'disclosure', inspection: JsonInspection, parsed: Json, out: Finding[], label?: string): void {
  const part = label ?? (where === 'header' ? 'header' : 'payload');
  for (const path of inspection.duplicates) {
    let effective = '';
    const top = /^\/([^/]*)$/.exec(path);
    if (top && parsed !== null && typeof parsed === 'object' && !Array.isArray(parsed)) {
      const key = (top[1] as string).replace(/~1/g, '/').replace(/~0/g, '~');
      const shown = shortValue(member(parsed, key));
      if (shown !== undefined) effective = ` (${shown})`;
    }
    out.push({
      code: 'DUPLICATE_KEY',
      severity: 'warning',
      where,
      message: `The ${part} has the member ${path} more than once. JSON.parse and jose use the last value${effective}; a server with another JSON parser may use the first, so the two can disagree about this token.`,
    });
  }
  if (inspection.maxDepth > MAX_JSON_DEPTH) {
    out.push({
      code: 'DEEP_JSON',
      severity: 'warning',
      where,
      message: `The ${part} JSON is nested ${withThousands(inspection.maxDepth)} levels deep; only the first ${MAX_JSON_DEPTH} levels are shown. Deep nesting like this is typical of attempts to crash parsers.`,
    });
  }
  for (const raw of inspection.unsafeIntegers) {
    const asJs = String(Number(raw));
    out.push({
      code: 'UNSAFE_INTEGER',
      severity: 'warning',
      where,
      message: `The number ${visibleText(raw, 40)} in the ${part} cannot be held exactly by JavaScript (it reads as ${asJs}). It is shown as written; code that reads it gets a different value.`,
    });
  }
  for (const path of inspection.protoKeys) {
    out.push({
      code: 'PROTO_KEY',
      severity: 'warning',
      where,
      message: `The ${part} has a member ${path}. It is kept as plain data here, but code that merges claims into objects (Object.assign, deep merge) can change object prototypes with it.`,
    });
  }
  if (inspection.suspicious.length > 0) {
    const paths = inspection.suspicious.slice(0, 5).join(', ') + (inspection.suspicious.length > 5 ? ', …' : '');
    out.push({
      code: 'SUSPICIOUS_TEXT',
      severity: 'warning',
      where,
      message: `The ${part} has text with ${inspection.suspiciousKinds.join(', ')} (at ${paths}). They are shown as \\uXXXX escapes: such text can display differently from what it contains.`,
    });
  }
}

// ---------------------------------------------------------------------------
// The header's rules

/** What the header rules read: the parsed header and what decoding made of it. */
export interface HeaderFacts {
  header: JsonObject;
  isJwe: boolean;
  /** alg is "none" in any case. */
  isNone: boolean;
  alg: string | undefined;
  enc: string | undefined;
  kid: string | undefined;
  typ: string | undefined;
  cty: string | undefined;
  /** The signature (JWS) or authentication tag (JWE) segment. */
  lastSegment: string;
  /** crit's names when it is a non-empty array of strings; empty otherwise. */
  critNames: string[];
  /** `b64: false` listed in crit on a JWS (RFC 7797): the payload segment is the payload itself. */
  unencoded: boolean;
}

/** One check of the header: pushes its findings (none when it does not apply). */
type HeaderRule = (facts: HeaderFacts, out: Finding[]) => void;

/** crit as RFC 7515 requires it: a non-empty array of strings. */
function critIsWellFormed(crit: Json | undefined): crit is string[] {
  return Array.isArray(crit) && crit.length > 0 && !crit.some((c) => typeof c !== 'string');
}

/** The header facts for `header`; `lastSegment` is the token's last segment. */
export function headerFacts(header: JsonObject, isJwe: boolean, lastSegment: string): HeaderFacts {
  const stringMember = (key: string): string | undefined => {
    const v = member(header, key);
    return typeof v === 'string' ? v : undefined;
  };
  const alg = stringMember('alg');
  const crit = member(header, 'crit');
  const critNames: string[] = crit !== undefined && critIsWellFormed(crit) ? [...crit] : [];
  return {
    header,
    isJwe,
    isNone: alg !== undefined && alg.toLowerCase() === 'none',
    alg,
    enc: stringMember('enc'),
    kid: stringMember('kid'),
    typ: stringMember('typ'),
    cty: stringMember('cty'),
    lastSegment,
    critNames,
    unencoded: !isJwe && member(header, 'b64') === false && critNames.includes('b64'),
  };
}

const algNone: HeaderRule = ({ alg, isNone, isJwe, lastSegment }, out) => {
  if (!isNone) return;
  let message = 'UNSIGNED (alg: none): this token has no signature, so anyone could have written it. Never accept it as proof of anything.';
  if (alg !== 'none') message += ` The alg is spelled ${JSON.stringify(alg)}: case variants like this are used to slip past filters that only block "none".`;
  if (!isJwe && lastSegment.length > 0) message += ' It still carries a signature segment, which proves nothing with alg none.';
  out.push({ code: 'ALG_NONE', severity: 'error', where: 'header', message });
};

const noSignature: HeaderRule = ({ isJwe, isNone, lastSegment }, out) => {
  if (isJwe || isNone || lastSegment.length !== 0) return;
  out.push({
    code: 'NO_SIGNATURE',
    severity: 'error',
    where: 'signature',
    message: 'No signature: the third segment is empty (the signature was stripped or never made). This token cannot be verified and must not be trusted.',
  });
};

const algMissing: HeaderRule = ({ header, alg }, out) => {
  if (alg !== undefined && alg !== '') return;
  const algValue = member(header, 'alg');
  const detail = algValue === undefined ? 'has no alg' : alg === '' ? 'has an empty alg' : `has an alg that is ${jsonTypeName(algValue)}, not a string`;
  out.push({
    code: 'ALG_MISSING',
    severity: 'error',
    where: 'header',
    message: `The header ${detail}. No verifier can check this token (jose rejects it); it is effectively unsigned.`,
  });
};

const encMissing: HeaderRule = ({ isJwe, enc }, out) => {
  if (!isJwe || enc !== undefined) return;
  out.push({
    code: 'ENC_MISSING',
    severity: 'error',
    where: 'header',
    message: 'This token has 5 segments (a JWE) but its header has no enc (content encryption algorithm). It cannot be decrypted; it is corrupted or not a JWE.',
  });
};

// crit (RFC 7515 s4.1.11): a verifier must reject extensions it does not understand.

const critMalformed: HeaderRule = ({ header }, out) => {
  const crit = member(header, 'crit');
  if (crit === undefined || critIsWellFormed(crit)) return;
  out.push({
    code: 'CRIT',
    severity: 'error',
    where: 'header',
    message: `The header's crit is ${Array.isArray(crit) ? (crit.length === 0 ? 'an empty array' : 'an array with non-string entries') : jsonTypeName(crit)}; it must be a non-empty array of extension names. Verifiers (jose included) reject this token.`,
  });
};

const critNotUnderstood: HeaderRule = ({ critNames, isJwe }, out) => {
  const understood = isJwe ? new Set<string>() : UNDERSTOOD_JWS_CRIT;
  const unknown = [...new Set(critNames.filter((c) => !understood.has(c)))];
  if (unknown.length === 0) return;
  const list = unknown.slice(0, 5).map((c) => JSON.stringify(visibleText(c, 40))).join(', ') + (unknown.length > 5 ? ', …' : '');
  const registered = unknown.filter((c) => REGISTERED_HEADER_NAMES.has(c));
  out.push({
    code: 'CRIT',
    severity: 'error',
    where: 'header',
    message: `Critical extension${unknown.length === 1 ? '' : 's'} not understood: ${list}. A verifier must reject a token whose crit names an extension it does not implement${registered.length ? '; crit must not list standard header names at all' : ''}. Do not make it verify by declaring the extension understood.`,
  });
};

const critRepeated: HeaderRule = ({ critNames }, out) => {
  if (new Set(critNames).size === critNames.length) return;
  out.push({
    code: 'CRIT',
    severity: 'warning',
    where: 'header',
    message: 'The header\'s crit lists the same name more than once. jose accepts this when verifying; stricter libraries reject it.',
  });
};

const critAbsent: HeaderRule = ({ critNames, header }, out) => {
  const absent = critNames.filter((c) => !Object.hasOwn(header, c));
  if (absent.length === 0) return;
  out.push({
    code: 'CRIT',
    severity: 'error',
    where: 'header',
    message: `crit names ${absent.slice(0, 5).map((c) => JSON.stringify(visibleText(c, 40))).join(', ')}, but the header has no such member. Verifiers reject this token.`,
  });
};

// b64 (RFC 7797): only meaningful when crit lists it.

const b64WithoutCrit: HeaderRule = ({ header, isJwe, critNames }, out) => {
  const b64 = member(header, 'b64');
  if (b64 === undefined || isJwe || critNames.includes('b64')) return;
  out.push({
    code: 'B64_WITHOUT_CRIT',
    severity: 'warning',
    where: 'header',
    message:
      b64 === false
        ? 'The header has "b64": false but crit does not list "b64". Compliant verifiers ignore b64 here and read the payload as base64url, while others treat it as raw text: they disagree on what was signed. The payload is decoded as base64url, as jose does.'
        : `The header has "b64": ${shortValue(b64) ?? jsonTypeName(b64)} without listing it in crit, so compliant verifiers ignore it.`,
  });
};

const b64NotBoolean: HeaderRule = ({ header, isJwe, critNames }, out) => {
  const b64 = member(header, 'b64');
  if (b64 === undefined || isJwe || !critNames.includes('b64') || typeof b64 === 'boolean') return;
  out.push({
    code: 'CRIT',
    severity: 'error',
    where: 'header',
    message: `The header's b64 is ${jsonTypeName(b64)}; RFC 7797 requires true or false. Verifiers reject this token.`,
  });
};

const b64False: HeaderRule = ({ unencoded }, out) => {
  if (!unencoded) return;
  out.push({
    code: 'B64_FALSE',
    severity: 'warning',
    where: 'payload',
    message: 'Unencoded payload ("b64": false, RFC 7797): the middle segment is the payload itself, shown as raw text. It is not a JWT claims set; JWT libraries refuse such tokens.',
  });
};

// Members that name or carry keys: shown, never used.

const embeddedJwk: HeaderRule = ({ header }, out) => {
  if (member(header, 'jwk') === undefined) return;
  out.push({
    code: 'EMBEDDED_JWK',
    severity: 'warning',
    where: 'header',
    message: 'The header carries its own key (jwk). Anyone can put a key there, so it is never used to verify: a token that checks out against its own key proves nothing. Verify with a key from your key ring.',
  });
};

const keyUrls: HeaderRule = ({ header }, out) => {
  for (const name of ['jku', 'x5u']) {
    const url = member(header, name);
    if (url === undefined) continue;
    const shown = typeof url === 'string' ? JSON.stringify(visibleText(url, 200)) : jsonTypeName(url);
    out.push({
      code: 'KEY_URL',
      severity: 'warning',
      where: 'header',
      message: `The header's ${name} points at ${shown}. It is shown as text only and never fetched (fetching token-supplied URLs is a known attack); keys come only from your key ring and the issuers you trust.`,
    });
  }
};

const certificateChain: HeaderRule = ({ header }, out) => {
  if (member(header, 'x5c') === undefined) return;
  out.push({
    code: 'X5C',
    severity: 'warning',
    where: 'header',
    message: 'The header carries a certificate chain (x5c). It is untrusted: it is not validated and never used as a verification key.',
  });
};

const zipInJws: HeaderRule = ({ header, isJwe }, out) => {
  if (isJwe || member(header, 'zip') === undefined) return;
  out.push({
    code: 'ZIP_IN_JWS',
    severity: 'warning',
    where: 'header',
    message: 'The header has zip, which only applies to JWE. It is ignored: the payload is never decompressed.',
  });
};

const longKid: HeaderRule = ({ kid }, out) => {
  if (kid === undefined || kid.length <= MAX_KID_CHARS) return;
  out.push({
    code: 'LONG_KID',
    severity: 'warning',
    where: 'header',
    message: `The kid is ${withThousands(kid.length)} characters long; it is shown cut to ${MAX_KID_CHARS}. A kid is only a label for looking up a key; overlong ones are used to probe lookups and logs.`,
  });
};

const nestedJwt: HeaderRule = ({ cty, isJwe }, out) => {
  if (cty === undefined || cty.toUpperCase() !== 'JWT') return;
  out.push({
    code: 'NESTED_JWT',
    severity: 'info',
    where: 'header',
    message: isJwe
      ? 'cty is JWT: the encrypted content is itself a token. Decrypting proves nothing about who signed the inner token; verify it separately.'
      : 'cty is JWT: the payload is itself a token. Decode and verify it separately; this signature covers it only as opaque content.',
  });
};

/** The header's rules, in the order their findings are listed. */
export const HEADER_RULES: readonly HeaderRule[] = [
  algNone,
  noSignature,
  algMissing,
  unsupportedAlg,
  encMissing,
  critMalformed,
  critNotUnderstood,
  critRepeated,
  critAbsent,
  b64WithoutCrit,
  b64NotBoolean,
  b64False,
  embeddedJwk,
  keyUrls,
  certificateChain,
  zipInJws,
  longKid,
  nestedJwt,
];

/** Runs every header rule, in order. */
export function headerFindings(facts: HeaderFacts, out: Finding[]): void {
  for (const rule of HEADER_RULES) rule(facts, out);
}

const SEVERITY_ORDER: Record<Finding['severity'], number> = { error: 0, warning: 1, info: 2 };

/** Errors first, then warnings, then information; in the order found within each. */
export function sortFindings(findings: Finding[]): Finding[] {
  return findings
    .map((f, i) => ({ f, i }))
    .sort((a, b) => SEVERITY_ORDER[a.f.severity] - SEVERITY_ORDER[b.f.severity] || a.i - b.i)
    .map((x) => x.f);
}
