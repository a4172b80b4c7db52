// generateKey: a new key pair or shared secret for exactly one algorithm,
// with the sizes and curves its row in jose/algorithms.ts allows.
//
// Pairs come from WebCrypto (jose's generateKeyPair), which on Node.js runs
// the generation as an asynchronous job, freed as soon as it finishes. Not a
// synchronous one (node:crypto's generateKeyPairSync): the garbage collector
// frees that job later, and on Node 20, when it does so during the JWK export
// below, the job's destructor waits for the key's lock, which the export holds
// on the same thread, and the process hangs for ever. test/unit/generateKey.test.ts
// fails if a synchronous job ever makes or exports a key here.

import { base64url, exportJWK, generateKeyPair } from 'jose';
import { ALGORITHMS, isKeyAlg, orList, secretSizeProblem } from '../jose/algorithms';
import type { Curve, KeyKind } from '../jose/algorithms';
import type { KeyMaterial, Result } from '../base/types';
import { fail } from '../base/result';
import type { GenerateKeySpec } from './api';
import { refusedAlg } from './algFit';
import { buildMaterial, randomBytes } from './material';
import { kidProblem } from './names';
import { runtimeProblem } from '../jose/runtime';

/** Generates a key for exactly one algorithm; the kid defaults to the RFC 7638 thumbprint of a key pair's public half, and to a random kid for a shared secret. */
export async function generateKey(spec: GenerateKeySpec): Promise<Result<{ key: KeyMaterial }>> {
  try {
    return await generateKeyUnchecked(spec);
  } catch {
    return fail('INTERNAL', `Could not generate a ${safeAlgName(spec?.alg)} key in this runtime.`);
  }
}

function safeAlgName(alg: unknown): string {
  return isKeyAlg(alg) ? alg : 'key';
}

async function generateKeyUnchecked(spec: GenerateKeySpec): Promise<Result<{ key: KeyMaterial }>> {
  const alg: unknown = spec?.alg;
  const refused = refusedAlg(alg);
  if (refused) return refused;
  if (!isKeyAlg(alg)) return fail('KEY_UNSUPPORTED', 'Choose one of the supported algorithms (HS256 … ML-DSA-87 for signing, dir … ECDH-ES+A256KW for encryption).');
  if (spec.kid !== undefined) {
    const problem = kidProblem(spec.kid, 'The kid');
    if (problem) return fail('KEY_BAD_JWK', problem);
  }
  const row = ALGORITHMS[alg];

  if (row.secret) {
    if (spec.modulusLength !== undefined || spec.crv !== undefined) {
      return fail('KEY_ALG_MISMATCH', `${alg} uses a shared secret: it has no modulus length or curve.`);
    }
    const bytes = spec.secretBytes ?? row.secret.default;
    if (!Number.isInteger(bytes) || bytes <= 0 || bytes > 1024) {
      return fail('KEY_UNSUPPORTED', 'secretBytes must be a whole number of bytes between 1 and 1024.');
    }
    const problem = secretSizeProblem(alg, bytes);
    if (problem) return fail(problem.short ? 'KEY_TOO_SHORT' : 'KEY_ALG_MISMATCH', problem.message);
    const secret = await randomBytes(bytes);
    const key = await buildMaterial('oct', { k: base64url.encode(secret) }, alg, spec.kid);
    return { ok: true, key };
  }
  if (spec.secretBytes !== undefined) return fail('KEY_ALG_MISMATCH', `${alg} uses a key pair, not a shared secret: secretBytes does not apply.`);

  if (row.rsaBits) {
    if (spec.crv !== undefined) return fail('KEY_ALG_MISMATCH', `${alg} uses an RSA key: it has no curve.`);
    const modulusLength = spec.modulusLength ?? row.rsaBits.default;
    if (!row.rsaBits.generated.includes(modulusLength)) return fail('KEY_UNSUPPORTED', `RSA keys are generated with ${orList(row.rsaBits.generated.map(String))} bits.`);
    const pair = await generateKeyPair(alg, { modulusLength, extractable: true });
    const jwk = await exportJWK(pair.privateKey);
    return { ok: true, key: await buildMaterial('RSA', jwk, alg, spec.kid) };
  }

  if (spec.modulusLength !== undefined) return fail('KEY_ALG_MISMATCH', `${alg} does not use an RSA key: modulusLength does not apply.`);
  if (row.kty[0] === 'AKP') {
    if (spec.crv !== undefined) return fail('KEY_ALG_MISMATCH', `${alg} keys have no curve: the algorithm fixes the parameter set.`);
    const runtime = await runtimeProblem(alg, 'generate');
    if (runtime) return fail('KEY_UNSUPPORTED', runtime);
    const pair = await generateKeyPair(alg, { extractable: true });
    const jwk = await exportJWK(pair.privateKey);
    return { ok: true, key: await buildMaterial('AKP', { alg, pub: jwk.pub, priv: jwk.priv }, alg, spec.kid) };
  }
  const curves = row.curves ?? [];
  let crv: Curve;
  if (curves.length === 1) {
    const fixed = curves[0] as Curve;
    if (spec.crv !== undefined && spec.crv !== fixed) return fail('KEY_ALG_MISMATCH', `${alg} always uses ${fixed}; ${spec.crv} was asked for.`);
    crv = fixed;
  } else {
    crv = spec.crv ?? (row.defaultCurve as Curve);
    if (!curves.includes(crv)) return fail('KEY_UNSUPPORTED', `${alg} keys use ${orList(curves)}.`);
  }
  const pair = await generateKeyPair(alg, { extractable: true, ...(row.family === 'ecdh-es' ? { crv } : {}) });
  const jwk = await exportJWK(pair.privateKey);
  const kty: KeyKind = jwk.kty === 'OKP' ? 'OKP' : 'EC';
  return { ok: true, key: await buildMaterial(kty, jwk, alg, spec.kid) };
}
