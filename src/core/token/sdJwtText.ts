// What the hover and the decoded view show of an SD-JWT beyond its
// issuer-signed JWT: whether the presentation is intact, each disclosure
// (salt, name, value) with the place its digest put it, the processed claims,
// and the key-binding JWT with its sd_hash. Pure text; every token-derived
// string goes through visibleText or prettyJson (the editor escapes the rest).

import { prettyJson, visibleText } from '../text/json';
import type { DecodedToken } from './decode';
import type { HoverBlock } from './hoverBlocks';
import type { KeyBindingState, SignatureState } from './insights';
import type { DecodedSdJwt, SdJwtDisclosure, SdJwtKeyBinding } from './sdJwt';
import { shownPath } from './sdJwtPlace';
import { numberList } from './sdJwtFindings';
import { describeTimes, formatDuration } from './times';

/** Disclosures listed one per line in a hover; the decoded view has them all. */
const MAX_HOVER_DISCLOSURES = 40;
const MAX_VALUE_CHARS = 120;

const STATUS_WORDS: Record<SdJwtDisclosure['status'], string> = {
  placed: 'placed',
  unreferenced: 'matches no digest',
  malformed: 'not a disclosure',
  refused: 'refused',
  repeated: 'sent twice',
  unchecked: 'not checked',
};

/** "given_name = \"John\"", "[array element] \"US\"", capped and visible. */
function disclosureWhat(d: SdJwtDisclosure): string {
  const value = d.valueText !== undefined ? visibleText(prettyJson(d.valueText, { indent: 0, maxLength: MAX_VALUE_CHARS }), MAX_VALUE_CHARS) : '';
  if (d.name !== undefined) return `${visibleText(d.name, 60)} = ${value}`;
  if (d.valueText !== undefined) return `[array element] ${value}`;
  return visibleText(d.text, 40);
}

function disclosureWhere(d: SdJwtDisclosure): string {
  if (d.status === 'placed' && d.placedAt !== undefined) return `at ${shownPath(d.placedAt)}`;
  return `${STATUS_WORDS[d.status]}${d.problem ? `: ${d.problem}` : ''}`;
}

/** "all 3 disclosures placed; 2 digests not disclosed (…)": what an intact presentation holds. */
export function placedWords(sdJwt: DecodedSdJwt): string {
  const n = sdJwt.disclosures.length;
  const withheld = sdJwt.undisclosed > 0 ? `; ${sdJwt.undisclosed} digest${sdJwt.undisclosed === 1 ? '' : 's'} not disclosed (withheld claims or decoys)` : '';
  return `${n === 0 ? 'no disclosures' : `${n === 1 ? 'the one disclosure' : `all ${n} disclosures`} placed`}${withheld}`;
}

/** Why an intact presentation is not vouched for: its issuer signature as far as it is known. */
function unvouchedWhy(signature: SignatureState | undefined): string {
  switch (signature?.status) {
    case 'invalid':
      return 'the issuer signature is invalid';
    case 'unsigned':
      return 'the issuer-signed JWT is unsigned (alg: none)';
    case 'pending':
      return 'the issuer signature is not checked yet';
    default:
      return 'the issuer signature is not checked';
  }
}

/**
 * One line for the presentation: a pass only when its disclosures match the
 * digests of an issuer-signed JWT whose signature a ring key verified
 * (`verified`, or `not-intact` when only the key binding fails, which its own
 * line says); anyone can build disclosures that match digests they wrote.
 */
export function presentationLine(sdJwt: DecodedSdJwt, signature: SignatureState | undefined): HoverBlock {
  if (sdJwt.intact) {
    const status = signature?.status;
    if (status === 'verified' || status === 'not-intact') return { kind: 'line', icon: 'pass', text: `Presentation intact: ${placedWords(sdJwt)}` };
    return { kind: 'line', icon: 'info', text: `Disclosures match the digests (${placedWords(sdJwt)}), but ${unvouchedWhy(signature)}: nothing in them is vouched for yet` };
  }
  const more = sdJwt.problems.length > 2 ? `; and ${sdJwt.problems.length - 2} more` : '';
  return { kind: 'line', icon: 'error', text: `Presentation not intact: ${sdJwt.problems.slice(0, 2).join('; ')}${more}` };
}

/** RFC 9901 §7.3 asks that a key-binding JWT be recent; older than this (past the clock tolerance) may be a replay. */
export const MAX_KEY_BINDING_AGE_SECONDS = 5 * 60;

/** A note on a key-binding JWT's iat: made more than MAX_KEY_BINDING_AGE_SECONDS ago, or dated in the future; undefined when recent or not a number. */
export function keyBindingAgeNote(kb: SdJwtKeyBinding, now: number, toleranceSeconds = 0): string | undefined {
  const claims = kb.token?.claims;
  const iat = claims && Object.hasOwn(claims, 'iat') ? claims.iat : undefined;
  if (typeof iat !== 'number' || !Number.isFinite(iat)) return undefined;
  const tolerance = Number.isFinite(toleranceSeconds) && toleranceSeconds > 0 ? toleranceSeconds : 0;
  const age = now / 1000 - iat;
  if (age > MAX_KEY_BINDING_AGE_SECONDS + tolerance) return `key binding made ${formatDuration(age)} ago: may be a replay`;
  if (age < -tolerance) return `key binding dated ${formatDuration(age)} in the future`;
  return undefined;
}

/** A line when the issuer-signed claims name a holder key (cnf) but no key-binding JWT is presented. */
export function unboundLine(token: DecodedToken, sdJwt: DecodedSdJwt): HoverBlock | undefined {
  if (sdJwt.keyBinding || !token.claims || !Object.hasOwn(token.claims, 'cnf')) return undefined;
  return { kind: 'line', icon: 'info', text: UNBOUND };
}

export const UNBOUND = 'Not bound to its holder: the credential names a holder key (cnf) but no key-binding JWT is presented, so anyone holding this text can present it again';

/** The key-binding line: the verifier's verdict when there is one, else what decoding alone can say. */
export function keyBindingLine(kb: SdJwtKeyBinding, verdict: KeyBindingState | undefined): HoverBlock {
  if (verdict) {
    const icon = verdict.status === 'verified' ? (verdict.note !== undefined ? 'warning' : 'pass') : verdict.status === 'invalid' ? 'error' : 'info';
    return { kind: 'line', icon, text: `Key binding: ${verdict.detail}` };
  }
  if (kb.error !== undefined) return { kind: 'line', icon: 'error', text: 'Key binding: the key-binding JWT does not decode' };
  switch (kb.sdHash) {
    case 'matches':
      return { kind: 'line', icon: 'info', text: 'Key binding not checked: the holder signature is not verified here (its sd_hash does match this presentation)' };
    case 'differs':
      return { kind: 'line', icon: 'error', text: 'Key binding: sd_hash does not match this presentation' };
    case 'missing':
      return { kind: 'line', icon: 'error', text: 'Key binding: the key-binding JWT has no sd_hash' };
    default:
      return { kind: 'line', icon: 'info', text: 'Key binding: sd_hash not checked (the hash is not one computed here)' };
  }
}

function kbClaimLines(kb: SdJwtKeyBinding, now: number): string[] {
  const claims = kb.token?.claims;
  if (!claims) return [];
  const lines: string[] = [];
  for (const name of ['nonce', 'aud'] as const) {
    if (Object.hasOwn(claims, name)) lines.push(`${name}: ${visibleText(JSON.stringify(claims[name]), 120)}`);
  }
  const payloadText = kb.token?.payload?.type === 'json' ? kb.token.payload.text : undefined;
  const iat = describeTimes(claims, now, payloadText !== undefined ? { payloadText } : {}).iat;
  if (iat) lines.push(`iat: ${iat.iso ?? iat.raw} · ${iat.words}`);
  return lines;
}

/** The hover's SD-JWT sections, after the header: disclosures, processed claims, key binding, the payload as signed. */
export function sdJwtHoverSections(token: DecodedToken, sdJwt: DecodedSdJwt, maxJson: number, now: number = Date.now()): HoverBlock[] {
  const blocks: HoverBlock[] = [];
  const n = sdJwt.disclosures.length;
  blocks.push({ kind: 'heading', text: `Disclosures (${n})` });
  if (n === 0) blocks.push({ kind: 'line', text: 'None: every claim shown is in the issuer-signed payload.' });
  for (const d of sdJwt.disclosures.slice(0, MAX_HOVER_DISCLOSURES)) {
    const salt = d.salt !== undefined ? ` · salt ${visibleText(d.salt, 32)}` : '';
    blocks.push({ kind: 'line', icon: d.status === 'placed' ? 'pass' : d.status === 'unchecked' ? 'info' : 'error', text: `${d.index}. ${disclosureWhat(d)} · ${disclosureWhere(d)}${salt}` });
  }
  if (n > MAX_HOVER_DISCLOSURES) blocks.push({ kind: 'line', text: `… and ${n - MAX_HOVER_DISCLOSURES} more: "Open decoded" lists them all.` });
  if (sdJwt.processedText !== undefined) {
    blocks.push({ kind: 'heading', text: 'Processed claims (disclosures placed)' });
    blocks.push({ kind: 'code', language: 'json', text: prettyJson(sdJwt.processedText, { indent: 2, maxLength: maxJson }) });
  }
  const kb = sdJwt.keyBinding;
  if (kb) {
    blocks.push({ kind: 'heading', text: 'Key-binding JWT' });
    if (kb.token) {
      const alg = kb.token.alg !== undefined ? visibleText(kb.token.alg, 40) : 'no alg';
      const typ = kb.token.typ !== undefined ? visibleText(kb.token.typ, 40) : 'no typ';
      blocks.push({ kind: 'line', text: `${typ} · ${alg}` });
      for (const line of kbClaimLines(kb, now)) blocks.push({ kind: 'line', text: line });
      const age = keyBindingAgeNote(kb, now);
      if (age !== undefined) blocks.push({ kind: 'line', icon: 'warning', text: `${age.charAt(0).toUpperCase()}${age.slice(1)}` });
      blocks.push({ kind: 'line', text: `sd_hash: ${kb.sdHash === 'matches' ? 'matches this presentation' : kb.sdHash === 'differs' ? 'does not match this presentation' : kb.sdHash === 'missing' ? 'missing' : 'not checked'}` });
      if (kb.token.payload?.type === 'json') blocks.push({ kind: 'code', language: 'json', text: prettyJson(kb.token.payload.text, { indent: 2, maxLength: maxJson }) });
    } else {
      blocks.push({ kind: 'line', icon: 'error', text: `Does not decode: ${kb.error ?? ''}` });
    }
  }
  if (token.payload?.type === 'json') {
    blocks.push({ kind: 'heading', text: 'Issuer-signed payload (as signed, with digests)' });
    blocks.push({ kind: 'code', language: 'json', text: prettyJson(token.payload.text, { indent: 2, maxLength: maxJson }) });
  }
  return blocks;
}

/** Comment lines for the decoded view, under the summary. */
export function sdJwtComments(sdJwt: DecodedSdJwt, unbound = false): string[] {
  // The decoded view checks no signature.
  const lines = [lineText(presentationLine(sdJwt, undefined))];
  if (sdJwt.keyBinding) lines.push(lineText(keyBindingLine(sdJwt.keyBinding, undefined)));
  else if (unbound) lines.push(UNBOUND);
  const unplaced = sdJwt.disclosures.filter((d) => d.status !== 'placed').map((d) => d.index);
  if (unplaced.length > 0) lines.push(`Not placed: disclosure${unplaced.length === 1 ? '' : 's'} ${numberList(unplaced)}`);
  return lines.map((l) => `// ${l.replace(/[\r\n]+/g, ' ')}`);
}

function lineText(block: HoverBlock): string {
  return block.kind === 'code' ? '' : block.text;
}

/** One disclosure as a JSONC object, built from its own text (values as written) with a comment above. */
function disclosureMember(d: SdJwtDisclosure, indent: string): string {
  const comment = `// ${d.index}: ${disclosureWhere(d)}`.replace(/[\r\n]+/g, ' ');
  const members: string[] = [];
  if (d.salt !== undefined) members.push(`"salt":${JSON.stringify(d.salt)}`);
  if (d.name !== undefined) members.push(`"name":${JSON.stringify(d.name)}`);
  if (d.valueText !== undefined) members.push(`"value":${d.valueText}`);
  if (d.valueText === undefined) members.push(`"text":${JSON.stringify(visibleText(d.text, 200))}`);
  if (d.digest !== undefined) members.push(`"digest":${JSON.stringify(d.digest)}`);
  const body = prettyJson(`{${members.join(',')}}`, { indent: 2 }).replace(/\n/g, `\n${indent}`);
  return `${comment}\n${indent}${body}`;
}

/** The decoded view's SD-JWT members ("disclosures", "processedPayload", "keyBinding"), each `"name": value` with `indent` after line breaks. */
export function sdJwtJsoncMembers(sdJwt: DecodedSdJwt, indent: string): string[] {
  const inner = indent + indent;
  const list = sdJwt.disclosures.map((d, k) => inner + disclosureMember(d, inner) + (k < sdJwt.disclosures.length - 1 ? ',' : ''));
  const members = [list.length === 0 ? '"disclosures": []' : `"disclosures": [\n${list.join('\n')}\n${indent}]`];
  if (sdJwt.processedText !== undefined) members.push(`"processedPayload": ${prettyJson(sdJwt.processedText, { indent: 2 }).replace(/\n/g, `\n${indent}`)}`);
  const kb = sdJwt.keyBinding;
  if (kb?.token) {
    const payload = kb.token.payload?.type === 'json' ? kb.token.payload.text : 'null';
    const body = prettyJson(`{"header":${kb.token.headerText},"payload":${payload},"sdHash":${JSON.stringify(kb.sdHash)}}`, { indent: 2 });
    members.push(`"keyBinding": ${body.replace(/\n/g, `\n${indent}`)}`);
  } else if (kb) {
    members.push(`"keyBinding": ${JSON.stringify(`does not decode: ${visibleText(kb.error ?? '', 200)}`)}`);
  }
  return members;
}
