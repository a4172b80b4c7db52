// The keys `verify` is given, read for one algorithm at a time, and how they
// are named in what it prints: by the kid that came with them and the file
// (or environment variable) they came from, never by key text.
//
// The algorithm a key is read for is --alg, else the token's own algorithm.
// That is no confusion risk: the core reads a key for an algorithm only when
// the key fits it (a PEM or JWK is never turned into an HMAC secret, in any
// form), and a key that does not fit is read as what it is, so the verdict
// can say why it cannot check the token.

import type { KeyAlg, KeyMaterial } from '../core/base/types';
import { describeKey } from '../core/keys/describe';
import { kidName, shortKid, type KeyNamer } from '../core/keys/names';
import { loadKey, type KeySpec } from './keySource';

export interface GivenKey {
  key: KeyMaterial;
  /** "'k1' in jwks.json", or the source alone when the kid was made up here (a thumbprint or a random one). */
  name: string;
  /** The kid came with the key (a JWK's own), rather than being made up here. */
  kidGiven: boolean;
}

export interface GivenKeys {
  given: GivenKey[];
  keys: KeyMaterial[];
  /** Names keys in the core's messages as `name` does. */
  namer: KeyNamer;
}

/** Reads every source for `alg` (when a key fits it); a CliError (exit 2) when a source is missing or holds no usable key. */
export async function loadGivenKeys(specs: readonly KeySpec[], alg: KeyAlg | undefined): Promise<GivenKeys> {
  const given: GivenKey[] = [];
  for (const spec of specs) {
    const loaded = await loadKey(spec, alg ? { alg } : {});
    const several = loaded.keys.length > 1;
    loaded.keys.forEach((key, index) => {
      const name = loaded.kidGiven[index] ? `'${shortKid(key.kid)}' in ${loaded.label}` : several ? `${loaded.label} (kid ${shortKid(key.kid)})` : loaded.label;
      given.push({ key, name, kidGiven: loaded.kidGiven[index] ?? false });
    });
  }
  return { given, keys: given.map((g) => g.key), namer: namerFor(given) };
}

function namerFor(given: readonly GivenKey[]): KeyNamer {
  const byKid = new Map<string, string>();
  for (const g of given) if (!byKid.has(g.key.kid)) byKid.set(g.key.kid, g.name);
  return (key) => byKid.get(key.kid) ?? kidName(key);
}

/** Both sets' names (the keys for a JWE's layers and for its inner token). */
export function joinNamers(first: KeyNamer, second: KeyNamer): KeyNamer {
  return (key) => {
    const name = first(key);
    return name === kidName(key) ? second(key) : name;
  };
}

/** "pub.pem (RS256, RSA 2048 bits public key)": what a given key is, for "no key fits" messages. */
export function describeGiven(g: GivenKey): string {
  const half = g.key.kty === 'oct' ? '' : g.key.privateJwk ? ' private key' : ' public key';
  return `${g.name} (${g.key.alg}, ${describeKey(g.key)}${half})`;
}

/** The given keys described, at most `max` of them. */
export function listGiven(given: readonly GivenKey[], max = 5): string {
  const shown = given.slice(0, max).map(describeGiven).join(', ');
  return given.length > max ? `${shown} and ${given.length - max} more` : shown;
}
