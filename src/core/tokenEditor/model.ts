// src/core/tokenEditor/: the Token Editor's pure side. This file is the entry:
// editorModel, the model of a profile the form shows. modelTypes.ts is its
// shape, rows.ts the claim and embed rows, controls.ts the diagnostics shown
// beside controls, keyChoices.ts the key pickers, claimTypes.ts the claim
// types; edits.ts turns the form's edits into minimal YAML text edits.
//
// The Token Editor's view of a profile: everything its form shows, worked out
// from the YAML text, the presets and the key ring's public index. The webview
// only renders this and sends edits back, so the form and the YAML
// diagnostics come from one parse and can never disagree.

import { isMap } from 'yaml';
import type { Document } from 'yaml';
import { JWE_ENCS, JWE_KEY_ALGS } from '../base/types';
import type { JsonSchema, Preset } from '../profiles/presets';
import { REGISTERED_CLAIMS } from '../profiles/presets';
import type { ProfileKeyInfo } from '../profiles/profile';
import { buildTokenRequest, parseProfile } from '../profiles/profile';
import { formatTtl, parseTtl } from '../profiles/ttl';
import type { ProfileDiagnostic } from '../text/yamlRanges';
import { lineCounter, placeOnControls, scalarText } from './controls';
import { keyChoices } from './keyChoices';
import type { EditorModel, RegisteredSwitch } from './modelTypes';
import { claimType, rows, suggestions, switches } from './rows';

export type { ClaimSwitch, ClaimType, EditorModel, FieldKind, FieldMessage, FieldRow, FieldSuggestion, FormControl, KeyChoice, RegisteredSwitch, SwitchedClaim } from './modelTypes';
export { NUMERIC_DATE_CLAIMS } from './rows';

export interface EditorModelContext {
  presets: Preset[];
  keys: ProfileKeyInfo[];
  /** Milliseconds since the epoch, for the preview's iat and exp. */
  now: number;
}

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

  const { signingKeys, encryptKeys } = keyChoices(context.keys, preset);

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
