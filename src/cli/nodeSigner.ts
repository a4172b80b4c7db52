// Signatures with node:crypto for the command line, which runs only on Node:
// the same bytes the core's signToken signs through jose and WebCrypto, signed
// synchronously (HMAC) or on libuv's thread pool (key pairs), without a promise
// per token from WebCrypto. The key is checked by the core first (cryptoKeyFor:
// every check signToken makes on a key) and turned into a KeyObject once.

import { createHmac, createPrivateKey, createSecretKey, constants, sign as cryptoSign } from 'node:crypto';
import type { KeyObject, SignKeyObjectInput } from 'node:crypto';
import { cryptoKeyFor } from '../core/keys/cryptoKeys';
import { bareJwk } from '../core/keys/material';
import { isJwsAlg } from '../core/jose/algorithms';
import type { JwsAlg, KeyMaterial, Result } from '../core/base/types';
import { fail } from '../core/base/result';

export interface NodeSigner {
  alg: JwsAlg;
  /** The same signature for the same input (HMAC, RSASSA-PKCS1-v1_5, Ed25519): tokens equal the core's byte for byte. */
  deterministic: boolean;
  /** The compact token for a signing input: the input, ".", the base64url signature, computed now. */
  token(input: string): string;
  /** The same with the signature computed on the thread pool, for key pairs (several at once use every core); undefined for HMAC, cheaper than the hand-off. */
  tokenLater?: (input: string) => Promise<string>;
}

const HASHES: Record<string, string> = { '256': 'sha256', '384': 'sha384', '512': 'sha512' };

/** jose refuses RSA keys under 2048 bits when signing; so does this path. */
const MIN_RSA_BITS = 2048;

// A signing input is base64url and one dot: ASCII, so its latin1 bytes are its bytes.

function keyObjectOf(key: KeyMaterial): KeyObject {
  const jwk = key.privateJwk as NonNullable<KeyMaterial['privateJwk']>;
  if (key.kty === 'oct') return createSecretKey(Buffer.from(String(jwk.k), 'base64url'));
  return createPrivateKey({ key: bareJwk(jwk), format: 'jwk' });
}

function signOptions(alg: JwsAlg, keyObject: KeyObject): { hash: string | null; key: KeyObject | SignKeyObjectInput } {
  const hash = alg === 'EdDSA' ? null : (HASHES[alg.slice(2)] as string);
  if (alg.startsWith('PS')) return { hash, key: { key: keyObject, padding: constants.RSA_PKCS1_PSS_PADDING, saltLength: constants.RSA_PSS_SALTLEN_DIGEST } };
  if (alg.startsWith('ES')) return { hash, key: { key: keyObject, dsaEncoding: 'ieee-p1363' } };
  return { hash, key: keyObject };
}

/** A signer for a private signing key, or why the key cannot sign (the core's own message). Never throws. */
export async function nodeSigner(key: KeyMaterial): Promise<Result<{ signer: NodeSigner }>> {
  const checked = await cryptoKeyFor(key, 'sign');
  if (!checked.ok) return checked;
  const alg = key.alg;
  if (!isJwsAlg(alg) || !key.privateJwk) return fail('KEY_ALG_MISMATCH', `Key '${key.kid}' cannot sign.`);
  let keyObject: KeyObject;
  try {
    keyObject = keyObjectOf(key);
  } catch {
    return fail('KEY_BAD_JWK', `Key '${key.kid}' could not be loaded: it may be damaged.`);
  }
  if (key.kty === 'RSA' && (keyObject.asymmetricKeyDetails?.modulusLength ?? 0) < MIN_RSA_BITS) {
    return fail('KEY_TOO_SHORT', `Key '${key.kid}' is an RSA key under ${MIN_RSA_BITS} bits; generate a longer one.`);
  }
  if (alg.startsWith('HS')) {
    const hash = HASHES[alg.slice(2)] as string;
    return { ok: true, signer: hmacSigner(alg, hash, keyObject) };
  }
  const { hash, key: signKey } = signOptions(alg, keyObject);
  const signer: NodeSigner = {
    alg,
    deterministic: alg.startsWith('RS') || alg === 'EdDSA',
    token: (input) => `${input}.${cryptoSign(hash, Buffer.from(input, 'latin1'), signKey).toString('base64url')}`,
    tokenLater: (input) =>
      new Promise((resolve, reject) => {
        cryptoSign(hash, Buffer.from(input, 'latin1'), signKey, (error, signature) => (error ? reject(error) : resolve(`${input}.${signature.toString('base64url')}`)));
      }),
  };
  return { ok: true, signer };
}

function hmacSigner(alg: JwsAlg, hash: string, secret: KeyObject): NodeSigner {
  return { alg, deterministic: true, token: (input) => `${input}.${createHmac(hash, secret).update(input, 'latin1').digest('base64url')}` };
}
