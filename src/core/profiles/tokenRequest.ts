// The signing request for a profile: signToken's arguments (without the key),
// with iat/exp/nbf/jti computed from the preset's rules and the ttl, and the
// header's kid/typ/members from the preset.

import type { Result } from '../base/types';
import type { SignOptions } from '../jose/sign';
import type { Preset, RegisteredClaim } from './presets';
import type { Profile } from './profileTypes';
import { formatTtl, parseTtl } from './ttl';
import { ownMembers, PROTOTYPE_NAMES } from './profileMembers';

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
