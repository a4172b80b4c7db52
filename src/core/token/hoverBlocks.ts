// The hover's content for a token found in a file, as plain blocks (title,
// lines, headings, code). Pure, so the same text is unit-tested on Node and
// measured by the benchmark; the editor layer only turns blocks into markdown
// with appendText/appendCodeblock.

import type { Jwk } from '../base/types';
import { prettyJson, visibleText } from '../text/json';
import type { DecodedToken } from './decode';
import { summaryLine } from './decodedText';
import { fetchedWords, issuerUrlWords } from './insights';
import type { IssuerKeysSource, KeyBindingState, SignatureState } from './insights';
import { keyBindingLine, presentationLine, sdJwtHoverSections, unboundLine } from './sdJwtText';
import type { TimeDescription } from './times';
import { x5cBlocks } from './x5cText';

/**
 * The hover as plain blocks. `text` is token-derived or static prose (the
 * editor escapes it); `code` goes into a fenced block; `heading` is static.
 */
export type HoverBlock =
  | { kind: 'title'; text: string }
  | { kind: 'line'; text: string; icon?: 'warning' | 'info' | 'pass' | 'error' }
  | { kind: 'heading'; text: string }
  | { kind: 'code'; text: string; language: 'json' | 'text' };

export interface HoverExtras {
  signature?: SignatureState;
  /** The JWE plaintext when a ring key opened it. */
  decrypted?: { plaintext: string; key: string; authenticated: boolean; note: string };
  /** An SD-JWT's key-binding JWT as the verifier judged it. */
  keyBinding?: KeyBindingState;
  /**
   * The token's iss, an issuer nobody trusted: the hover says its keys are fetched only once it is trusted.
   * Set it only when `trustableIssuer(iss)` (src/core/issuers/issuerUrl.ts) holds: another iss could never be trusted.
   */
  issuerOffer?: string;
  /** A sentence about a trusted issuer's keys ("Keys of https://… not fetched yet: …", "The last fetch of its keys failed: …"). */
  issuerNote?: string;
  /** The public JWK (from the ring or a trusted issuer) that verified the signature: an x5c leaf holding it is said to. */
  verifyingKey?: Jwk;
}

export const MAX_HOVER_JSON_CHARS = 6000;

/** "This runtime …" → "this runtime …" after a colon; names that start with capitals ("ML-DSA-65") stay. */
function continued(sentence: string): string {
  return /^[A-Z][a-z]/.test(sentence) ? sentence.charAt(0).toLowerCase() + sentence.slice(1) : sentence;
}

/** Claims problems shown under an issuer verdict; the verifier makes few, but they are still bounded. */
const MAX_CLAIM_PROBLEMS = 5;

/** "Signature verified by issuer https://… (kid …, keys fetched 12 min ago)", with the claims checks its settings failed below it. */
function verifiedBlocks(state: Extract<SignatureState, { status: 'verified' | 'not-intact' }>, subject: string, now: number): HoverBlock[] {
  const issuer = state.issuer;
  if (!issuer) return [{ kind: 'line', icon: 'pass', text: `${subject} verified by key ${visibleText(state.key, 80)}` }];
  const problems = (Array.isArray(issuer.claimProblems) ? issuer.claimProblems : []).filter((p): p is string => typeof p === 'string').slice(0, MAX_CLAIM_PROBLEMS);
  const text = `${subject} verified by issuer ${issuerUrlWords(issuer.url)} (${visibleText(state.key, 80)}, ${fetchedWords(issuer.fetchedAt, now)})`;
  // A token the issuer signed for someone else (aud not among the configured audiences) is not a pass.
  return [{ kind: 'line', icon: problems.length > 0 ? 'warning' : 'pass', text }, ...problems.map((p): HoverBlock => ({ kind: 'line', icon: 'error', text: visibleText(p, 300) }))];
}

/** "no key of issuer https://… matches (kid 'x', keys fetched 2 h ago)": the issuer was asked, not the ring. */
function noIssuerKeyLine(issuer: IssuerKeysSource, subject: string, kid: string | undefined, now: number): HoverBlock {
  const which = kid === undefined ? 'the token has no kid' : `kid '${visibleText(kid, 40)}'`;
  return { kind: 'line', icon: 'info', text: `${subject} not checked: no key of issuer ${issuerUrlWords(issuer.url)} matches (${which}, ${fetchedWords(issuer.fetchedAt, now)})` };
}

/**
 * `subject` is "Signature", or "Issuer signature" for an SD-JWT; `algSaid`: a header finding already says why
 * the algorithm is not checked, so the line does not repeat it; `kid`: the token's, named when no issuer key matches it.
 */
function signatureBlocks(state: SignatureState | undefined, subject: string, algSaid: boolean, kid: string | undefined, now: number): HoverBlock[] {
  switch (state?.status) {
    case 'verified':
    case 'not-intact':
      // not-intact: the issuer signature holds; the presentation and key-binding lines below say what does not.
      return verifiedBlocks(state, subject, now);
    case 'invalid':
      return [{ kind: 'line', icon: 'error', text: `${subject} invalid${state.detail ? `: ${visibleText(state.detail, 400)}` : ''}` }];
    case 'no-matching-key':
      if (state.issuer) return [noIssuerKeyLine(state.issuer, subject, kid, now)];
      return [{ kind: 'line', icon: 'info', text: `${subject} not checked: no matching key in the key ring` }];
    case 'no-keys':
      return [{ kind: 'line', icon: 'info', text: `${subject} not checked: the key ring has no verification keys` }];
    case 'unsigned':
      return [{ kind: 'line', icon: 'warning', text: 'Unsigned: there is no signature to check' }];
    case 'unsupported':
      return [{ kind: 'line', icon: 'info', text: `${subject} not checked${state.detail && !algSaid ? `: ${continued(state.detail)}` : ''}` }];
    case 'pending':
      return [{ kind: 'line', icon: 'info', text: `${subject}: checking…` }];
    default:
      return [];
  }
}

/** What the adapter knows about issuers for this token: one it could trust, or why a trusted one's keys are missing. */
function issuerBlocks(extras: HoverExtras): HoverBlock[] {
  const out: HoverBlock[] = [];
  if (typeof extras.issuerOffer === 'string') {
    out.push({ kind: 'line', icon: 'info', text: `Issued by ${issuerUrlWords(extras.issuerOffer)}, an issuer you have not trusted: its keys are fetched only if you trust it.` });
  }
  if (typeof extras.issuerNote === 'string') out.push({ kind: 'line', icon: 'warning', text: visibleText(extras.issuerNote, 400) });
  return out;
}

/** Everything the hover shows about a decoded token, in order. `now` (milliseconds since 1970) words key fetch times and certificate validity. */
export function hoverBlocks(token: DecodedToken, times: TimeDescription | undefined, extras: HoverExtras = {}, now: number = Date.now()): HoverBlock[] {
  const blocks: HoverBlock[] = [{ kind: 'title', text: summaryLine(token) }];
  if (times) {
    for (const claim of [times.exp, times.nbf, times.iat]) {
      if (!claim) continue;
      const when = claim.iso ? ` · ${claim.iso}` : '';
      blocks.push({ kind: 'line', text: `${claim.claim}: ${claim.words}${when}` });
    }
  }
  const algSaid = token.findings.some((f) => f.code === 'ALG_UNSUPPORTED');
  const sdJwt = token.sdJwt;
  const signature = extras.signature ?? (token.kind === 'unsecured' ? { status: 'unsigned' } : undefined);
  if (token.kind !== 'jwe') blocks.push(...signatureBlocks(signature, sdJwt ? 'Issuer signature' : 'Signature', algSaid, token.kid, now), ...issuerBlocks(extras));
  if (sdJwt) {
    blocks.push(presentationLine(sdJwt, signature));
    if (sdJwt.keyBinding) blocks.push(keyBindingLine(sdJwt.keyBinding, extras.keyBinding));
    const unbound = unboundLine(token, sdJwt);
    if (unbound) blocks.push(unbound);
  }
  for (const finding of token.findings) {
    blocks.push({ kind: 'line', icon: finding.severity === 'info' ? 'info' : 'warning', text: finding.message });
  }
  blocks.push({ kind: 'heading', text: sdJwt ? 'Header (issuer-signed JWT)' : 'Header' });
  blocks.push({ kind: 'code', language: 'json', text: prettyJson(token.headerText, { indent: 2, maxLength: MAX_HOVER_JSON_CHARS }) });
  blocks.push(...x5cBlocks(token, signature, extras.verifyingKey, now));
  if (sdJwt) return [...blocks, ...sdJwtHoverSections(token, sdJwt, MAX_HOVER_JSON_CHARS)];
  const payload = token.payload;
  if (payload) {
    blocks.push({ kind: 'heading', text: 'Payload' });
    switch (payload.type) {
      case 'json':
        blocks.push({ kind: 'code', language: 'json', text: prettyJson(payload.text, { indent: 2, maxLength: MAX_HOVER_JSON_CHARS }) });
        break;
      case 'text':
      case 'unencoded':
        blocks.push({ kind: 'code', language: 'text', text: visibleText(payload.text, MAX_HOVER_JSON_CHARS) });
        break;
      case 'binary':
        blocks.push({ kind: 'code', language: 'text', text: payload.hex + (payload.truncated ? '…' : '') });
        break;
      case 'omitted':
        blocks.push({ kind: 'line', text: `${payload.byteLength} bytes: too large to show here. Run "JWT: Decode Token" to open it.` });
        break;
      case 'detached':
        blocks.push({ kind: 'line', text: 'Detached: the token carries no payload.' });
        break;
    }
  } else if (token.kind === 'jwe') {
    const d = extras.decrypted;
    if (d) {
      blocks.push({ kind: 'heading', text: `Payload (decrypted with key ${visibleText(d.key, 60)}${d.authenticated ? '' : ', not authenticated'})` });
      // The note says what the verdict rests on (a shared key, the inner signature) or why there is none.
      const note = d.note ? `${d.note.charAt(0).toUpperCase()}${d.note.slice(1)}` : '';
      if (!d.authenticated) blocks.push({ kind: 'line', icon: 'warning', text: note || 'Not authenticated: nothing proves who encrypted it.' });
      else if (note) blocks.push({ kind: 'line', icon: 'info', text: note });
      const trimmed = d.plaintext.trimStart();
      const looksJson = trimmed.startsWith('{') || trimmed.startsWith('[');
      blocks.push(
        looksJson
          ? { kind: 'code', language: 'json', text: prettyJson(d.plaintext, { indent: 2, maxLength: MAX_HOVER_JSON_CHARS }) }
          : { kind: 'code', language: 'text', text: visibleText(d.plaintext, MAX_HOVER_JSON_CHARS) },
      );
    } else {
      blocks.push({ kind: 'line', text: 'The payload is encrypted; no key in the key ring opens it.' });
    }
  }
  return blocks;
}

/** A one-paragraph hover for a token over the size limit: summarised, never decoded. */
export function oversizeBlocks(length: number, limit: number): HoverBlock[] {
  return [
    { kind: 'title', text: 'JWT Studio · token not decoded' },
    { kind: 'line', text: `This token is ${length} characters, over the ${limit}-character hover limit (jwtStudio.hover.maxTokenLength). Run "JWT: Decode Token" to open it.` },
  ];
}
