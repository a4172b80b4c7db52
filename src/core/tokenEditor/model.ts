// The Token Editor's view of a profile: everything its form shows, worked out
// from the YAML text, the presets and the key ring's public index. The webview
// only renders this and sends edits back, so the form and the YAML
// diagnostics come from one parse and can never disagree.

import { isMap, isPair, isScalar } from 'yaml';
import type { Document } from 'yaml';
import type { JweEnc, JweKeyAlg, JwsAlg } from '../base/types';
import { JWE_ENCS, JWE_KEY_ALGS } from '../base/types';
import type { JsonSchema, Preset, RegisteredClaim } from '../profiles/presets';
import { REGISTERED_CLAIMS } from '../profiles/presets';
import type { ProfileKeyInfo } from '../profiles/profile';
import { buildTokenRequest, parseProfile } from '../profiles/profile';
import { formatTtl, parseTtl } from '../profiles/ttl';
import { keyFitsPreset } from '../profiles/keyFit';
import { schemaPlaceholder } from '../profiles/placeholder';
import type { ProfileDiagnostic } from '../text/yamlRanges';
import { nodeRange } from '../text/yamlRanges';

/** How the form edits a value. */
export type FieldKind = 'string' | 'number' | 'integer' | 'boolean' | 'enum' | 'json' | 'date';

export interface FieldMessage {
  severity: ProfileDiagnostic['severity'];
  code: string;
  message: string;
}

import type { ClaimType } from './claimTypes';
export type { ClaimType } from './claimTypes';

/** A claim or embed parameter written in the profile. */
export interface FieldRow {
  name: string;
  value: unknown;
  kind: FieldKind;
  /**
   * For a claim outside the preset's schema: its type as the form's type
   * chooser shows it (from the value; `date` for the NumericDate claims).
   * Absent for schema claims, whose type is the schema's, and for null.
   */
  type?: ClaimType;
  /** Allowed values when kind is 'enum'. */
  options?: unknown[];
  required: boolean;
  /** In the preset's schema. */
  known: boolean;
  description?: string;
  /** Diagnostics whose range lies on this row. */
  messages: FieldMessage[];
}

/** A schema property not yet in the profile, offered when adding a row. */
export interface FieldSuggestion {
  name: string;
  kind: FieldKind;
  required: boolean;
  description?: string;
  /** The value a new row starts with (example, enum member or a typed empty value). */
  initial: unknown;
}

export interface KeyChoice {
  id: string;
  alg: string;
  kty: string;
  hasPrivate: boolean;
  /** Why this key cannot be used here, when it cannot. */
  unusable?: string;
}

export interface RegisteredSwitch {
  name: RegisteredClaim;
  on: boolean;
  /** False when the preset fixes it. */
  switchable: boolean;
  /** Written in the profile's `registered` mapping. */
  written: boolean;
}

/** iss and sub: claims written in `claims:` (the YAML stays the truth) that the form offers as switches beside iat / exp. */
const SWITCHED_CLAIMS = ['iss', 'sub'] as const;
export type SwitchedClaim = (typeof SWITCHED_CLAIMS)[number];

export interface ClaimSwitch {
  name: SwitchedClaim;
  /** Written in `claims:`. */
  on: boolean;
  /** False when the preset requires the claim and it is written: it cannot be switched off. */
  switchable: boolean;
  required: boolean;
  /** The claim's row while it is on: value, kind and messages. */
  row?: FieldRow;
  /** The value switching it on writes when the page has none to restore. */
  initial: unknown;
  description?: string;
}

/** Form controls that show the diagnostics about their part of the profile. */
export type FormControl = 'preset' | 'key' | 'alg' | 'ttl' | 'registered' | 'claims' | 'embed' | 'encrypt';

export interface EditorModel {
  /** False when the YAML cannot be edited through the form (syntax errors, not a mapping); `problem` says why. */
  editable: boolean;
  problem?: string;
  presets: Array<{ id: string; name: string }>;
  presetId?: string;
  preset?: {
    id: string;
    name: string;
    docs?: string;
    algAllowed: JwsAlg[];
    algDefault: JwsAlg;
    lifetimeDefault: string;
    lifetimeMax?: string;
    guidance?: string;
    kid: 'required' | 'forbidden' | 'optional';
    hasEmbedUrl: boolean;
    snippets: string[];
  };
  keyId?: string;
  keys: KeyChoice[];
  /** The algorithm tokens get (profile, else key, else preset). */
  alg?: JwsAlg;
  /** The `alg` written in the profile, if any. */
  algWritten?: string;
  /** The lifetime as written, and in seconds (written or preset default). */
  ttlWritten?: string;
  ttlSeconds?: number;
  registered: RegisteredSwitch[];
  /** iss / sub, where the preset allows them; they are then not in `claims`. */
  claimSwitches: ClaimSwitch[];
  claims: FieldRow[];
  claimSuggestions: FieldSuggestion[];
  embed: FieldRow[];
  embedSuggestions: FieldSuggestion[];
  encrypt?: { key: string; alg?: string; enc?: string };
  encryptKeys: KeyChoice[];
  jweAlgs: JweKeyAlg[];
  jweEncs: JweEnc[];
  /** Diagnostics about a control (the key, the algorithm …), shown beside it. */
  controlMessages: Partial<Record<FormControl, Array<FieldMessage & { line: number }>>>;
  /** Diagnostics not shown on a row or a control, with 1-based lines. */
  messages: Array<FieldMessage & { line: number }>;
  errors: number;
  warnings: number;
  /** Header and payload a token signed now would have (no signature), or why there is none yet. */
  preview: { ok: true; header: Record<string, unknown>; payload: Record<string, unknown> } | { ok: false; message: string };
}

export interface EditorModelContext {
  presets: Preset[];
  keys: ProfileKeyInfo[];
  /** Milliseconds since the epoch, for the preview's iat and exp. */
  now: number;
}

/** Claims whose values are NumericDate (seconds since the epoch): RFC 7519 and OpenID Connect. */
export const NUMERIC_DATE_CLAIMS: readonly string[] = ['exp', 'nbf', 'iat', 'auth_time', 'updated_at'];

/** The Token Editor's model of a profile text; never throws. */
export function editorModel(text: string, context: EditorModelContext): EditorModel {
  const parsed = parseProfile(text, { presets: context.presets, keys: context.keys });
  const { profile, preset, diagnostics } = parsed;
  const syntax = diagnostics.find((d) => d.code === 'YAML_SYNTAX' || d.code === 'YAML_LIMIT' || d.code === 'NOT_A_MAPPING' || d.code === 'TOO_LARGE' || d.code === 'INTERNAL');
  const lineOf = lineCounter(text);
  // The document parseProfile read (bounded there), not a second parse.
  const doc: Document | undefined = syntax ? undefined : parsed.document;
  const top = doc && isMap(doc.contents) ? doc.contents : undefined;
  const claimsSchema = preset?.claims;
  const embedSchema = preset?.embed?.params as JsonSchema | undefined;
  const used = new Set<ProfileDiagnostic>();
  // In start order, so each row finds its diagnostics by binary search rather than by reading them all.
  const byStart = [...diagnostics].sort((a, b) => a.start - b.start);
  const allClaims = rows(top, 'claims', profile.claims, claimsSchema, byStart, used);
  const embed = rows(top, 'embed', profile.embed, embedSchema, byStart, used);
  const claimSwitches = preset ? switches(preset, allClaims) : [];
  const switched = new Set<string>(claimSwitches.map((sw) => sw.name));
  const claims = allClaims.filter((r) => !switched.has(r.name));
  for (const r of claims) {
    if (r.known) continue;
    const type = claimType(r.name, r.value);
    if (type) r.type = type;
  }
  const controlMessages = placeOnControls(top, diagnostics, used, top !== undefined && scalarText(top, 'alg') !== undefined, lineOf);
  const messages = diagnostics.filter((d) => !used.has(d)).map((d) => ({ severity: d.severity, code: d.code, message: d.message, line: lineOf(d.start) }));

  const signingKeys: KeyChoice[] = [];
  const encryptKeys: KeyChoice[] = [];
  for (const k of context.keys) {
    const choice: KeyChoice = { id: k.id, alg: k.alg, kty: k.kty, hasPrivate: k.hasPrivate };
    if (k.use === 'enc') {
      encryptKeys.push(choice);
      continue;
    }
    const fit = preset ? keyFitsPreset(k, preset) : undefined;
    if (fit && !fit.ok) choice.unusable = fit.message;
    else if (!k.hasPrivate) choice.unusable = 'verify-only: no private key stored';
    signingKeys.push(choice);
  }

  const registered: RegisteredSwitch[] = REGISTERED_CLAIMS.map((name) => {
    const rule = preset?.registeredClaims?.[name];
    const asked = profile.registered[name];
    const fixed = rule !== undefined && !rule.switchable;
    const on = fixed ? rule.add : asked ?? rule?.add ?? (name === 'iat' || name === 'exp');
    return { name, on, switchable: !fixed, written: asked !== undefined };
  });

  const writtenTtl = top ? scalarText(top, 'ttl') : undefined;
  const writtenAlg = top ? scalarText(top, 'alg') : undefined;
  return {
    editable: !syntax,
    ...(syntax ? { problem: `${syntax.message} (line ${lineOf(syntax.start)}). Fix it in the YAML to edit with the form.` } : {}),
    presets: context.presets.map((p) => ({ id: p.id, name: p.name })),
    ...(profile.preset !== undefined ? { presetId: profile.preset } : {}),
    ...(preset ? { preset: summary(preset) } : {}),
    ...(profile.key !== undefined ? { keyId: profile.key } : {}),
    keys: signingKeys,
    ...(profile.alg ? { alg: profile.alg } : {}),
    ...(writtenAlg !== undefined ? { algWritten: writtenAlg } : {}),
    ...(writtenTtl !== undefined ? { ttlWritten: writtenTtl } : {}),
    ...(profile.ttlSeconds !== undefined ? { ttlSeconds: profile.ttlSeconds } : {}),
    registered,
    claimSwitches,
    claims,
    claimSuggestions: suggestions(claimsSchema, profile.claims).filter((sg) => !switched.has(sg.name)),
    embed,
    embedSuggestions: suggestions(embedSchema, profile.embed),
    ...(profile.encrypt ? { encrypt: { ...profile.encrypt } } : {}),
    encryptKeys,
    jweAlgs: JWE_KEY_ALGS.filter((a) => !a.startsWith('PBES2')),
    jweEncs: [...JWE_ENCS],
    controlMessages,
    messages,
    errors: diagnostics.filter((d) => d.severity === 'error').length,
    warnings: diagnostics.filter((d) => d.severity === 'warning').length,
    preview: preview(profile, preset, context),
  };
}

/** The type chooser's value for a claim outside the schema; undefined for null. */
function claimType(name: string, value: unknown): ClaimType | undefined {
  if (value === null || value === undefined) return undefined;
  if (Array.isArray(value)) return 'array';
  if (typeof value === 'object') return 'object';
  if (typeof value === 'number') return NUMERIC_DATE_CLAIMS.includes(name) ? 'date' : 'number';
  if (typeof value === 'boolean') return 'boolean';
  return 'string';
}

/** iss and sub switches: offered when the preset's claims schema describes them or lets other claims in. */
function switches(preset: Preset, rows: FieldRow[]): ClaimSwitch[] {
  const schema = preset.claims;
  const props = (schema.properties ?? {}) as Record<string, JsonSchema>;
  const required = new Set((schema.required ?? []) as string[]);
  const out: ClaimSwitch[] = [];
  for (const name of SWITCHED_CLAIMS) {
    const s = Object.hasOwn(props, name) ? props[name] : undefined;
    if (!s && schema.additionalProperties === false) continue;
    const row = rows.find((r) => r.name === name);
    const kind = kindOf(name, s, undefined);
    const sw: ClaimSwitch = { name, on: row !== undefined, switchable: !(row && required.has(name)), required: required.has(name), initial: s ? schemaPlaceholder(s, '', kind) : '' };
    if (row) sw.row = row;
    if (typeof s?.description === 'string') sw.description = s.description;
    out.push(sw);
  }
  return out;
}

const CONTROL_OF: Record<string, FormControl> = { preset: 'preset', key: 'key', alg: 'alg', ttl: 'ttl', registered: 'registered', claims: 'claims', embed: 'embed', encrypt: 'encrypt' };

/**
 * Diagnostics not on a row that lie on a top-level property the form has a
 * control for. A key whose algorithm differs from a written `alg` is reported
 * on the key; the form shows it under the algorithm, where the choice was made.
 */
function placeOnControls(
  top: unknown,
  diagnostics: readonly ProfileDiagnostic[],
  used: Set<ProfileDiagnostic>,
  algWritten: boolean,
  lineOf: (offset: number) => number,
): EditorModel['controlMessages'] {
  const out: EditorModel['controlMessages'] = {};
  const spans: Array<{ control: FormControl; start: number; end: number }> = [];
  if (isMap(top)) {
    for (const pair of top.items) {
      if (!isScalar(pair.key)) continue;
      const control = Object.hasOwn(CONTROL_OF, String(pair.key.value)) ? CONTROL_OF[String(pair.key.value)] : undefined;
      const k = nodeRange(pair.key);
      if (!control || !k) continue;
      const v = nodeRange(pair.value) ?? k;
      spans.push({ control, start: k[0], end: Math.max(k[1], v[1], k[0] + 1) });
    }
  }
  for (const d of diagnostics) {
    if (used.has(d)) continue;
    let control: FormControl | undefined = d.code === 'KEY_MISSING' ? 'key' : d.code === 'PRESET_MISSING' ? 'preset' : spans.find((sp) => d.start >= sp.start && d.start < sp.end)?.control;
    if (control === 'key' && d.code === 'KEY_ALG_MISMATCH' && algWritten) control = 'alg';
    if (!control) continue;
    used.add(d);
    (out[control] ??= []).push({ severity: d.severity, code: d.code, message: d.message, line: lineOf(d.start) });
  }
  return out;
}

function summary(p: Preset): NonNullable<EditorModel['preset']> {
  const lifetime = (v: number | string | undefined): string | undefined => {
    const s = v === undefined ? undefined : parseTtl(v);
    return s === undefined ? undefined : formatTtl(s);
  };
  const max = lifetime(p.lifetime.max);
  return {
    id: p.id,
    name: p.name,
    ...(p.docs ? { docs: p.docs } : {}),
    algAllowed: [...p.alg.allowed],
    algDefault: p.alg.default,
    lifetimeDefault: lifetime(p.lifetime.default) ?? String(p.lifetime.default),
    ...(max ? { lifetimeMax: max } : {}),
    ...(p.lifetime.guidance ? { guidance: p.lifetime.guidance } : {}),
    kid: p.header?.kid ?? 'optional',
    hasEmbedUrl: Boolean(p.embed?.url),
    snippets: Object.keys(p.embed?.snippets ?? {}),
  };
}

function preview(profile: ReturnType<typeof parseProfile>['profile'], preset: Preset | undefined, context: EditorModelContext): EditorModel['preview'] {
  if (!preset) return { ok: false, message: 'Pick a preset to see the token.' };
  if (!profile.key) return { ok: false, message: 'Pick a signing key to see the token.' };
  const request = buildTokenRequest(profile, preset, context.now, () => '(random at signing)');
  if (!request.ok) return { ok: false, message: request.error.message };
  const key = context.keys.find((k) => k.id === profile.key);
  const header: Record<string, unknown> = { alg: profile.alg ?? key?.alg ?? preset.alg.default };
  const { typ, includeKid } = request.sign;
  if (typ !== null && typ !== undefined) header.typ = typ;
  if (includeKid !== false && key?.kid) header.kid = key.kid;
  Object.assign(header, request.sign.header ?? {});
  return { ok: true, header, payload: { ...request.sign.claims } };
}

/** Rows for the members of a top-level mapping, in document order, with the diagnostics that fall on each. */
function rows(top: unknown, section: string, values: Record<string, unknown>, schema: JsonSchema | undefined, diagnostics: ProfileDiagnostic[], used: Set<ProfileDiagnostic>): FieldRow[] {
  const props = (schema?.properties ?? {}) as Record<string, JsonSchema>;
  const required = new Set((schema?.required ?? []) as string[]);
  const ranges = new Map<string, readonly [number, number]>();
  const sectionNode = isMap(top) ? top.items.find((p) => isPair(p) && isScalar(p.key) && String(p.key.value) === section) : undefined;
  if (sectionNode && isPair(sectionNode) && isMap(sectionNode.value)) {
    for (const pair of sectionNode.value.items) {
      if (!isScalar(pair.key)) continue;
      const k = nodeRange(pair.key);
      const v = nodeRange(pair.value) ?? k;
      if (k && v) ranges.set(String(pair.key.value), [k[0], Math.max(k[1], v[1])]);
    }
  }
  return Object.keys(values).map((name) => {
    // Own members only: a claim named "constructor" or "toString" is not in the schema by inheritance.
    const s = Object.hasOwn(props, name) ? props[name] : undefined;
    const range = ranges.get(name);
    const messages: FieldMessage[] = [];
    if (range) {
      const end = Math.max(range[1], range[0] + 1);
      for (let i = firstAtOrAfter(diagnostics, range[0]); i < diagnostics.length; i++) {
        const d = diagnostics[i] as ProfileDiagnostic;
        if (d.start >= end) break;
        used.add(d);
        messages.push({ severity: d.severity, code: d.code, message: d.message });
      }
    }
    const value = values[name];
    const row: FieldRow = { name, value, kind: kindOf(name, s, value), required: required.has(name), known: s !== undefined, messages };
    if (Array.isArray(s?.enum)) row.options = [...(s.enum as unknown[])];
    if (typeof s?.description === 'string') row.description = s.description;
    return row;
  });
}

function suggestions(schema: JsonSchema | undefined, present: Record<string, unknown>): FieldSuggestion[] {
  const props = (schema?.properties ?? {}) as Record<string, JsonSchema>;
  const required = new Set((schema?.required ?? []) as string[]);
  const out: FieldSuggestion[] = [];
  for (const [name, s] of Object.entries(props)) {
    if (name in present) continue;
    const kind = kindOf(name, s, undefined);
    out.push({ name, kind, required: required.has(name), ...(typeof s.description === 'string' ? { description: s.description } : {}), initial: schemaPlaceholder(s, '', kind) });
  }
  // Required ones first, each group in schema order.
  return [...out.filter((s) => s.required), ...out.filter((s) => !s.required)];
}

function kindOf(name: string, s: JsonSchema | undefined, value: unknown): FieldKind {
  if (NUMERIC_DATE_CLAIMS.includes(name) && (value === undefined || typeof value === 'number')) return 'date';
  if (s && (Array.isArray(s.enum) || s.const !== undefined) && (value === undefined || typeof value === 'string')) {
    if (((s.enum as unknown[] | undefined) ?? [s.const]).every((v) => typeof v === 'string')) return 'enum';
  }
  const types = s ? (Array.isArray(s.type) ? (s.type as string[]) : typeof s.type === 'string' ? [s.type] : []) : [];
  const of = value === undefined ? undefined : Array.isArray(value) || (typeof value === 'object' && value !== null) ? 'json' : typeof value;
  if (of === 'json' || value === null) return 'json';
  if (types.length === 1) {
    const t = types[0];
    if (t === 'boolean' && (of === undefined || of === 'boolean')) return 'boolean';
    if ((t === 'integer' || t === 'number') && (of === undefined || of === 'number')) return t;
    if (t === 'string' && (of === undefined || of === 'string')) return 'string';
    if (t === 'array' || t === 'object') return 'json';
  }
  if (of === 'boolean') return 'boolean';
  if (of === 'number') return 'number';
  return 'string';
}

function scalarText(top: unknown, name: string): string | undefined {
  if (!isMap(top)) return undefined;
  const pair = top.items.find((p) => isPair(p) && isScalar(p.key) && String(p.key.value) === name);
  if (!pair || !isScalar(pair.value)) return undefined;
  const v = pair.value.value;
  return v === null || v === undefined ? undefined : String(v);
}

/** 1-based line of an offset, from an index of line starts built once. */
function lineCounter(text: string): (offset: number) => number {
  let starts: number[] | undefined;
  return (offset) => {
    if (!starts) {
      starts = [0];
      for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) starts.push(i + 1);
    }
    // The number of lines that start at or before the offset (a line break itself belongs to its line).
    let lo = 0;
    let hi = starts.length;
    const at = Math.min(offset, text.length);
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if ((starts[mid] as number) <= at) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  };
}

/** Index of the first diagnostic (sorted by start) that starts at or after `offset`. */
function firstAtOrAfter(sorted: readonly ProfileDiagnostic[], offset: number): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if ((sorted[mid] as ProfileDiagnostic).start < offset) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
