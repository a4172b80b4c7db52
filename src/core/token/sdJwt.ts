// SD-JWT (RFC 9901) for display, with no key: `<issuer-signed JWT>~<disclosure>~…~[<KB-JWT>]`.
// The issuer-signed JWT is decoded as any token (decode.ts); each disclosure
// with the same care (strict base64url, fatal UTF-8, bounded and inspected
// JSON); digests are computed with `_sd_alg` (sha-256 by default; sha-384 and
// sha-512) over the disclosure's characters as they appear; disclosures are
// placed where their digests are (sdJwtPlace.ts); a key-binding JWT is decoded
// and its `sd_hash` checked. Every §7.1 rule that needs no key is reported,
// never thrown. Signatures are checked in jose/sdJwtVerify.ts.

import type { Finding, Json, JsonObject } from '../base/types';
import { isSha2Name, sha2 } from '../base/sha2';
import { fail } from '../base/result';
import { decodeBase64Url, encodeBase64Url, inspectBase64Url } from '../text/base64url';
import { inspectJson, visibleText } from '../text/json';
import { rawJsonTree, rawString, writeRawJson } from '../text/jsonTree';
import { withThousands } from '../text/numberText';
import type { DecodedToken, DecodeResult } from './decode';
import { segmentError } from './decodeErrors';
import { decodeUtf8 } from './decodePayload';
import { jsonFindings, MAX_JSON_DEPTH, sortFindings } from './findings';
import { MAX_SD_JWT_DISCLOSURES } from '../base/limits';
import { placeDisclosures, shownPath } from './sdJwtPlace';
import type { DisclosureParts } from './sdJwtPlace';
import { sdJwtFindings } from './sdJwtFindings';

export interface SdJwtDisclosure {
  /** 1-based position among the presentation's disclosures. */
  index: number;
  /** The disclosure as it appears in the presentation: the digest is over these characters. */
  text: string;
  /** Its base64url digest under the SD-JWT's hash; absent when that hash is not one computed here. */
  digest?: string;
  /** The decoded JSON array, as written; absent when it does not decode. */
  json?: string;
  salt?: string;
  /** The claim name, for an object property; absent for an array element. */
  name?: string;
  /** The disclosed value's JSON text, as written. */
  valueText?: string;
  /** JSON Pointer of its place in the processed claims ("" is the top level). */
  placedAt?: string;
  /** placed; unreferenced: no digest refers to it; malformed; refused: its digest is found but RFC 9901 rejects it there; repeated: sent twice; unchecked: digests could not be computed or the claims not processed. */
  status: 'placed' | 'unreferenced' | 'malformed' | 'refused' | 'repeated' | 'unchecked';
  /** Why it is not placed (plain words; names made visible). */
  problem?: string;
}

export interface SdJwtKeyBinding {
  text: string;
  /** The decoded key-binding JWT; absent when it does not decode (`error` says why). */
  token?: DecodedToken;
  error?: string;
  /** `unchecked` when the hash is not one computed here. */
  sdHash: 'matches' | 'differs' | 'missing' | 'unchecked';
  /** Shape problems (typ, alg, required claims), in fixed words. */
  problems: string[];
}

export interface DecodedSdJwt {
  /** The issuer-signed JWT: what its signature covers. */
  issuerJwt: string;
  /** The presentation up to and including the '~' before the key-binding JWT: what `sd_hash` covers. */
  hashedText: string;
  /** `_sd_alg`, or sha-256 when there is none. */
  sdAlg: string;
  hashSupported: boolean;
  disclosures: SdJwtDisclosure[];
  /** Digests no disclosure matched: claims not disclosed here, or decoys. */
  undisclosed: number;
  /** The processed claims (RFC 9901 §7.1) as compact JSON, values as written; absent when the payload cannot be processed. */
  processedText?: string;
  keyBinding?: SdJwtKeyBinding;
  /** Every check that needs no key holds: each disclosure placed once, nothing refused, the parts well formed, sd_hash matching. */
  intact: boolean;
  /** Why not, one short line each, in fixed words and numbers (no token text). */
  problems: string[];
}

/** What an unplaced disclosure is, in the verdict's words (no token text: verdicts may reach plain notifications). */
const VERDICT_WORDS: Record<SdJwtDisclosure['status'], string> = {
  placed: 'is placed',
  unreferenced: 'matches no digest',
  malformed: 'is not a disclosure',
  refused: 'is refused where its digest is',
  repeated: 'is sent twice',
  unchecked: 'is not checked',
};

/** Decodes one compact JWT (the issuer-signed one, the key-binding one); `offset` is where it starts in the input. */
export type CompactDecoder = (text: string, offset: number) => DecodeResult;

const PROTO_NAMES = new Set(['__proto__', 'constructor', 'prototype']);

const ascii = (text: string): Uint8Array => {
  const bytes = new Uint8Array(text.length);
  for (let i = 0; i < text.length; i++) bytes[i] = text.charCodeAt(i) & 0xff;
  return bytes;
};

/** Decodes an SD-JWT presentation `text`, which starts at `offset` of the input. Never throws (the caller catches). */
export function decodeSdJwt(text: string, offset: number, decodeCompact: CompactDecoder): DecodeResult {
  let tildes = 0;
  for (let t = text.indexOf('~'); t >= 0; t = text.indexOf('~', t + 1)) {
    if (++tildes > MAX_SD_JWT_DISCLOSURES + 1) {
      return fail('TOO_LARGE', `This SD-JWT has more than ${withThousands(MAX_SD_JWT_DISCLOSURES)} disclosures; it is not decoded. Real presentations carry a few dozen at most.`);
    }
  }
  const parts = text.split('~');
  const issuerJwt = parts[0] as string;
  // Like whitespace inside a compact token, a character no part can hold is an error with its offset, never skipped.
  const bad = /[^A-Za-z0-9_=.~-]/.exec(text);
  if (bad && bad.index > issuerJwt.length) return partCharacterError(text, bad.index, offset, parts.length);
  const dots = issuerJwt.split('.').length;
  if (dots !== 3) {
    return fail('BAD_SEGMENT_COUNT', `An SD-JWT starts with a signed JWT (header.payload.signature) before its first '~'; this one has ${dots} part${dots === 1 ? '' : 's'} there. Check that the whole presentation was copied.`);
  }
  const issuer = decodeCompact(issuerJwt, offset);
  if (!issuer.ok) return { ok: false, error: { ...issuer.error, message: `In the issuer-signed JWT of this SD-JWT: ${issuer.error.message}` } };
  const token = issuer.token;
  const findings: Finding[] = [...token.findings];
  const problems: string[] = [];
  /** Findings about the presentation as a whole (format, hash, placement); disclosures and key binding get theirs from sdJwtFindings. */
  const notes: Finding[] = [];
  const note = (code: Finding['code'], problem: string, message: string): void => {
    problems.push(problem);
    notes.push({ code, severity: 'error', where: 'token', message });
  };
  const issuerClaims = token.claims;

  const sdAlgValue = issuerClaims && Object.hasOwn(issuerClaims, '_sd_alg') ? issuerClaims._sd_alg : 'sha-256';
  const sdAlg = typeof sdAlgValue === 'string' ? sdAlgValue : '';
  const hashSupported = isSha2Name(sdAlg);
  const digestOf = (value: string): string | undefined => (isSha2Name(sdAlg) ? encodeBase64Url(sha2(sdAlg, ascii(value))) : undefined);
  if (!hashSupported) {
    const named = typeof sdAlgValue === 'string' ? `"_sd_alg" ${JSON.stringify(visibleText(sdAlg, 40))} is not a hash computed here` : '"_sd_alg" is not a string';
    note('SD_ALG_UNSUPPORTED', 'its "_sd_alg" is not a hash computed here', `The ${named} (sha-256, sha-384 and sha-512 are), so no digest is checked and no disclosure is placed.`);
  }
  if (token.kind === 'unsecured') {
    note('SD_JWT_FORMAT', 'the issuer-signed JWT is unsigned (alg none)', 'The issuer-signed JWT is unsigned (alg none). RFC 9901 §4.1 requires it to be signed, and a verifier never accepts it.');
  }

  // The parts after the issuer-signed JWT: disclosures, then nothing or a key-binding JWT.
  const last = parts[parts.length - 1] as string;
  const kbText = last.includes('.') ? last : undefined;
  const disclosureTexts = parts.slice(1, kbText === undefined ? parts.length : parts.length - 1);
  if (kbText === undefined && last !== '') {
    note('SD_JWT_FORMAT', "it does not end with '~' or a key-binding JWT", "The SD-JWT does not end with '~' or with a key-binding JWT: its end was cut off, or text was appended after it. Its last part is read as a disclosure here; a verifier rejects the presentation.");
  } else if (kbText === undefined) disclosureTexts.pop();

  const disclosures: SdJwtDisclosure[] = [];
  const placeable: DisclosureParts[] = [];
  const placeableIndex: number[] = [];
  const firstByText = new Map<string, number>();
  const jsonNotes: Finding[] = [];
  disclosureTexts.forEach((dText, k) => {
    const record: SdJwtDisclosure = { index: k + 1, text: dText, status: 'unchecked' };
    disclosures.push(record);
    const digest = digestOf(dText);
    if (digest !== undefined) record.digest = digest;
    const pieces = readDisclosure(record, jsonNotes);
    if (!pieces) return;
    const earlier = firstByText.get(dText);
    if (earlier !== undefined) {
      record.status = 'repeated';
      record.problem = `it is sent twice (the same text as disclosure ${earlier})`;
      return;
    }
    firstByText.set(dText, record.index);
    if (record.digest === undefined) return;
    placeable.push({ ...pieces, digest: record.digest });
    placeableIndex.push(k);
  });
  if (disclosureTexts.some((d) => d === '')) note('SD_JWT_FORMAT', "it has an empty part between two '~'", "The SD-JWT has an empty part between two '~' (\"~~\"): every part between them must be a disclosure. A verifier rejects it.");

  // Placement over the issuer-signed payload's own text.
  let processedText: string | undefined;
  let undisclosed = 0;
  const tree = token.payload?.type === 'json' && issuerClaims ? rawJsonTree(token.payload.text, MAX_JSON_DEPTH) : undefined;
  if (tree?.type === 'object' && hashSupported) {
    const placement = placeDisclosures(tree, placeable);
    processedText = writeRawJson(placement.processed);

    undisclosed = placement.undisclosed;
    for (const p of placement.problems) note(p.code, p.short, p.message);
    placement.outcomes.forEach((outcome, p) => {
      const record = disclosures[placeableIndex[p] as number] as SdJwtDisclosure;
      if (outcome?.placedAt !== undefined) {
        record.status = 'placed';
        record.placedAt = outcome.placedAt;
      } else if (outcome?.refused) {
        record.status = 'refused';
        record.problem = outcome.refused;
      } else {
        record.status = 'unreferenced';
        record.problem = 'no digest in the issuer-signed JWT or in a placed disclosure matches it';
      }
    });
  } else if (hashSupported) {
    const why = token.payload?.type === 'omitted' ? 'is too large to process here' : `is not a JSON object nested at most ${MAX_JSON_DEPTH} levels deep`;
    note('SD_JWT_FORMAT', `its issuer-signed payload ${why}`, `The issuer-signed payload ${why}, so no disclosure is placed.`);
  }
  for (const record of disclosures) {
    if (record.status !== 'placed' && record.status !== 'unchecked') problems.push(`disclosure ${record.index} ${VERDICT_WORDS[record.status]}`);
    // A disclosed claim name becomes a member name only in the processed claims (the disclosure's own JSON has it as a string).
    if (record.status === 'placed' && record.name !== undefined && PROTO_NAMES.has(record.name)) {
      findings.push({
        code: 'PROTO_KEY',
        severity: 'warning',
        where: 'disclosure',
        message: `Disclosure ${record.index} adds a claim named "${record.name}" (at ${shownPath(record.placedAt ?? '')}). It is kept as plain data here, but code that merges claims into objects (Object.assign, deep merge) can change object prototypes with it.`,
      });
    }
  }

  const sdJwt: DecodedSdJwt = {
    issuerJwt,
    hashedText: kbText === undefined ? text : text.slice(0, text.length - kbText.length),
    sdAlg: typeof sdAlgValue === 'string' ? sdAlgValue : '',
    hashSupported,
    disclosures,
    undisclosed,
    intact: false,
    problems,
  };
  if (processedText !== undefined) sdJwt.processedText = processedText;
  if (kbText !== undefined) {
    sdJwt.keyBinding = readKeyBinding(kbText, offset + text.length - kbText.length, decodeCompact, digestOf(sdJwt.hashedText));
    const kb = sdJwt.keyBinding;
    if (kb.error !== undefined) problems.push('its key-binding JWT does not decode');
    if (kb.sdHash === 'differs') problems.push("its key-binding JWT's sd_hash does not match it");
    problems.push(...kb.problems.map((p) => `its key-binding JWT ${p}`));
  }
  sdJwt.intact = problems.length === 0;

  findings.push(...sdJwtFindings(sdJwt, notes, jsonNotes));
  const decoded: DecodedToken = { ...token, token: text, findings: sortFindings(findings), sdJwt };
  const processed = parseObject(processedText);
  if (processed) decoded.claims = processed;
  return { ok: true, token: decoded };
}

/** The error for a character at `at` (after the issuer-signed JWT) that no disclosure or key-binding JWT can hold. */
function partCharacterError(text: string, at: number, offset: number, partCount: number): DecodeResult {
  const partStart = text.lastIndexOf('~', at) + 1;
  const partIndex = text.slice(0, partStart).split('~').length - 1;
  const segmentStart = Math.max(partStart, text.lastIndexOf('.', at) + 1);
  const segmentEnd = [text.indexOf('.', at), text.indexOf('~', at), text.length].filter((i) => i >= 0).reduce((a, b) => Math.min(a, b));
  const isKeyBinding = partIndex === partCount - 1 && text.slice(partStart).includes('.');
  const label = isKeyBinding ? 'key-binding JWT' : `disclosure ${partIndex}`;
  const shape = { valid: false, badOffset: at - segmentStart, byteLength: 0, padded: false, nonZeroTrailingBits: false };
  return segmentError(shape, text.slice(segmentStart, segmentEnd), `${label} of this SD-JWT`, offset + segmentStart);
}

function parseObject(text: string | undefined): JsonObject | undefined {
  if (text === undefined) return undefined;
  try {
    const value = JSON.parse(text) as Json;
    return value !== null && typeof value === 'object' && !Array.isArray(value) ? value : undefined;
  } catch {
    return undefined;
  }
}

/** Decodes one disclosure into `record`; its parts for placement, or undefined (the record says why). */
function readDisclosure(record: SdJwtDisclosure, notes: Finding[]): Omit<DisclosureParts, 'digest'> | undefined {
  const malformed = (why: string): undefined => {
    record.status = 'malformed';
    record.problem = why;
    return undefined;
  };
  if (record.text === '') return malformed('is empty');
  if (record.text.includes('.')) return malformed('has dots: a disclosure is plain base64url, not a JWT');
  const shape = inspectBase64Url(record.text);
  if (!shape.valid) return malformed(shape.badLength ? 'is not base64url (its length is impossible)' : `is not base64url (a character that cannot be in it at position ${(shape.badOffset ?? 0) + 1})`);
  // Strict, as its digest is over the text sent: one disclosure, one text.
  if (shape.padded || shape.nonZeroTrailingBits) return malformed(`is not strict base64url (it has ${shape.padded ? "'=' padding" : 'non-zero unused bits in its last character'})`);
  const decoded = decodeBase64Url(record.text);
  const json = decoded.ok ? decodeUtf8(decoded.bytes) : undefined;
  if (json === undefined) return malformed('does not decode to UTF-8 text');
  const inspection = inspectJson(json, { maxReports: 20 });
  if (!inspection.valid) return malformed('is not JSON');
  record.json = json;
  if (inspection.maxDepth > MAX_JSON_DEPTH) return malformed(`is JSON nested ${withThousands(inspection.maxDepth)} levels deep`);
  const tree = rawJsonTree(json, MAX_JSON_DEPTH + 1);
  if (tree?.type !== 'array' || (tree.items.length !== 2 && tree.items.length !== 3)) return malformed('is not a JSON array of [salt, name, value] or [salt, value]');
  const label = `disclosure ${record.index}`;
  jsonFindings('disclosure', inspection, JSON.parse(json) as Json, notes, label);
  const salt = rawString(tree.items[0]);
  if (salt === undefined) return malformed('has a salt that is not a string');
  record.salt = salt;
  const value = tree.items[tree.items.length - 1] as NonNullable<(typeof tree.items)[number]>;
  record.valueText = writeRawJson(value);
  if (tree.items.length === 2) return { kind: 'element', value };
  const nameNode = tree.items[1];
  const name = rawString(nameNode);
  if (name === undefined || nameNode?.type !== 'string') return malformed('has a claim name that is not a string');
  record.name = name;
  return { kind: 'property', name, rawName: nameNode.raw, value };
}

const KB_REQUIRED: ReadonlyArray<[string, 'number' | 'string']> = [
  ['iat', 'number'],
  ['aud', 'string'],
  ['nonce', 'string'],
  ['sd_hash', 'string'],
];

/** The typ value without an `application/` prefix, lower-cased (RFC 7515 §4.1.9). */
export function typName(typ: string | undefined): string | undefined {
  if (typ === undefined) return undefined;
  const lower = typ.toLowerCase();
  return lower.startsWith('application/') ? lower.slice('application/'.length) : lower;
}

function readKeyBinding(text: string, offset: number, decodeCompact: CompactDecoder, expected: string | undefined): SdJwtKeyBinding {
  const result = text.split('.').length === 3 ? decodeCompact(text, offset) : undefined;
  if (!result?.ok) {
    const why = result ? result.error.message : `it has ${text.split('.').length} dot-separated parts, not 3`;
    return { text, error: why, sdHash: 'missing', problems: [] };
  }
  const kb = result.token;
  const problems: string[] = [];
  if (typName(kb.typ) !== 'kb+jwt') problems.push(kb.typ === undefined ? 'has no typ (it must be "kb+jwt")' : 'has a typ other than "kb+jwt"');
  if (kb.kind === 'unsecured') problems.push('is unsigned (alg none)');
  const claims: JsonObject = kb.claims ?? {};
  for (const [name, type] of KB_REQUIRED) {
    const value = Object.hasOwn(claims, name) ? claims[name] : undefined;
    if (typeof value !== type) problems.push(value === undefined ? `has no "${name}" claim` : `has a "${name}" claim that is not a ${type}`);
  }
  const given = Object.hasOwn(claims, 'sd_hash') ? claims.sd_hash : undefined;
  const sdHash = typeof given !== 'string' ? 'missing' : expected === undefined ? 'unchecked' : given === expected ? 'matches' : 'differs';
  return { text, token: kb, sdHash, problems };
}

/** "SD-JWT", or "SD-JWT VC" for the typ values of SD-JWT VC (dc+sd-jwt, and vc+sd-jwt before it). */
export function sdJwtKindName(typ: string | undefined): string {
  const name = typName(typ);
  if (name === 'dc+sd-jwt') return 'SD-JWT VC';
  if (name === 'vc+sd-jwt') return 'SD-JWT VC (older typ vc+sd-jwt)';
  return 'SD-JWT';
}
