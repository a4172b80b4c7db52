// The keys domain's public types: what generateKey and importKey take and
// give back, and the uses a stored key can be loaded for.

import type { KeyAlg, KeyMaterial } from '../base/types';

export interface GenerateKeySpec {
  alg: KeyAlg;
  /** RSA only; default 2048. */
  modulusLength?: 2048 | 3072 | 4096;
  /** ECDH-ES* only (ES*, EdDSA and Ed25519 fix their curve; ML-DSA has none); default P-256. */
  crv?: 'P-256' | 'P-384' | 'P-521' | 'X25519';
  /** Shared secrets: HS* default to the hash size (and may be longer), `dir` defaults to 32, PBES2 to 32. */
  secretBytes?: number;
  kid?: string;
}

export interface ImportKeyOptions {
  alg?: KeyAlg;
  kid?: string;
  format?: 'auto' | 'pem' | 'jwk' | 'jwks' | 'secret';
  /**
   * How secret text becomes bytes. `auto` uses the UTF-8 bytes of the text,
   * as jsonwebtoken, PyJWT and the vendors' snippets do with a string secret;
   * warnings say when the text would also decode as hex or base64.
   */
  secretEncoding?: 'auto' | 'base64url' | 'base64' | 'hex' | 'utf8';
}

export interface ImportedKeys {
  keys: KeyMaterial[];
  /** One sentence to show before saving: what was found and what it will be used for. */
  recognised: string;
  warnings: string[];
  /**
   * Kids made up at random for shared secrets that came without one. A shared
   * secret's kid is never its thumbprint (see `RANDOM_KID_REASON`).
   */
  randomKids: string[];
  /** One per key, in the order of `keys`: where its kid came from and which algorithms it could have been imported for. */
  details: ImportedKeyDetail[];
}

export interface ImportedKeyDetail {
  /** The kid was typed (`options.kid`) or came with the key (a JWK's "kid"); false for a thumbprint or random kid. */
  kidGiven: boolean;
  /**
   * The algorithms this key can be imported for, the first being the one it got. Only that one when the
   * caller or the JWK names it, and for every key of a JWK Set (a set is what an issuer publishes: each
   * key keeps what it says, or what is inferred from it); the algorithms of its "use" when a single JWK
   * says only that; PS256 / PS384 / PS512 for an RSA-PSS-only key; otherwise every algorithm that fits
   * the key, except that a public Ed25519 key gets EdDSA alone (it checks Ed25519 tokens too), while a
   * private one may sign as EdDSA or Ed25519. An adapter asks the person to choose when there is more
   * than one, and imports again with `{ alg }`.
   */
  algs: KeyAlg[];
}

export type KeyUsage = 'sign' | 'verify' | 'encrypt' | 'decrypt';
