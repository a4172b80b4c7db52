// JWK and JWK Set import: members checked one by one (jwkMembers.ts), the
// algorithm chosen (caller, the JWK's own, or inferred), a set read a few keys
// at a time.

import { inferAlg, useOf } from '../jose/algorithms';
import { runtimeProblem } from '../jose/runtime';
import type { CoreError, KeyAlg, KeyMaterial, Result } from '../base/types';
import { fail } from '../base/result';
import { isPlainObject } from '../base/guards';
import type { ImportKeyOptions, ImportedKeyDetail, ImportedKeys } from './api';
import { algMismatch, openAlgs, publicOnlyWarning } from './algFit';
import { akpAlgProblem, jwkKind, jwkMembers, jwkOwnAlg } from './jwkMembers';
import { b64uDecode, describeKeyShape, kidLabel, randomKidWarning, randomKidsWarning, thumbprint } from './material';
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
  const kind = jwkKind(value, where);
  if (!kind.ok) return kind;
  const { get, kty } = kind;
  const warnings: string[] = [];
  if (kty === 'AKP') {
    const refused = akpAlgProblem(get('alg'), where) ?? (await akpRuntimeRefusal(get('alg') as KeyAlg, where));
    if (refused) return refused;
  }
  const read = jwkMembers(kind, where, kidOverride);
  if (!read.ok) return read;
  const { isPrivate, members, crv, kid, use, keyOps } = read;

  // The algorithm: chosen by the caller, else the JWK's own, else inferred.
  const secretLength = kty === 'oct' ? (b64uDecode(String(members.k))?.length ?? 0) : undefined;
  const own = jwkOwnAlg(get, kty, where);
  if (!own.ok) return own;
  const jwkAlg = own.alg;
  if (own.warning) warnings.push(own.warning);
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

/** Whether this runtime's WebCrypto has the ML-DSA set an AKP JWK names (akpAlgProblem has checked the name). */
async function akpRuntimeRefusal(alg: KeyAlg, where: string): Promise<{ ok: false; error: CoreError } | undefined> {
  const runtime = await runtimeProblem(alg, 'import');
  return runtime ? fail('KEY_UNSUPPORTED', `${where} is an ${alg} key (kty AKP). ${runtime}`) : undefined;
}
