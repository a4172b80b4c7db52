// JWK and JWK Set import: members checked one by one, the algorithm chosen
// (caller, the JWK's own, or inferred), a set read a few keys at a time.

import { AKP_SEED_BYTES, ALGORITHMS, curveBytes, curvesOfKind, inferAlg, isJweEnc, isKeyAlg, isMlDsaAlg, orList, useOf } from '../jose/algorithms';
import { runtimeProblem } from '../jose/runtime';
import type { KeyKind } from '../jose/algorithms';
import type { CoreError, KeyAlg, KeyMaterial, Result } from '../base/types';
import { fail } from '../base/result';
import { isPlainObject } from '../base/guards';
import type { ImportKeyOptions, ImportedKeyDetail, ImportedKeys } from './api';
import { algMismatch, openAlgs, publicOnlyWarning, refusedAlg } from './algFit';
import { PRIVATE_MEMBERS, PUBLIC_MEMBERS, b64uDecode, describeKeyShape, kidLabel, privateMarker, randomKidWarning, randomKidsWarning, thumbprint } from './material';
import { kidProblem } from './names';
import { finishKey } from './pairCheck';
import { findKeyMaterialInBytes, notASecret } from './secrets';

export async function importJson(text: string, options: ImportKeyOptions): Promise<Result<ImportedKeys>> {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (e) {
    const where = e instanceof SyntaxError ? /position (\d+)/.exec(e.message)?.[1] : undefined;
    return fail(
      'KEY_BAD_JWK',
      `The JSON does not parse${where ? ` (near character ${where})` : ''}: check for a missing quote, comma or brace. If this is a shared secret rather than a JWK, import it with format "secret".`,
    );
  }
  let list: unknown[];
  let isSet: boolean;
  if (Array.isArray(value)) {
    list = value;
    isSet = true;
  } else if (isPlainObject(value) && Object.hasOwn(value, 'keys') && !Object.hasOwn(value, 'kty')) {
    if (!Array.isArray(value.keys)) return fail('KEY_BAD_JWK', 'The JWK Set\'s "keys" member must be an array.');
    list = value.keys;
    isSet = true;
  } else if (isPlainObject(value)) {
    list = [value];
    isSet = false;
  } else {
    return fail('KEY_BAD_JWK', 'A JWK is a JSON object and a JWK Set is {"keys": [...]}.');
  }
  if (isSet && list.length === 0) return fail('KEY_EMPTY_SET', 'The JWK Set has no keys.');
  if (list.length > MAX_SET_KEYS) return fail('KEY_BAD_JWK', `The JWK Set has ${list.length} keys; at most ${MAX_SET_KEYS} are imported at once.`);
  const privateCount = list.filter((entry) => isPlainObject(entry) && (Object.hasOwn(entry, 'd') || Object.hasOwn(entry, 'priv'))).length;
  if (privateCount > MAX_SET_PRIVATE_KEYS) {
    return fail(
      'KEY_BAD_JWK',
      `The JWK Set holds ${privateCount} private keys; at most ${MAX_SET_PRIVATE_KEYS} are imported at once, because each one is checked against its public half before it is saved (a few milliseconds per key, with the editor waiting). ` +
        `Import the keys you sign or decrypt with, or the public set (up to ${MAX_SET_KEYS} public keys).`,
    );
  }

  const warnings: string[] = [];
  if (Array.isArray(value)) warnings.push('A bare JSON array was read as a JWK Set; the standard form is {"keys": [...]}.');
  if (options.kid !== undefined && list.length > 1) warnings.push('The kid you gave was not applied: the set has several keys, each keeps its own.');
  const keys: KeyMaterial[] = [];
  const parts: string[] = [];
  const randomKids: string[] = [];
  const details: ImportedKeyDetail[] = [];
  let firstError: CoreError | undefined;
  // A few keys at a time: the signature checks run on the runtime's worker threads while the next keys are read.
  const results: OneJwk[] = [];
  for (let from = 0; from < list.length; from += SET_BATCH) {
    const batch = list.slice(from, from + SET_BATCH).map((entry, j) =>
      importJwkObject(entry, options, isSet ? `Key ${from + j + 1} of the set` : 'The JWK', list.length === 1 ? options.kid : undefined, isSet),
    );
    results.push(...(await Promise.all(batch)));
  }
  for (let i = 0; i < results.length; i++) {
    const one = results[i] as OneJwk;
    if (!one.ok) {
      if (!isSet || list.length === 1) return one;
      firstError ??= one.error;
      warnings.push(`Skipped key ${i + 1}: ${one.error.message}`);
      continue;
    }
    keys.push(one.key);
    details.push(one.detail);
    parts.push(one.summary);
    warnings.push(...one.warnings);
    if (one.randomKid) randomKids.push(one.key.kid);
  }
  if (randomKids.length > 0) warnings.push(randomKids.length === 1 ? randomKidWarning(randomKids[0] as string) : randomKidsWarning(randomKids.length));
  if (keys.length === 0) return { ok: false, error: firstError ?? { code: 'KEY_EMPTY_SET', message: 'No key in the set could be imported.' } };
  const seen = new Set<string>();
  for (const k of keys) {
    if (seen.has(k.kid)) warnings.push(`Two keys share the kid '${kidLabel(k.kid)}': tokens naming it will be checked against the first that fits.`);
    seen.add(k.kid);
  }
  const recognised = isSet
    ? `JWK Set with ${keys.length} key${keys.length === 1 ? '' : 's'}${keys.length < list.length ? ` (${list.length - keys.length} skipped)` : ''}: ${parts.join('; ')}`
    : `JWK ${parts[0] ?? ''}`;
  return { ok: true, keys, recognised, warnings: dedupe(warnings), randomKids, details };
}

/** Keys in one JWK Set, and private keys among them (each private key costs a pair check: about 3 ms for P-521). */
const MAX_SET_KEYS = 1000;
const MAX_SET_PRIVATE_KEYS = 100;
const SET_BATCH = 8;

function dedupe(items: string[]): string[] {
  return [...new Set(items)];
}


type OneJwk = { ok: true; key: KeyMaterial; summary: string; warnings: string[]; randomKid: boolean; detail: ImportedKeyDetail } | { ok: false; error: CoreError };

async function importJwkObject(value: unknown, options: ImportKeyOptions, where: string, kidOverride: string | undefined, inSet = false): Promise<OneJwk> {
  if (!isPlainObject(value)) return fail('KEY_BAD_JWK', `${where} is not a JSON object.`);
  // Own members only: a JWK parsed from text may carry "__proto__".
  const get = (name: string): unknown => (Object.hasOwn(value, name) ? value[name] : undefined);
  const warnings: string[] = [];
  const kty = get('kty');
  if (kty === undefined) return fail('KEY_BAD_JWK', `${where} has no "kty" member (key type: RSA, EC, OKP, AKP or oct).`);
  if (typeof kty !== 'string') return fail('KEY_BAD_JWK', `${where} has a "kty" member that is not a string.`);
  if (kty !== 'RSA' && kty !== 'EC' && kty !== 'OKP' && kty !== 'AKP' && kty !== 'oct') {
    return fail('KEY_UNSUPPORTED', `${where} has an unknown "kty"; supported are RSA, EC, OKP, AKP (ML-DSA) and oct.`);
  }
  if (kty === 'AKP') {
    const refused = await akpRefusal(get('alg'), where);
    if (refused) return refused;
  }

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

  // The algorithm: chosen by the caller, else the JWK's own, else inferred.
  const secretLength = kty === 'oct' ? (b64uDecode(String(members.k))?.length ?? 0) : undefined;
  let jwkAlg: KeyAlg | undefined;
  const rawAlg = get('alg');
  if (rawAlg !== undefined) {
    if (typeof rawAlg !== 'string') return fail('KEY_BAD_JWK', `${where}: "alg" must be a string.`);
    const refused = refusedAlg(rawAlg);
    if (refused) return refused;
    if (isJweEnc(rawAlg) && kty === 'oct') {
      // RFC 7520 5.6 style: a content-encryption alg on a symmetric key means direct encryption with it.
      jwkAlg = 'dir';
      warnings.push(`The JWK's alg "${rawAlg}" is a content encryption; the key is stored for direct encryption ("dir"). Use enc ${rawAlg} with it.`);
    } else if (isKeyAlg(rawAlg)) {
      jwkAlg = rawAlg;
    } else {
      return fail('KEY_UNSUPPORTED', `${where} is for an algorithm this tool does not support${/^[A-Za-z0-9+_-]{1,32}$/.test(rawAlg) ? ` (${rawAlg})` : ''}.`);
    }
  }
  if (options.alg !== undefined && jwkAlg !== undefined && options.alg !== jwkAlg) {
    return fail('KEY_ALG_MISMATCH', `${where} says it is for ${jwkAlg}, but ${options.alg} was chosen. A key keeps the algorithm it was made for: choose ${jwkAlg}, or remove "alg" from the JWK if you are sure.`);
  }
  const alg = options.alg ?? jwkAlg ?? inferAlg(kty, crv, use === 'sig' || use === 'enc' ? use : undefined, secretLength);
  if (!alg) return fail('KEY_UNSUPPORTED', `${where}: no algorithm fits an ${crv ?? kty} key with use "${String(use)}".`);
  if (use !== undefined && use !== useOf(alg)) {
    return fail('KEY_ALG_MISMATCH', `${where} has use "${String(use)}", but ${alg} is ${useOf(alg) === 'sig' ? 'a signing' : 'an encryption'} algorithm.`);
  }
  const shape = describeKeyShape(kty, members);
  const mismatch = algMismatch(alg, kty, crv, shape);
  if (mismatch) return mismatch;
  if (kty === 'oct') {
    // An oct JWK whose "k" is a public key (DER, PEM text, a raw point) is the same confusion attack as pasted key text.
    const inK = await findKeyMaterialInBytes(b64uDecode(String(members.k)) ?? new Uint8Array(), '');
    if (inK) return notASecret(inK, `${where}'s "k" value`);
    if (typeof kid === 'string' && kid === (await thumbprint({ kty: 'oct', k: String(members.k) }))) {
      warnings.push(
        `${where}'s kid is the RFC 7638 thumbprint of its secret: every token that carries it publishes an unsalted SHA-256 of the secret, so anyone holding one can test guesses offline. ` +
          'Keep it only if a verifier looks the key up by this kid; otherwise remove "kid" from the JWK and import it again for a random one.',
      );
    }
  }

  const finished = await finishKey(kty, members, alg, typeof kid === 'string' ? kid : undefined, keyOps);
  if (!finished.ok) return finished;
  if (kty !== 'oct' && !isPrivate) warnings.push(publicOnlyWarning(alg));
  const visibility = kty === 'oct' ? '' : isPrivate ? ', private' : ', public only';
  const summary =
    kty === 'oct'
      ? `shared secret, ${secretLength ?? 0} bytes, for ${alg} (kid '${kidLabel(finished.key.kid)}')`
      : `${shape}${visibility}, for ${alg} (kid '${kidLabel(finished.key.kid)}')`;
  const detail: ImportedKeyDetail = {
    kidGiven: typeof kid === 'string',
    algs: openAlgs(alg, inSet || options.alg !== undefined || jwkAlg !== undefined, kty, crv, { use: use === 'sig' || use === 'enc' ? use : undefined, publicOnly: !isPrivate }),
  };
  return { ok: true, key: finished.key, summary, warnings, randomKid: kty === 'oct' && kid === undefined, detail };
}

const MEMBER_NAMES: Record<string, string> = {
  n: 'modulus', e: 'exponent', d: 'private exponent or key', p: 'first prime', q: 'second prime',
  dp: 'first CRT exponent', dq: 'second CRT exponent', qi: 'CRT coefficient',
  crv: 'curve', x: 'x coordinate or public key', y: 'y coordinate', k: 'key value',
  alg: 'algorithm', pub: 'public key', priv: 'private seed',
};

/**
 * Why an AKP JWK cannot be imported before its members are read, or undefined: it must name an
 * ML-DSA parameter set in "alg" (RFC 9964), and this runtime's WebCrypto must have it.
 */
async function akpRefusal(alg: unknown, where: string): Promise<{ ok: false; error: CoreError } | undefined> {
  if (alg === undefined) return fail('KEY_BAD_JWK', `${where} is an AKP key without "alg": an AKP key names its algorithm (ML-DSA-44, ML-DSA-65 or ML-DSA-87).`);
  if (typeof alg !== 'string' || !isMlDsaAlg(alg)) {
    const named = typeof alg === 'string' && /^[A-Za-z0-9+_-]{1,32}$/.test(alg) ? ` for ${alg}` : '';
    return fail('KEY_UNSUPPORTED', `${where} is an AKP key${named}, which this tool does not support: it reads ML-DSA-44, ML-DSA-65 and ML-DSA-87 keys (RFC 9964).`);
  }
  const runtime = await runtimeProblem(alg as KeyAlg, 'import');
  return runtime ? fail('KEY_UNSUPPORTED', `${where} is an ${alg} key (kty AKP). ${runtime}`) : undefined;
}

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
