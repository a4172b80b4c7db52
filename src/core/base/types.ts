// src/core/base/: what every domain of the core stands on, importing nothing
// above it: Result, error codes and key material (this file is the entry),
// the one `fail` (result.ts), the one `isPlainObject` (guards.ts), shared
// limits (limits.ts), the one table of characters that hide text
// (deceptiveChars.ts) and what the newer algorithm names mean (algNames.ts).
//
// Types shared by every part of the core. The core is pure: no vscode, no fs;
// crypto only through jose. Functions that take input a person typed or a
// token found in a file never throw: they return a Result with a stable code.

/**
 * JWS signature algorithms the core signs and verifies. `none` is never among them. `Ed25519` is
 * RFC 9864's fully specified name for EdDSA over Ed25519; ML-DSA (RFC 9964) needs a runtime whose
 * WebCrypto has it (jose/runtime.ts finds out).
 */
export const JWS_ALGS = [
  'HS256', 'HS384', 'HS512',
  'RS256', 'RS384', 'RS512',
  'PS256', 'PS384', 'PS512',
  'ES256', 'ES384', 'ES512',
  'EdDSA', 'Ed25519',
  'ML-DSA-44', 'ML-DSA-65', 'ML-DSA-87',
] as const;
export type JwsAlg = (typeof JWS_ALGS)[number];

/** JWE key-management algorithms. PBES2 ones need an explicit opt-in wherever used. RSA1_5 is refused. */
export const JWE_KEY_ALGS = [
  'dir',
  'A128KW', 'A192KW', 'A256KW',
  'A128GCMKW', 'A192GCMKW', 'A256GCMKW',
  'RSA-OAEP', 'RSA-OAEP-256', 'RSA-OAEP-384', 'RSA-OAEP-512',
  'ECDH-ES', 'ECDH-ES+A128KW', 'ECDH-ES+A192KW', 'ECDH-ES+A256KW',
  'PBES2-HS256+A128KW', 'PBES2-HS384+A192KW', 'PBES2-HS512+A256KW',
] as const;
export type JweKeyAlg = (typeof JWE_KEY_ALGS)[number];

/** JWE content-encryption algorithms. */
export const JWE_ENCS = [
  'A128GCM', 'A192GCM', 'A256GCM',
  'A128CBC-HS256', 'A192CBC-HS384', 'A256CBC-HS512',
] as const;
export type JweEnc = (typeof JWE_ENCS)[number];

/** Every key carries exactly one of these, fixed when it is generated or imported. */
export type KeyAlg = JwsAlg | JweKeyAlg;

/** A JSON Web Key as plain JSON (RFC 7517). */
export interface Jwk {
  kty: string;
  kid?: string;
  alg?: string;
  use?: string;
  key_ops?: string[];
  crv?: string;
  [member: string]: unknown;
}

/**
 * A key as the core handles it: plain JSON, so the key ring can keep the
 * public half in workspace state and the private half in SecretStorage.
 * - Asymmetric keys: `publicJwk` always; `privateJwk` when we can sign/decrypt.
 * - Symmetric keys (`kty: oct`, HMAC, AES-KW, dir, PBES2): `privateJwk` only.
 */
export interface KeyMaterial {
  /** The JWK `kid`; defaults to the RFC 7638 thumbprint of the public key, and for a shared secret to a random kid (never a hash of the secret). */
  kid: string;
  /** The one algorithm this key is for. Verification passes it as the only allowed algorithm. */
  alg: KeyAlg;
  /** `sig` for JWS algorithms, `enc` for JWE key management. */
  use: 'sig' | 'enc';
  /** `AKP`: an ML-DSA key (RFC 9964), whose JWK names its algorithm. */
  kty: 'RSA' | 'EC' | 'OKP' | 'AKP' | 'oct';
  /** RSA modulus bits, EC/OKP curve name, ML-DSA parameter set, or secret length in bits: for lists and hovers. */
  size: string;
  publicJwk?: Jwk;
  privateJwk?: Jwk;
}

/** A stable error: `code` for programs and tests, `message` for people (says what to do next). */
export interface CoreError {
  code: ErrorCode;
  message: string;
}

export type Result<T> = ({ ok: true } & T) | { ok: false; error: CoreError };

/**
 * Stable error codes. Add new ones at the end of a group; never rename.
 */
export type ErrorCode =
  // decode / structure
  | 'EMPTY'
  | 'TOO_LARGE'
  | 'BAD_SEGMENT_COUNT'
  | 'BAD_CHARACTERS'
  | 'BAD_BASE64URL'
  | 'BAD_UTF8'
  | 'HEADER_NOT_JSON'
  | 'HEADER_NOT_OBJECT'
  | 'HEADER_TOO_DEEP'
  | 'MISSING_ALG'
  | 'NOT_COMPACT'           // JSON serialization (or other JSON) where a compact token was expected
  // keys
  | 'KEY_UNRECOGNISED'
  | 'KEY_BAD_PEM'
  | 'KEY_BAD_JWK'
  | 'KEY_ENCRYPTED_PEM'
  | 'KEY_UNSUPPORTED'
  | 'KEY_ALG_MISMATCH'
  | 'KEY_TOO_SHORT'
  | 'KEY_NOT_PRIVATE'
  | 'KEY_NO_PUBLIC'
  | 'KEY_EMPTY_SET'
  | 'KEY_TEXT_NOT_SECRET'
  // sign / encrypt
  | 'ALG_NONE_REFUSED'
  | 'ALG_UNSUPPORTED'
  | 'HEADER_REFUSED'
  | 'CLAIMS_INVALID'
  | 'TTL_INVALID'
  | 'PBES2_NOT_ALLOWED'
  | 'NESTING_TOO_DEEP'
  | 'PBES2_COUNT_TOO_HIGH'
  // verify / decrypt
  | 'NO_KEYS'
  | 'DECRYPT_FAILED'
  // presets, profiles, embed templates
  | 'PRESET_INVALID'
  | 'PRESET_UNKNOWN'
  | 'EMBED_INVALID'
  | 'EDIT_REFUSED'        // a form edit the profile's YAML cannot take as it stands
  | 'YAML_LIMIT'          // a profile or preset over a YAML bound (nesting, values, aliases, tokens)
  // trusted issuers
  | 'ISSUER_URL_INVALID'  // an issuer or jwks_uri that may not be fetched (scheme, user info, query, fragment, characters, length)
  | 'DISCOVERY_INVALID'   // a discovery document that is not bounded strict JSON with a string issuer and a fetchable jwks_uri
  | 'DISCOVERY_ISSUER_MISMATCH' // a discovery document whose issuer is not exactly the trusted one
  | 'JWKS_INVALID'        // a JWK Set that is not bounded strict JSON {"keys": [...]}, or holds no key that can verify
  | 'ISSUER_SETTING_INVALID' // a trusted-issuers setting entry that is not an issuer URL or {issuer, jwksUri?, audiences?} with those members well formed
  | 'INTERNAL';

/** Something a person should know about a token that decoded; not an error. */
export interface Finding {
  code: FindingCode;
  severity: 'error' | 'warning' | 'info';
  message: string;
  /** Which part of the token it is about. */
  where?: 'header' | 'payload' | 'signature' | 'token' | 'disclosure' | 'key-binding';
}

export type FindingCode =
  | 'ALG_NONE'              // alg none (any case): unsigned
  | 'NO_SIGNATURE'          // empty signature segment on a signed alg
  | 'B64_FALSE'             // RFC 7797 unencoded payload, with crit
  | 'B64_WITHOUT_CRIT'      // b64 present but not in crit: ignored by compliant parsers
  | 'CRIT'                  // critical extension(s) this tool does not understand
  | 'DUPLICATE_KEY'         // duplicate JSON member names
  | 'NON_CANONICAL_BASE64URL' // padding or non-zero trailing bits
  | 'OVERSIZE'              // over the display bound; parts summarised
  | 'NESTED_JWT'            // cty JWT or payload is itself a token
  | 'EMBEDDED_JWK'          // jwk in header: never trusted
  | 'KEY_URL'               // jku / x5u: never fetched
  | 'X5C'                   // certificate chain in header: untrusted
  | 'ZIP_IN_JWS'            // zip in a JWS header: ignored
  | 'BOM'                   // UTF-8 BOM before JSON: parser differential
  | 'PAYLOAD_NOT_CLAIMS'    // payload is not a JSON object
  | 'SUSPICIOUS_TEXT'       // bidi overrides, control chars, lone surrogates
  | 'LONG_KID'              // kid longer than 256 characters
  | 'DEEP_JSON'             // nesting beyond the render bound
  | 'UNSAFE_INTEGER'        // integer beyond 2^53: shown as written
  | 'PROTO_KEY'             // __proto__ / constructor / prototype member
  | 'ALG_MISSING'           // no alg in a JWS header
  | 'ENC_MISSING'           // five segments but no string enc in the header
  | 'MALFORMED_SEGMENT'     // a signature/JWE segment is not valid base64url: cannot be checked
  | 'ALG_UNSUPPORTED'       // a JWS alg this tool never verifies (unknown, Ed448, an encryption alg)
  // SD-JWT (RFC 9901)
  | 'SD_JWT_FORMAT'         // parts, the issuer-signed JWT or payload not as RFC 9901 requires
  | 'SD_ALG_UNSUPPORTED'    // _sd_alg is not a hash computed here: digests unchecked
  | 'SD_DISCLOSURE_MALFORMED' // not base64url JSON [salt, name, value] / [salt, value]
  | 'SD_DISCLOSURE_UNREFERENCED' // no digest refers to it: tampered, foreign or orphaned
  | 'SD_DISCLOSURE_REFUSED' // its digest is found, but the RFC rejects it there
  | 'SD_DISCLOSURE_REPEATED' // the same disclosure sent twice
  | 'SD_DIGEST_REPEATED'    // a digest appears more than once
  | 'SD_KEY_BINDING'        // the key-binding JWT does not decode or lacks typ / claims
  | 'SD_HASH_MISMATCH';     // the key-binding JWT's sd_hash is not this presentation's

/** A JSON value. Objects parsed from tokens are plain own-property objects (JSON.parse); never merge them into others. */
export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
export type JsonObject = { [key: string]: Json };
