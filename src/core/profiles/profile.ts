// Profiles (`*.jwt.yaml`): a token recipe with no secrets, only a key-ring id.
// Parsing never throws and keeps going past problems, so the editor can show
// every diagnostic at once, each at the exact YAML range it is about.

import { isAlias, isMap, isScalar, isSeq } from 'yaml';
import type { Document } from 'yaml';
import type { JweEnc, JweKeyAlg, JwsAlg, Result } from '../base/types';
import { JWE_ENCS, JWE_KEY_ALGS, JWS_ALGS } from '../base/types';
import type { SignOptions } from '../jose/sign';
import type { JsonSchema, Preset, RegisteredClaim } from './presets';
import { findPreset, listPresets, REGISTERED_CLAIMS, schemaProblems } from './presets';
import { formatTtl, parseTtl } from './ttl';
import { nodeRange, rangeFor } from '../text/yamlRanges';
import { limitDiagnostic, parseYaml, yamlDiagnostics } from '../text/yamlLimits';
import type { ProfileDiagnostic, Range } from '../text/yamlRanges';
import { isPlainObject } from '../base/guards';

/** What a profile needs to know about a ring key: never the secret. */
export interface ProfileKeyInfo {
  id: string;
  alg: string;
  use: string;
  kty: string;
  hasPrivate: boolean;
  /** The kid tokens signed with it carry (for previews). */
  kid?: string;
  /** The kid was typed when the key was added, or came with it (a JWK's own, a vendor's id); not a thumbprint or random one. */
  kidGiven?: boolean;
}

export interface Profile {
  preset?: string;
  key?: string;
  /** The profile's alg, else the key's, else the preset default. */
  alg?: JwsAlg;
  /** The profile's ttl, else the preset's default lifetime. */
  ttlSeconds?: number;
  header: Record<string, unknown>;
  claims: Record<string, unknown>;
  embed: Record<string, unknown>;
  /** Registered claims switched on or off by the profile. */
  registered: Partial<Record<RegisteredClaim, boolean>>;
  encrypt?: { key: string; alg?: JweKeyAlg; enc?: JweEnc };
}

export interface ProfileParse {
  profile: Profile;
  preset?: Preset;
  diagnostics: ProfileDiagnostic[];
  /** The YAML document, when the text was read as one (for callers that need node ranges: no second parse). */
  document?: Document.Parsed;
}

export interface ProfileContext {
  presets?: Preset[];
  keys?: ProfileKeyInfo[];
}

export const PROFILE_PROPERTIES = ['preset', 'key', 'alg', 'ttl', 'header', 'claims', 'embed', 'registered', 'encrypt'] as const;

const MAX_PROFILE_CHARS = 1_000_000;

/** Parses a profile against its preset and the key ring's public index; diagnostics carry [start, end) offsets; never throws. */
export function parseProfile(text: string, options: ProfileContext = {}): ProfileParse {
  const profile: Profile = { header: ownMembers(undefined), claims: ownMembers(undefined), embed: ownMembers(undefined), registered: ownMembers(undefined) };
  const diagnostics: ProfileDiagnostic[] = [];
  try {
    return parseUnchecked(String(text ?? ''), options, profile, diagnostics);
  } catch {
    diagnostics.push({ start: 0, end: 0, severity: 'error', code: 'INTERNAL', message: 'This profile could not be read; check the YAML.' });
    return { profile, diagnostics };
  }
}

function parseUnchecked(text: string, options: ProfileContext, profile: Profile, diagnostics: ProfileDiagnostic[]): ProfileParse {
  const add = (range: Range, severity: ProfileDiagnostic['severity'], code: string, message: string): void => {
    diagnostics.push({ start: range[0], end: range[1], severity, code, message });
  };
  if (text.length > MAX_PROFILE_CHARS) {
    add([0, 0], 'error', 'TOO_LARGE', 'This profile is over 1 MB; a token recipe should be a few lines.');
    return { profile, diagnostics };
  }
  // Bounded: a file over the node, depth, alias or token limits is refused before yaml builds a document from it.
  const parsed = parseYaml(text, { prettyErrors: false, uniqueKeys: true, what: 'profile' });
  if (!parsed.ok) {
    diagnostics.push(limitDiagnostic(text, parsed.hit));
    return { profile, diagnostics };
  }
  const doc = parsed.doc;
  diagnostics.push(...yamlDiagnostics(text, doc.errors, 'error', 'YAML_SYNTAX'), ...yamlDiagnostics(text, doc.warnings, 'warning', 'YAML_WARNING'));

  let data: unknown;
  try {
    data = doc.toJS({ maxAliasCount: 50 });
  } catch (e) {
    add([0, 0], 'error', 'YAML_SYNTAX', e instanceof Error ? e.message.split('\n')[0] ?? '' : 'Unreadable YAML.');
    return { profile, diagnostics };
  }
  if (data === null || data === undefined) {
    add([0, 0], 'error', 'PRESET_MISSING', 'An empty profile: start with `preset:` (a vendor such as activepieces, or generic).');
    return { profile, diagnostics };
  }
  if (!isPlainObject(data) || !isMap(doc.contents)) {
    add(nodeRange(doc.contents) ?? [0, text.length], 'error', 'NOT_A_MAPPING', 'A profile is a YAML mapping of preset, key, ttl, claims, embed.');
    return { profile, diagnostics };
  }
  const top = data;
  const at = (path: Array<string | number>, prefer: 'key' | 'value' = 'value'): Range => rangeFor(doc, path, prefer);

  for (const name of Object.keys(top)) {
    if (!(PROFILE_PROPERTIES as readonly string[]).includes(name)) {
      add(at([name], 'key'), 'warning', 'UNKNOWN_PROPERTY', `"${name}" is not a profile property; known: ${PROFILE_PROPERTIES.join(', ')}.`);
    }
  }

  // ---- preset
  const presets = options.presets ?? listPresets();
  let preset: Preset | undefined;
  if (top.preset === undefined) add([0, 0], 'error', 'PRESET_MISSING', 'Name a preset: `preset: generic` or a vendor such as activepieces.');
  else if (typeof top.preset !== 'string') add(at(['preset']), 'error', 'PRESET_UNKNOWN', '`preset` must be a preset id such as activepieces.');
  else {
    profile.preset = top.preset;
    preset = findPreset(top.preset, presets);
    if (!preset) {
      const near = presets.map((p) => p.id).filter((id) => id.startsWith(String(top.preset).slice(0, 3)));
      add(at(['preset']), 'error', 'PRESET_UNKNOWN', `Unknown preset "${top.preset}".${near.length ? ` Did you mean ${near.join(' or ')}?` : ''} Known: ${presets.map((p) => p.id).join(', ')}.`);
    }
  }

  // ---- key and alg
  const keys = options.keys;
  let keyInfo: ProfileKeyInfo | undefined;
  if (top.key === undefined) add([0, 0], 'warning', 'KEY_MISSING', 'Name a key from the key ring: `key: <id>`.');
  else if (typeof top.key !== 'string' || top.key.length === 0) add(at(['key']), 'error', 'KEY_UNKNOWN', '`key` must be the id of a key in the key ring.');
  else {
    profile.key = top.key;
    if (keys) {
      keyInfo = keys.find((k) => k.id === top.key);
      if (!keyInfo) add(at(['key']), 'error', 'KEY_UNKNOWN', `No key '${top.key}' in the key ring. Generate or import it, or pick one of: ${keys.filter((k) => k.use !== 'enc').map((k) => k.id).join(', ') || '(none yet)'}.`);
    }
  }
  let profileAlg: JwsAlg | undefined;
  if (top.alg !== undefined) {
    if (typeof top.alg === 'string' && (JWS_ALGS as readonly string[]).includes(top.alg)) profileAlg = top.alg as JwsAlg;
    else add(at(['alg']), 'error', 'ALG_UNKNOWN', `\`alg\` must be one of ${(preset?.alg.allowed ?? JWS_ALGS).join(', ')}.`);
  }
  if (preset && profileAlg && !preset.alg.allowed.includes(profileAlg)) {
    add(at(['alg']), 'error', 'ALG_NOT_ALLOWED', `${preset.name} accepts ${preset.alg.allowed.join(', ')}, not ${profileAlg}.`);
  }
  if (keyInfo) {
    const keyRange = at(['key']);
    if (keyInfo.use === 'enc' || !(JWS_ALGS as readonly string[]).includes(keyInfo.alg)) {
      add(keyRange, 'error', 'KEY_NOT_FOR_SIGNING', `Key '${keyInfo.id}' is an encryption key (${keyInfo.alg}); pick a signing key.`);
    } else if (profileAlg && keyInfo.alg !== profileAlg) {
      add(keyRange, 'error', 'KEY_ALG_MISMATCH', `Key '${keyInfo.id}' is ${keyInfo.alg}; this profile asks for ${profileAlg} — pick another key or change \`alg\`.`);
    } else if (preset && !preset.alg.allowed.includes(keyInfo.alg as JwsAlg)) {
      const wanted = preset.alg.allowed.length === 1 ? preset.alg.allowed[0] : `one of ${preset.alg.allowed.join(', ')}`;
      add(keyRange, 'error', 'KEY_ALG_MISMATCH', `Key '${keyInfo.id}' is ${keyInfo.alg}; this preset asks for ${wanted} — pick another key or change \`alg\`.`);
    } else if (!keyInfo.hasPrivate) {
      add(keyRange, 'warning', 'KEY_NOT_PRIVATE', `Key '${keyInfo.id}' is verify-only: import its private half to sign with it.`);
    }
  }
  profile.alg = profileAlg ?? (keyInfo && (JWS_ALGS as readonly string[]).includes(keyInfo.alg) ? (keyInfo.alg as JwsAlg) : preset?.alg.default);

  // ---- lifetime
  if (top.ttl !== undefined) {
    const ttl = parseTtl(top.ttl);
    if (ttl === undefined) add(at(['ttl']), 'error', 'TTL_INVALID', '`ttl` must be a positive lifetime such as 300, 300s, 5m, 1h or 1d.');
    else profile.ttlSeconds = ttl;
  } else if (preset) profile.ttlSeconds = parseTtl(preset.lifetime.default);
  if (preset && profile.ttlSeconds !== undefined) {
    const range = top.ttl !== undefined ? at(['ttl']) : ([0, 0] as const);
    const max = parseTtl(preset.lifetime.max);
    const soft = parseTtl(preset.lifetime.recommendedMax);
    if (max !== undefined && profile.ttlSeconds > max) {
      add(range, 'error', 'TTL_OVER_MAX', `${preset.name} accepts at most ${formatTtl(max)}; this profile asks for ${formatTtl(profile.ttlSeconds)}.${preset.lifetime.guidance ? ` ${preset.lifetime.guidance}` : ''}`);
    } else if (soft !== undefined && profile.ttlSeconds > soft) {
      add(range, 'warning', 'TTL_LONG', `Longer than ${formatTtl(soft)} buys nothing here.${preset.lifetime.guidance ? ` ${preset.lifetime.guidance}` : ''}`);
    }
  }

  // ---- registered-claim switches
  if (top.registered !== undefined) {
    if (!isPlainObject(top.registered)) add(at(['registered']), 'error', 'REGISTERED_INVALID', '`registered` maps iat, exp, nbf, jti to true or false.');
    else {
      for (const [name, on] of Object.entries(top.registered)) {
        const known = (REGISTERED_CLAIMS as readonly string[]).includes(name);
        const rules = preset?.registeredClaims;
        const rule = known && rules && Object.hasOwn(rules, name) ? rules[name as RegisteredClaim] : undefined;
        if (!known) add(at(['registered', name], 'key'), 'error', 'REGISTERED_INVALID', `"${name}" is not a generated claim; use ${REGISTERED_CLAIMS.join(', ')}.`);
        else if (typeof on !== 'boolean') add(at(['registered', name]), 'error', 'REGISTERED_INVALID', `registered.${name} must be true or false.`);
        else if (preset && rule && !rule.switchable && on !== rule.add) add(at(['registered', name]), 'error', 'REGISTERED_FIXED', `${preset.name} needs ${name} ${rule.add ? 'present' : 'absent'}; it cannot be switched ${on ? 'on' : 'off'}.`);
        else profile.registered[name as RegisteredClaim] = on;
      }
    }
  }

  // ---- header
  if (top.header !== undefined) {
    if (!isPlainObject(top.header)) add(at(['header']), 'error', 'HEADER_INVALID', '`header` is a mapping of extra header members, such as kid.');
    else {
      profile.header = ownMembers(top.header);
      for (const name of Object.keys(top.header)) {
        if (PROTOTYPE_NAMES.includes(name)) {
          add(at(['header', name], 'key'), 'error', 'HEADER_REFUSED', `"${name}" is refused in headers: code that merges the header into an object would reach a prototype through it, and every header would then inherit its members (alg: none, jku). Remove it.`);
          delete profile.header[name];
        } else if (['alg', 'crit', 'b64', 'jku', 'x5u', 'jwk', 'x5c', 'enc', 'zip'].includes(name)) {
          add(at(['header', name], 'key'), 'error', 'HEADER_REFUSED', name === 'alg' ? 'The algorithm comes from the key: set `alg` at the top level or pick another key.' : `"${name}" is refused in signed JWT headers.`);
          delete profile.header[name];
        }
      }
      if (preset?.header?.kid === 'forbidden' && Object.hasOwn(top.header, 'kid')) add(at(['header', 'kid'], 'key'), 'warning', 'KID_FORBIDDEN', `${preset.name} takes no kid; it is left out of the header.`);
    }
  }
  // Where the kid comes from matters only while the key's kid is one made up for it (a thumbprint or random).
  if (preset?.header?.kid === 'required' && preset.header.kidGuidance && !Object.hasOwn(profile.header, 'kid') && top.key !== undefined && keyInfo?.kidGiven !== true) {
    add(at(['key']), 'info', 'KID_GUIDANCE', preset.header.kidGuidance);
  }

  // ---- claims
  const claimsRange = (): Range => (top.claims !== undefined ? at(['claims'], 'key') : [0, 0]);
  if (top.claims !== undefined && top.claims !== null && !isPlainObject(top.claims)) {
    add(at(['claims']), 'error', 'CLAIMS_INVALID', '`claims` is a mapping of claim names to values.');
  } else {
    profile.claims = ownMembers(isPlainObject(top.claims) ? top.claims : undefined);
    for (const name of ['iat', 'exp', 'nbf'] as const) {
      if (Object.hasOwn(profile.claims, name) && preset?.registeredClaims?.[name]?.add) {
        add(at(['claims', name], 'key'), 'warning', 'CLAIM_GENERATED', `${name} is set at signing time from ttl; this value replaces it.`);
      }
    }
    if (preset) {
      for (const p of schemaProblems(preset.claims, profile.claims)) {
        const path = ['claims', ...p.segments];
        const range = p.anchor ? at(['claims', ...p.anchor], 'key') : p.code === 'CLAIM_MISSING' ? (p.segments.length > 1 ? at(path.slice(0, -1), 'key') : claimsRange()) : p.code === 'CLAIM_UNKNOWN' ? at(path, 'key') : at(path);
        add(range, p.code === 'CLAIM_UNKNOWN' ? 'warning' : 'error', p.code, p.message);
      }
      for (const h of preset.hints ?? []) {
        if (Object.hasOwn(profile.claims, h.claim)) add(at(['claims', h.claim], 'key'), 'info', 'VENDOR_HINT', h.message);
      }
      for (const [name, rule] of Object.entries(preset.header?.members ?? {})) {
        if (rule.required && rule.fromClaim && !Object.hasOwn(profile.claims, rule.fromClaim) && !Object.hasOwn(profile.header, name)) {
          add(claimsRange(), 'error', 'HEADER_MEMBER_MISSING', `The header needs "${name}"${rule.description ? ` (${rule.description})` : ''}: set claims.${rule.fromClaim}.`);
        }
      }
    }
  }

  // ---- embed
  if (top.embed !== undefined && top.embed !== null) {
    if (!isPlainObject(top.embed)) add(at(['embed']), 'error', 'EMBED_INVALID', '`embed` is a mapping of embed parameters, such as instanceUrl.');
    else {
      profile.embed = ownMembers(top.embed);
      if (preset && !preset.embed) add(at(['embed'], 'key'), 'warning', 'EMBED_UNUSED', `${preset.name} has no embed URL or snippet; these values are not used.`);
      else if (preset?.embed?.params) {
        for (const p of schemaProblems(preset.embed.params as JsonSchema, profile.embed, 'embed parameter')) {
          const path = ['embed', ...p.segments];
          const range = p.code === 'CLAIM_MISSING' ? at(['embed'], 'key') : p.code === 'CLAIM_UNKNOWN' ? at(path, 'key') : at(path);
          add(range, 'error', p.code.replace('CLAIM_', 'EMBED_'), p.message);
        }
      }
    }
  }

  // ---- encryption
  if (top.encrypt !== undefined && top.encrypt !== null) {
    const e = top.encrypt;
    if (!isPlainObject(e) || typeof e.key !== 'string') add(at(['encrypt']), 'error', 'ENCRYPT_INVALID', '`encrypt` needs at least `key` (an encryption key id), e.g. { key: partner-enc, alg: RSA-OAEP-256, enc: A256GCM }.');
    else {
      profile.encrypt = { key: e.key };
      if (e.alg !== undefined) {
        if (typeof e.alg === 'string' && (JWE_KEY_ALGS as readonly string[]).includes(e.alg) && e.alg !== 'RSA1_5') profile.encrypt.alg = e.alg as JweKeyAlg;
        else add(at(['encrypt', 'alg']), 'error', 'ENCRYPT_INVALID', `encrypt.alg must be one of ${JWE_KEY_ALGS.join(', ')}.`);
      }
      if (e.enc !== undefined) {
        if (typeof e.enc === 'string' && (JWE_ENCS as readonly string[]).includes(e.enc)) profile.encrypt.enc = e.enc as JweEnc;
        else add(at(['encrypt', 'enc']), 'error', 'ENCRYPT_INVALID', `encrypt.enc must be one of ${JWE_ENCS.join(', ')}.`);
      }
      const encKey = keys?.find((k) => k.id === e.key);
      if (keys && !encKey) add(at(['encrypt', 'key']), 'error', 'KEY_UNKNOWN', `No key '${e.key}' in the key ring.`);
      else if (encKey && encKey.use !== 'enc') add(at(['encrypt', 'key']), 'error', 'KEY_NOT_FOR_ENCRYPTION', `Key '${encKey.id}' is a signing key (${encKey.alg}); pick an encryption key.`);
      else if (encKey && profile.encrypt.alg && encKey.alg !== profile.encrypt.alg) add(at(['encrypt', 'alg']), 'error', 'KEY_ALG_MISMATCH', `Key '${encKey.id}' is ${encKey.alg}; this profile asks for ${profile.encrypt.alg} — pick another key or change encrypt.alg.`);
    }
  }

  // ---- members that reach prototypes, at any depth of what goes into a token or URL
  for (const section of ['header', 'claims', 'embed'] as const) {
    const pair = isMap(doc.contents) ? doc.contents.items.find((p) => isScalar(p.key) && p.key.value === section) : undefined;
    for (const found of prototypeKeys(pair?.value, section === 'header')) {
      const range = nodeRange(found.key) ?? [0, 0];
      const name = found.name;
      if (name === '__proto__') {
        add(range, 'error', section === 'header' ? 'HEADER_REFUSED' : section === 'claims' ? 'CLAIM_REFUSED' : 'EMBED_REFUSED',
          `"__proto__" is refused in ${section === 'embed' ? 'embed parameters' : `the ${section}`}: code that merges ${section === 'embed' ? 'these values' : `the ${section}`} into an object would turn it into the object's prototype. Rename or remove it.`);
      } else {
        add(range, 'warning', 'PROTOTYPE_MEMBER',
          `"constructor" holding "prototype" lets code that deep-merges ${section === 'embed' ? 'these values' : `the ${section}`} into an object change Object.prototype; rename it unless the receiver needs it.`);
      }
    }
  }

  diagnostics.sort((a, b) => a.start - b.start || a.end - b.end);
  return { profile, preset, diagnostics, document: doc };
}


/** Header member names that lead from an object to a prototype when code merges data into objects. */
const PROTOTYPE_NAMES: readonly string[] = ['__proto__', 'constructor'];
/** YAML nodes looked at when searching a section for those names (the text is at most 1 MB). */
const MAX_NODES_WALKED = 200_000;

/**
 * A mapping's own members in an object with no prototype: a member named
 * "__proto__" stays plain data, and a name the profile does not have (say
 * "toString") is never found by inheritance.
 */
function ownMembers(source: Record<string, unknown> | undefined): Record<string, unknown> {
  const out = Object.create(null) as Record<string, unknown>;
  if (source) for (const name of Object.keys(source)) out[name] = source[name];
  return out;
}

/**
 * Keys named "__proto__" at any depth of a section, and "constructor" keys
 * holding a mapping with "prototype" (the path deep merges follow to
 * Object.prototype); the header's own top-level names are left to the
 * header check, which refuses both. Walks the YAML nodes, not the
 * JavaScript value: aliases are not expanded and every key keeps its range.
 * Iterative, and bounded in nodes.
 */
function prototypeKeys(node: unknown, skipTopLevelNames: boolean): Array<{ name: string; key: unknown }> {
  const out: Array<{ name: string; key: unknown }> = [];
  const stack: Array<{ node: unknown; top: boolean }> = [{ node, top: true }];
  let walked = 0;
  while (stack.length > 0 && walked < MAX_NODES_WALKED) {
    const { node: current, top } = stack.pop() as { node: unknown; top: boolean };
    walked += 1;
    if (isAlias(current)) continue;
    if (isMap(current)) {
      for (const pair of current.items) {
        const key = pair.key;
        const name = isScalar(key) ? String(key.value) : undefined;
        const checked = !(top && skipTopLevelNames);
        if (checked && name === '__proto__') out.push({ name, key });
        else if (checked && name === 'constructor' && isMap(pair.value) && pair.value.items.some((p) => isScalar(p.key) && String(p.key.value) === 'prototype')) out.push({ name, key });
        if (pair.value !== null && pair.value !== undefined) stack.push({ node: pair.value, top: false });
      }
    } else if (isSeq(current)) {
      for (const item of current.items) stack.push({ node: item, top: false });
    }
  }
  return out;
}

// ---- signing request

export interface TokenRequest {
  /** Key-ring id of the key to sign with. */
  keyId: string;
  /** Arguments for signToken, without the key. */
  sign: Omit<SignOptions, 'key'>;
}

/** The signToken arguments for a profile: claims with iat/exp/nbf/jti per the preset's rules and ttl, header kid/typ/members; `now` in ms. */
export function buildTokenRequest(profile: Profile, preset: Preset, now: number, randomId: () => string = () => globalThis.crypto.randomUUID()): Result<TokenRequest> {
  if (!profile.key) return { ok: false, error: { code: 'NO_KEYS', message: 'The profile names no key: add `key: <id>` from the key ring.' } };
  const ttl = profile.ttlSeconds ?? parseTtl(preset.lifetime.default);
  if (ttl === undefined) return { ok: false, error: { code: 'TTL_INVALID', message: 'The lifetime (ttl) must be a positive number of seconds.' } };
  const max = parseTtl(preset.lifetime.max);
  if (max !== undefined && ttl > max) return { ok: false, error: { code: 'TTL_INVALID', message: `${preset.name} accepts at most ${formatTtl(max)}; lower \`ttl\`.` } };
  const nowSeconds = Math.floor(now / 1000);
  // No-prototype copies: a member is in the request only when the profile or preset put it there.
  const claims = ownMembers(profile.claims);
  const on = (name: RegisteredClaim, fallback: boolean): boolean => {
    const rule = preset.registeredClaims?.[name];
    const asked = profile.registered[name];
    if (rule && !rule.switchable) return rule.add;
    return asked ?? rule?.add ?? fallback;
  };
  if (on('iat', true)) claims.iat = nowSeconds;
  if (on('nbf', false)) claims.nbf = nowSeconds;
  if (on('exp', true)) claims.exp = nowSeconds + ttl;
  if (on('jti', false) && claims.jti === undefined) claims.jti = randomId();

  const header = ownMembers(profile.header);
  for (const [name, rule] of Object.entries(preset.header?.members ?? {})) {
    if (Object.hasOwn(header, name)) continue;
    if (rule.value !== undefined) header[name] = rule.value;
    else if (rule.fromClaim && claims[rule.fromClaim] !== undefined) header[name] = claims[rule.fromClaim];
    else if (rule.required) return { ok: false, error: { code: 'CLAIMS_INVALID', message: `The header needs "${name}": set claims.${rule.fromClaim ?? name}.` } };
  }
  const merged = PROTOTYPE_NAMES.find((name) => Object.hasOwn(header, name));
  if (merged !== undefined) return { ok: false, error: { code: 'HEADER_REFUSED', message: `The header has a member named "${merged}": code that merges headers into objects would reach a prototype through it. Remove it.` } };
  const kidRule = preset.header?.kid ?? 'optional';
  if (kidRule === 'forbidden') delete header.kid;
  const typ = typeof header.typ === 'string' ? header.typ : preset.header?.typ === undefined ? 'JWT' : preset.header.typ;
  delete header.typ;
  return {
    ok: true,
    keyId: profile.key,
    // Only presets that ask for a kid get the key's; otherwise a kid goes in only when the profile's header sets one.
    sign: { claims, header, now, typ, includeKid: kidRule === 'required', includeIat: false },
  };
}

// ---- new profile

/** A starting profile for a preset: every required claim and embed parameter with a placeholder, commented from the schema descriptions. */
export function newProfileTemplate(preset: Preset, keyId = 'your-key-id'): string {
  const lines: string[] = [];
  lines.push(`# ${preset.name}${preset.docs ? ` — ${preset.docs}` : ''}`);
  if (preset.lifetime.guidance) lines.push(`# ${preset.lifetime.guidance}`);
  lines.push(`preset: ${preset.id}`);
  lines.push(`key: ${yamlScalar(keyId)}          # a key-ring id; its algorithm must be ${preset.alg.allowed.join(' or ')}`);
  lines.push(`ttl: ${typeof preset.lifetime.default === 'number' ? formatTtl(preset.lifetime.default) : preset.lifetime.default}`);
  const claimLines = requiredLines(preset.claims, 1);
  lines.push(claimLines.length ? 'claims:' : 'claims: {}');
  lines.push(...claimLines);
  if (preset.embed?.params) {
    const embedLines = requiredLines(preset.embed.params, 1);
    if (embedLines.length) lines.push('embed:', ...embedLines);
  }
  return `${lines.join('\n')}\n`;
}

function requiredLines(schema: JsonSchema, depth: number): string[] {
  const props = (schema.properties ?? {}) as Record<string, JsonSchema>;
  const required = (schema.required ?? []) as string[];
  const out: string[] = [];
  const pad = '  '.repeat(depth);
  for (const name of required) {
    const s = props[name] ?? {};
    const desc = typeof s.description === 'string' ? s.description : undefined;
    if (desc) out.push(`${pad}# ${desc.replace(/\s+/g, ' ')}`);
    const value = placeholderFor(s, name);
    if (isPlainObject(value) && Object.keys(value).length) {
      out.push(`${pad}${name}:`);
      for (const [k, v] of Object.entries(value)) out.push(`${pad}  ${k}: ${flowYaml(v)}`);
    } else out.push(`${pad}${name}: ${flowYaml(value)}`);
  }
  return out;
}

function placeholderFor(s: JsonSchema, name: string): unknown {
  if (Array.isArray(s.examples) && s.examples.length) return s.examples[0];
  if (s.const !== undefined) return s.const;
  if (Array.isArray(s.enum) && s.enum.length) return s.enum[0];
  if (s.default !== undefined) return s.default;
  const t = Array.isArray(s.type) ? s.type[0] : s.type;
  switch (t) {
    case 'integer':
    case 'number': return 0;
    case 'boolean': return false;
    case 'array': return [];
    case 'object': return {};
    default: return `<${name}>`;
  }
}

function flowYaml(v: unknown): string {
  if (typeof v === 'string') return yamlScalar(v);
  if (Array.isArray(v)) return `[${v.map(flowYaml).join(', ')}]`;
  if (isPlainObject(v)) return `{ ${Object.entries(v).map(([k, x]) => `${yamlScalar(k)}: ${flowYaml(x)}`).join(', ')} }`;
  return JSON.stringify(v);
}

function yamlScalar(s: string): string {
  // Plain when YAML would read it back as the same string; otherwise JSON-quoted (valid YAML).
  return /^[A-Za-z_][\w .@/-]*$/.test(s) && !/^(true|false|null|yes|no|on|off|~)$/i.test(s) && !/\s$/.test(s) ? s : JSON.stringify(s);
}

