// The signing inputs of many tokens from one profile, with as little work per
// token as the core's rules allow. The profile, preset and key are checked
// once, by the core (buildTokenRequest, prepareSignature); between tokens only
// the claims buildTokenRequest computes from the time (iat, nbf, exp) and from
// the random id (jti) change. Which claims those are, and how each follows the
// time, is read from the core itself: two requests far apart in time, with two
// different ids, differ in exactly those claims. When they differ in any other
// way (a header member taken from jti, say) every token goes through the core.

import { buildTokenRequest } from '../core/profiles/tokenRequest';
import type { TokenRequest } from '../core/profiles/tokenRequest';
import { prepareSignature } from '../core/jose/sign';
import type { PreparedSignature } from '../core/jose/sign';
import type { KeyMaterial, Result } from '../core/base/types';
import { MAX_NUMERIC_DATE } from '../core/base/limits';
import type { Preset } from '../core/profiles/presets';
import type { Profile } from '../core/profiles/profileTypes';
import { CliError, EXIT } from './errors';

export interface TokenPlan {
  /** 'template': only times and ids change per token; 'core': every token is built by the core. */
  readonly kind: 'template' | 'core';
  /** The signing input of the token made at `now` (ms since 1970), its jti (where the preset adds one) from `randomId`. */
  input(now: number, randomId: () => string): string;
}

/** How far apart the two probing requests are, in seconds (odd, so no claim matches it by chance). */
const PROBE_SHIFT_SECONDS = 1_000_003;
const PROBE_IDS = ['00000000-0000-4000-8000-00000000000a', '00000000-0000-4000-8000-00000000000b'] as const;
/** Payloads up to this size take the template path: a token grows by a few digits at most, far from signToken's 4 MB limit. */
const TEMPLATE_MAX_PAYLOAD = 1024 * 1024;

function planError(message: string): CliError {
  return new CliError(message, EXIT.invalid);
}

function requestAt(profile: Profile, preset: Preset, now: number, randomId: () => string): TokenRequest {
  const request = buildTokenRequest(profile, preset, now, randomId);
  if (!request.ok) throw planError(request.error.message);
  return request;
}

function prepared(key: KeyMaterial, request: TokenRequest): PreparedSignature {
  const result = prepareSignature({ key, ...request.sign });
  if (!result.ok) throw planError(result.error.message);
  return result;
}

/** Everything the core does per token: always right, and the reference the template path is held to. */
class CorePlan implements TokenPlan {
  readonly kind = 'core';

  constructor(
    private readonly profile: Profile,
    private readonly preset: Preset,
    private readonly key: KeyMaterial,
  ) {}

  input(now: number, randomId: () => string): string {
    return prepared(this.key, requestAt(this.profile, this.preset, now, randomId)).signingInput;
  }
}

interface TimeSlot {
  name: string;
  /** Seconds after the token's time (0 for iat and nbf, the lifetime for exp). */
  offset: number;
}

/** The header encoded once; the claims object the core checked, with its time and id members set per token. */
class TemplatePlan implements TokenPlan {
  readonly kind = 'template';
  private second = Number.NaN;

  constructor(
    private readonly headerSegment: string,
    private readonly claims: Record<string, unknown>,
    private readonly times: readonly TimeSlot[],
    private readonly ids: readonly string[],
  ) {}

  input(now: number, randomId: () => string): string {
    const second = Math.floor(now / 1000);
    if (second !== this.second) {
      for (const { name, offset } of this.times) {
        const value = second + offset;
        if (!(Math.abs(value) <= MAX_NUMERIC_DATE)) throw planError(`Claim "${name}" must be a NumericDate: a finite number of seconds since 1970.`);
        this.claims[name] = value;
      }
      this.second = second;
    }
    for (const name of this.ids) this.claims[name] = randomId();
    // JSON.stringify writes members in the order the core's copy holds them, as signToken does.
    return `${this.headerSegment}.${Buffer.from(JSON.stringify(this.claims), 'utf8').toString('base64url')}`;
  }
}

function sameJson(a: unknown, b: unknown): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

/** The request's options other than claims, header and now (typ, includeKid, includeIat…), as one comparable text. */
function otherOptions(request: TokenRequest): string {
  const { claims: _claims, header: _header, now: _now, ...rest } = request.sign;
  return JSON.stringify(rest, Object.keys(rest).sort());
}

/** The per-token members of two requests `PROBE_SHIFT_SECONDS` apart, or undefined when they differ in a way a template cannot follow. */
function slotsOf(a: TokenRequest, b: TokenRequest, secondA: number): { times: TimeSlot[]; ids: string[] } | undefined {
  if (!sameJson(a.sign.header, b.sign.header) || otherOptions(a) !== otherOptions(b)) return undefined;
  const namesA = Object.keys(a.sign.claims);
  if (!sameJson(namesA, Object.keys(b.sign.claims))) return undefined;
  const times: TimeSlot[] = [];
  const ids: string[] = [];
  for (const name of namesA) {
    const va = a.sign.claims[name];
    const vb = b.sign.claims[name];
    if (sameJson(va, vb)) continue;
    if (typeof va === 'number' && typeof vb === 'number' && vb - va === PROBE_SHIFT_SECONDS && Number.isSafeInteger(va - secondA)) times.push({ name, offset: va - secondA });
    else if (va === PROBE_IDS[0] && vb === PROBE_IDS[1]) ids.push(name);
    else return undefined;
  }
  return { times, ids };
}

/**
 * A plan for tokens from a profile and a key that can sign for it, checked by the core at `now`: a
 * failure is the core's own reason (a lifetime over the preset's maximum, a header member it refuses…).
 */
export function planTokens(profile: Profile, preset: Preset, key: KeyMaterial, now: number): Result<{ plan: TokenPlan }> {
  const a = buildTokenRequest(profile, preset, now, () => PROBE_IDS[0]);
  if (!a.ok) return a;
  const first = prepareSignature({ key, ...a.sign });
  if (!first.ok) return first;
  const core = new CorePlan(profile, preset, key);
  const b = buildTokenRequest(profile, preset, now + PROBE_SHIFT_SECONDS * 1000, () => PROBE_IDS[1]);
  const slots = b.ok ? slotsOf(a, b, Math.floor(now / 1000)) : undefined;
  if (!slots || first.payloadJson.length > TEMPLATE_MAX_PAYLOAD) return { ok: true, plan: core };
  const headerSegment = first.signingInput.slice(0, first.signingInput.indexOf('.'));
  return { ok: true, plan: new TemplatePlan(headerSegment, first.claims, slots.times, slots.ids) };
}
