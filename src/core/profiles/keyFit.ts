// Which ring key can sign for a preset: the one rule, and its one message,
// used by the profile's diagnostics, the Token Editor's key choices, the
// signing command and the key generator's list of algorithms.

import type { JwsAlg } from '../base/types';
import { JWS_ALGS } from '../base/types';
import { keyChecksAlg } from '../jose/algorithms';
import type { Preset } from './presets';

/** What the rule needs from a key: its ring id, algorithm and use. */
export interface FitKey {
  id: string;
  alg: string;
  use?: string;
}

export type KeyFit = { ok: true } | { ok: false; code: 'KEY_NOT_FOR_SIGNING' | 'KEY_ALG_MISMATCH'; message: string };

/** A key of this algorithm can sign for a preset that takes `allowed`. */
export function algorithmFits(alg: string, allowed: readonly string[]): boolean {
  return allowed.includes(alg);
}

/** The algorithms a preset takes, for a sentence: "RS256", or "one of RS256, PS256". */
export function acceptedAlgorithms(allowed: readonly string[]): string {
  return allowed.length === 1 ? String(allowed[0]) : `one of ${allowed.join(', ')}`;
}

/**
 * Whether `key` can sign tokens for `preset` (when there is one), and for the
 * profile's written `alg` (when it has one); ok:false says why and what to do.
 */
export function keyFitsPreset(key: FitKey, preset: Pick<Preset, 'alg'> | undefined, alg?: JwsAlg): KeyFit {
  if (key.use === 'enc' || !(JWS_ALGS as readonly string[]).includes(key.alg)) {
    return { ok: false, code: 'KEY_NOT_FOR_SIGNING', message: `Key '${key.id}' is an encryption key (${key.alg}); pick a signing key.` };
  }
  if (alg && key.alg !== alg) return mismatch(key, `this profile asks for ${alg}`, [alg]);
  if (preset && !algorithmFits(key.alg, preset.alg.allowed)) return mismatch(key, `this preset asks for ${acceptedAlgorithms(preset.alg.allowed)}`, preset.alg.allowed);
  return { ok: true };
}

function mismatch(key: FitKey, wanted: string, allowed: readonly string[]): KeyFit {
  // EdDSA and Ed25519 are one signature under two names (RFC 9864), but a key signs under its own name
  // only, and a verifier that asks for one name may refuse the other.
  const renamed = (JWS_ALGS as readonly string[]).includes(key.alg) && allowed.find((a) => keyChecksAlg(key.alg as JwsAlg, 'Ed25519', a));
  if (renamed) {
    return {
      ok: false,
      code: 'KEY_ALG_MISMATCH',
      message: `Key '${key.id}' signs ${key.alg} tokens; ${wanted}: the same Ed25519 signature, but tokens carry the key's own name — generate an ${renamed} key, or import this key again for ${renamed}.`,
    };
  }
  return { ok: false, code: 'KEY_ALG_MISMATCH', message: `Key '${key.id}' is ${key.alg}; ${wanted} — pick another key or change \`alg\`.` };
}
