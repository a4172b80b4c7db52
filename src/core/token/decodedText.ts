// Plain-text renderings of a decoded token, shared by the decoded view and
// anything else that shows a whole token as text. Pure: no editor types.
import type { DecodedToken } from './decode';
import { prettyJson, visibleText } from '../text/json';
import { sdJwtComments, sdJwtJsoncMembers } from './sdJwtText';
import { sdJwtKindName } from './sdJwt';
import { describeTimes, type TimeDescription } from './times';
import { labelledAlgorithm } from '../base/algNames';

const INDENT = '  ';

/**
 * The decoded view as JSONC: one object with header, payload and signature,
 * comments above for what a person should notice first (status, times,
 * findings). JSON text is re-indented from the token's own bytes, so numbers
 * appear exactly as written.
 */
export function renderDecodedJsonc(token: DecodedToken, times?: TimeDescription): string {
  const lines: string[] = [];
  lines.push(`// ${summaryLine(token)}`);
  if (times) {
    for (const claim of [times.exp, times.nbf, times.iat]) {
      if (claim) lines.push(`// ${claim.claim} ${claim.iso ?? claim.raw} · ${claim.words}`);
    }
  }
  if (token.sdJwt) lines.push(...sdJwtComments(token.sdJwt, token.claims !== undefined && Object.hasOwn(token.claims, 'cnf')));
  for (const finding of token.findings) lines.push(`// ${finding.severity}: ${oneLine(finding.message)}`);
  lines.push('{');
  const members: string[] = [];
  members.push(`"header": ${indentTail(prettyJson(token.headerText, { indent: 2 }))}`);
  const payload = token.payload;
  if (payload) {
    switch (payload.type) {
      case 'json':
        members.push(`"payload": ${indentTail(prettyJson(payload.text, { indent: 2 }))}`);
        break;
      case 'text':
      case 'unencoded':
        members.push(`"payload": ${JSON.stringify(payload.text)}`);
        break;
      case 'binary':
        members.push(`"payloadHex": ${JSON.stringify(payload.hex + (payload.truncated ? '…' : ''))}`);
        break;
      case 'detached':
        members.push('"payload": null // detached: the token carries no payload');
        break;
      case 'omitted':
        members.push(`"payload": null // ${payload.byteLength} bytes: too large to show`);
        break;
    }
  }
  if (token.kind === 'jwe') {
    members.push('"encrypted": "the payload is encrypted; decrypt it with a key from the key ring"');
  }
  if (token.sdJwt) members.push(...sdJwtJsoncMembers(token.sdJwt, INDENT));
  members.push(`"signature": ${JSON.stringify(signatureNote(token))}`);
  lines.push(members.map((m, i) => INDENT + m + (i < members.length - 1 ? ',' : '')).join('\n'));
  lines.push('}');
  return lines.join('\n') + '\n';
}

/** "JWT · HS256 · kid 'abc'" — the first thing a person wants to know. */
export function summaryLine(token: DecodedToken): string {
  const parts: string[] = [];
  const sdJwt = token.sdJwt;
  if (sdJwt) parts.push(token.kind === 'unsecured' ? `UNSIGNED ${sdJwtKindName(token.typ)} (alg: none)` : sdJwtKindName(token.typ));
  else if (token.kind === 'jwe') parts.push('JWE (encrypted)');
  else if (token.kind === 'unsecured') parts.push('UNSIGNED token (alg: none)');
  else parts.push(token.claims ? 'JWT' : 'JWS');
  // The newer names say what they are: "ML-DSA-65 (post-quantum signature, RFC 9964)".
  if (token.alg !== undefined && token.kind !== 'unsecured') parts.push(labelledAlgorithm(visibleText(token.alg, 40)));
  if (token.enc !== undefined) parts.push(visibleText(token.enc, 40));
  if (token.kid !== undefined) parts.push(`kid ${JSON.stringify(visibleText(token.kid, 80))}`);
  if (sdJwt) {
    const n = sdJwt.disclosures.length;
    parts.push(`${n} disclosure${n === 1 ? '' : 's'}`);
    if (sdJwt.keyBinding) parts.push('key binding');
  }
  return parts.join(' · ');
}

function signatureNote(token: DecodedToken): string {
  if (token.kind === 'jwe') return 'n/a (JWE)';
  if (token.signatureBytes === 0) return 'none';
  return `${token.signatureBytes} bytes, not checked here`;
}

function indentTail(text: string): string {
  return text.replace(/\n/g, '\n' + INDENT);
}

function oneLine(text: string): string {
  return text.replace(/[\r\n]+/g, ' ');
}

/** Time claims of a decoded token, with raw values exactly as written in its JSON; undefined when it has no claims set. */
export function describeTokenTimes(token: DecodedToken, now: number = Date.now()): TimeDescription | undefined {
  if (!token.claims) return undefined;
  // An SD-JWT's claims are the processed ones (a disclosure may hold exp): read raw values from their text.
  const payloadText = token.sdJwt?.processedText ?? (token.payload?.type === 'json' ? token.payload.text : undefined);
  return describeTimes(token.claims, now, { payloadText });
}
