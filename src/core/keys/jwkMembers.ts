// The synchronous part of reading one JWK: its type, its members one by one (present, strings,
// base64url, curve and sizes), kid, use, key_ops and its own alg. Import (jwk.ts) runs these before
// the checks that need crypto; an issuer's JWK Set (issuers/jwkSet.ts) runs them alone, so both
// accept and refuse the same keys with the same words.

import { ALGORITHMS, AKP_SEED_BYTES, curveBytes, curvesOfKind, isJweEnc, isKeyAlg, isMlDsaAlg, orList } from '../jose/algorithms';
import type { KeyKind } from '../jose/algorithms';
import type { CoreError, KeyAlg } from '../base/types';
import { fail } from '../base/result';
import { isPlainObject } from '../base/guards';
import { refusedAlg } from './algFit';
import { PRIVATE_MEMBERS, PUBLIC_MEMBERS, b64uDecode, privateMarker } from './material';
import { kidProblem } from './names';

type Refused = { ok: false; error: CoreError };

/** A JWK object's own members (a JWK parsed from text may carry "__proto__") and its key type. */
export interface JwkKind {
  get: (name: string) => unknown;
  kty: KeyKind;
}

export function jwkKind(value: unknown, where: string): ({ ok: true } & JwkKind) | Refused {
  if (!isPlainObject(value)) return fail('KEY_BAD_JWK', `${where} is not a JSON object.`);
  const get = (name: string): unknown => (Object.hasOwn(value, name) ? value[name] : undefined);
  const kty = get('kty');
  if (kty === undefined) return fail('KEY_BAD_JWK', `${where} has no "kty" member (key type: RSA, EC, OKP, AKP or oct).`);
  if (typeof kty !== 'string') return fail('KEY_BAD_JWK', `${where} has a "kty" member that is not a string.`);
  if (kty !== 'RSA' && kty !== 'EC' && kty !== 'OKP' && kty !== 'AKP' && kty !== 'oct') {
    return fail('KEY_UNSUPPORTED', `${where} has an unknown "kty"; supported are RSA, EC, OKP, AKP (ML-DSA) and oct.`);
  }
  return { ok: true, get, kty };
}

/** An AKP JWK must name an ML-DSA parameter set in "alg" (RFC 9964); whether the runtime has it is asked apart. */
export function akpAlgProblem(alg: unknown, where: string): Refused | undefined {
  if (alg === undefined) return fail('KEY_BAD_JWK', `${where} is an AKP key without "alg": an AKP key names its algorithm (ML-DSA-44, ML-DSA-65 or ML-DSA-87).`);
  if (typeof alg !== 'string' || !isMlDsaAlg(alg)) {
    const named = typeof alg === 'string' && /^[A-Za-z0-9+_-]{1,32}$/.test(alg) ? ` for ${alg}` : '';
    return fail('KEY_UNSUPPORTED', `${where} is an AKP key${named}, which this tool does not support: it reads ML-DSA-44, ML-DSA-65 and ML-DSA-87 keys (RFC 9964).`);
  }
  return undefined;
}

export interface JwkMembers {
  /** The private marker (d, priv, k) is present, or the key is a shared secret. */
  isPrivate: boolean;
  /** The key members the type needs (public, and private ones when isPrivate), each a checked string. */
  members: Record<string, unknown>;
  crv: string | undefined;
  /** The JWK's own kid (checked), or undefined. */
  kid: string | undefined;
  use: 'sig' | 'enc' | undefined;
  keyOps: string[] | undefined;
}

/** Members, curve, sizes, kid, use and key_ops of a JWK whose kind passed jwkKind. `kidOverride` replaces its kid. */
export function jwkMembers({ get, kty }: JwkKind, where: string, kidOverride?: string): ({ ok: true } & JwkMembers) | Refused {
  const isPrivate = kty === 'oct' || get(privateMarker(kty)) !== undefined;
  const required = [...PUBLIC_MEMBERS[kty], ...(isPrivate ? PRIVATE_MEMBERS[kty] : [])];
  const members: Record<string, unknown> = {};
  for (const m of required) {
    const v = get(m);
    if (v === undefined) {
      if (kty === 'RSA' && isPrivate && m !== 'd') {
        return fail('KEY_BAD_JWK', `${where} is missing member "${m}": RSA private JWKs need the CRT members p, q, dp, dq and qi as well as d.`);
      }
      return fail('KEY_BAD_JWK', `${where} is missing member "${m}" (${MEMBER_NAMES[m] ?? m}).`);
    }
    if (typeof v !== 'string') return fail('KEY_BAD_JWK', `${where}: member "${m}" must be a string.`);
    if (m !== 'crv' && m !== 'alg' && !b64uDecode(v)) return fail('KEY_BAD_JWK', `${where}: member "${m}" is not base64url (only A-Z a-z 0-9 - _ and no padding).`);
    members[m] = v;
  }
  const crv = typeof members.crv === 'string' ? members.crv : undefined;
  if (kty === 'EC' && !(curvesOfKind('EC') as string[]).includes(crv ?? '')) {
    return fail('KEY_UNSUPPORTED', crv === 'secp256k1' ? `${where} is on secp256k1 (ES256K), which is not supported.` : `${where} uses an unsupported curve; EC keys must be ${orList(curvesOfKind('EC'))}.`);
  }
  if (kty === 'OKP' && !(curvesOfKind('OKP') as string[]).includes(crv ?? '')) {
    return fail('KEY_UNSUPPORTED', `${where} uses an unsupported curve; OKP keys must be ${orList(curvesOfKind('OKP'))}.`);
  }
  const sizeIssue = coordinateProblem(kty, crv, members);
  if (sizeIssue) return fail('KEY_BAD_JWK', `${where}: ${sizeIssue}`);

  const kid = kidOverride ?? get('kid');
  if (kid !== undefined) {
    const problem = kidProblem(kid, `${where}'s "kid"`);
    if (problem) return fail('KEY_BAD_JWK', problem);
  }
  const use = get('use');
  if (use !== undefined && use !== 'sig' && use !== 'enc') return fail('KEY_BAD_JWK', `${where}: "use" must be "sig" or "enc".`);
  const keyOpsRaw = get('key_ops');
  let keyOps: string[] | undefined;
  if (keyOpsRaw !== undefined) {
    if (!Array.isArray(keyOpsRaw) || !keyOpsRaw.every((o) => typeof o === 'string') || new Set(keyOpsRaw).size !== keyOpsRaw.length) {
      return fail('KEY_BAD_JWK', `${where}: "key_ops" must be an array of distinct strings.`);
    }
    keyOps = keyOpsRaw as string[];
  }
  return { ok: true, isPrivate, members, crv, kid: typeof kid === 'string' ? kid : undefined, use: use as 'sig' | 'enc' | undefined, keyOps };
}

/**
 * The algorithm a JWK names in "alg", or undefined when it names none. A content encryption on a
 * shared secret (RFC 7520 5.6 style) means direct encryption with it: `dir`, with a warning.
 */
export function jwkOwnAlg(get: JwkKind['get'], kty: KeyKind, where: string): { ok: true; alg: KeyAlg | undefined; warning?: string } | Refused {
  const rawAlg = get('alg');
  if (rawAlg === undefined) return { ok: true, alg: undefined };
  if (typeof rawAlg !== 'string') return fail('KEY_BAD_JWK', `${where}: "alg" must be a string.`);
  const refused = refusedAlg(rawAlg);
  if (refused) return refused;
  if (isJweEnc(rawAlg) && kty === 'oct') {
    return { ok: true, alg: 'dir', warning: `The JWK's alg "${rawAlg}" is a content encryption; the key is stored for direct encryption ("dir"). Use enc ${rawAlg} with it.` };
  }
  if (isKeyAlg(rawAlg)) return { ok: true, alg: rawAlg };
  return fail('KEY_UNSUPPORTED', `${where} is for an algorithm this tool does not support${/^[A-Za-z0-9+_-]{1,32}$/.test(rawAlg) ? ` (${rawAlg})` : ''}.`);
}

const MEMBER_NAMES: Record<string, string> = {
  n: 'modulus', e: 'exponent', d: 'private exponent or key', p: 'first prime', q: 'second prime',
  dp: 'first CRT exponent', dq: 'second CRT exponent', qi: 'CRT coefficient',
  crv: 'curve', x: 'x coordinate or public key', y: 'y coordinate', k: 'key value',
  alg: 'algorithm', pub: 'public key', priv: 'private seed',
};

function coordinateProblem(kty: KeyKind, crv: string | undefined, members: Record<string, unknown>): string | undefined {
  if (kty === 'AKP') return akpSizeProblem(members);
  if (kty !== 'EC' && kty !== 'OKP') return undefined;
  const expected = curveBytes(crv);
  if (expected === undefined) return undefined;
  for (const m of kty === 'EC' ? ['x', 'y', 'd'] : ['x', 'd']) {
    const v = members[m];
    if (typeof v !== 'string') continue;
    const len = b64uDecode(v)?.length ?? -1;
    if (len !== expected) return `member "${m}" is ${len} bytes; ${crv} needs ${expected}.`;
  }
  return undefined;
}

/** An ML-DSA public key's size is fixed by its parameter set; the private seed is always 32 bytes. */
function akpSizeProblem(members: Record<string, unknown>): string | undefined {
  const alg = String(members.alg);
  const expected = isKeyAlg(alg) ? ALGORITHMS[alg].akpPublicBytes : undefined;
  for (const [m, bytes] of [['pub', expected], ['priv', AKP_SEED_BYTES]] as const) {
    const v = members[m];
    if (typeof v !== 'string' || bytes === undefined) continue;
    const len = b64uDecode(v)?.length ?? -1;
    if (len !== bytes) return `member "${m}" is ${len} bytes; ${alg} needs ${bytes}${m === 'priv' ? ' (the seed, RFC 9964)' : ''}.`;
  }
  return undefined;
}
