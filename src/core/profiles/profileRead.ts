// Readers for a profile's top-level properties: preset, key and alg, ttl,
// registered-claim switches and encrypt. Each reads one property of the parsed
// YAML into the profile and reports its problems at the property's range.
// (header, claims and embed: profileReadSections.ts.)

import type { Document } from 'yaml';
import type { JweEnc, JweKeyAlg, JwsAlg } from '../base/types';
import { JWE_ENCS, JWE_KEY_ALGS, JWS_ALGS } from '../base/types';
import { isPlainObject } from '../base/guards';
import type { ProfileDiagnostic, Range } from '../text/yamlRanges';
import type { Preset, RegisteredClaim } from './presets';
import { findPreset, REGISTERED_CLAIMS } from './presets';
import type { Profile, ProfileKeyInfo } from './profileTypes';
import { keyFitsPreset } from './keyFit';
import { formatTtl, parseTtl } from './ttl';

/** What every reader works on: the top-level mapping, the profile being filled and where problems go. */
export interface ProfileReader {
  readonly top: Record<string, unknown>;
  readonly doc: Document.Parsed;
  readonly profile: Profile;
  add(range: Range, severity: ProfileDiagnostic['severity'], code: string, message: string): void;
  /** The range of a path's value (or key). */
  at(path: Array<string | number>, prefer?: 'key' | 'value'): Range;
}

export function readPreset(r: ProfileReader, presets: Preset[]): Preset | undefined {
  const { top, add, at } = r;
  if (top.preset === undefined) add([0, 0], 'error', 'PRESET_MISSING', 'Name a preset: `preset: generic` or a vendor such as activepieces.');
  else if (typeof top.preset !== 'string') add(at(['preset']), 'error', 'PRESET_UNKNOWN', '`preset` must be a preset id such as activepieces.');
  else {
    r.profile.preset = top.preset;
    const preset = findPreset(top.preset, presets);
    if (!preset) {
      const near = presets.map((p) => p.id).filter((id) => id.startsWith(String(top.preset).slice(0, 3)));
      add(at(['preset']), 'error', 'PRESET_UNKNOWN', `Unknown preset "${top.preset}".${near.length ? ` Did you mean ${near.join(' or ')}?` : ''} Known: ${presets.map((p) => p.id).join(', ')}.`);
    }
    return preset;
  }
  return undefined;
}

/** `key` and `alg`: the ring key named, whether it fits the preset and the written alg; sets the profile's alg. */
export function readKey(r: ProfileReader, preset: Preset | undefined, keys: ProfileKeyInfo[] | undefined): ProfileKeyInfo | undefined {
  const { top, add, at, profile } = r;
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
    const fit = keyFitsPreset(keyInfo, preset, profileAlg);
    if (!fit.ok) add(at(['key']), 'error', fit.code, fit.message);
    else if (!keyInfo.hasPrivate) add(at(['key']), 'warning', 'KEY_NOT_PRIVATE', `Key '${keyInfo.id}' is verify-only: import its private half to sign with it.`);
  }
  profile.alg = profileAlg ?? (keyInfo && (JWS_ALGS as readonly string[]).includes(keyInfo.alg) ? (keyInfo.alg as JwsAlg) : preset?.alg.default);
  return keyInfo;
}

/** `ttl`, else the preset's default lifetime; checked against the preset's maximum and recommended maximum. */
export function readTtl(r: ProfileReader, preset: Preset | undefined): void {
  const { top, add, at, profile } = r;
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
}

/** `registered`: iat, exp, nbf, jti switched on or off, where the preset lets them be switched. */
export function readRegistered(r: ProfileReader, preset: Preset | undefined): void {
  const { top, add, at, profile } = r;
  if (top.registered === undefined) return;
  if (!isPlainObject(top.registered)) {
    add(at(['registered']), 'error', 'REGISTERED_INVALID', '`registered` maps iat, exp, nbf, jti to true or false.');
    return;
  }
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

/** `encrypt`: the recipient's key (an encryption key of the ring), alg and enc. */
export function readEncrypt(r: ProfileReader, keys: ProfileKeyInfo[] | undefined): void {
  const { top, add, at, profile } = r;
  if (top.encrypt === undefined || top.encrypt === null) return;
  const e = top.encrypt;
  if (!isPlainObject(e) || typeof e.key !== 'string') {
    add(at(['encrypt']), 'error', 'ENCRYPT_INVALID', '`encrypt` needs at least `key` (an encryption key id), e.g. { key: partner-enc, alg: RSA-OAEP-256, enc: A256GCM }.');
    return;
  }
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
