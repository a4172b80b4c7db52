// What each language's library can do: which JWS algorithms it signs, which
// JWE algorithms it encrypts with (none, for most), and what a key is made of
// for each algorithm family. The generators and the README's table read this.

import type { JweKeyAlg, JwsAlg } from '../base/types';
import type { CodeLanguage } from './literals';

export const CODE_LANGUAGES: readonly CodeLanguage[] = ['node', 'node-jsonwebtoken', 'python', 'go', 'java', 'csharp', 'php', 'ruby'];

/** What a signing key is: a shared secret (text), or a PEM private key of one kind. */
export type SigningKeyKind = 'secret' | 'rsa' | 'ec' | 'ed25519' | 'ml-dsa';
/** What a recipient's key is: a PEM public key, a raw key (base64url, as a JWK's "k") or a password. */
export type RecipientKeyKind = 'rsa' | 'ec' | 'raw' | 'password';

export interface Library {
  language: string;
  /** The package, as its ecosystem names it. */
  library: string;
  /** How a developer adds it. */
  install: string;
  signs: (alg: JwsAlg) => boolean;
  /** The JWE key-management algorithms it encrypts with; empty when it has no JWE. */
  encrypts: readonly JweKeyAlg[];
  /** Why an algorithm is not signed, for the message. */
  signNote?: string;
}

const family = (alg: JwsAlg): string => (alg.startsWith('ML-DSA') ? 'ML' : alg === 'EdDSA' || alg === 'Ed25519' ? 'Ed' : alg.slice(0, 2));
const classic = (alg: JwsAlg): boolean => ['HS', 'RS', 'PS', 'ES'].includes(family(alg));

const ALL_JWE: readonly JweKeyAlg[] = [
  'dir', 'A128KW', 'A192KW', 'A256KW', 'A128GCMKW', 'A192GCMKW', 'A256GCMKW',
  'RSA-OAEP', 'RSA-OAEP-256', 'RSA-OAEP-384', 'RSA-OAEP-512',
  'ECDH-ES', 'ECDH-ES+A128KW', 'ECDH-ES+A192KW', 'ECDH-ES+A256KW',
  'PBES2-HS256+A128KW', 'PBES2-HS384+A192KW', 'PBES2-HS512+A256KW',
];

export const LIBRARIES: Readonly<Record<CodeLanguage, Library>> = {
  node: { language: 'Node.js', library: 'jose', install: 'npm install jose', signs: () => true, encrypts: ALL_JWE, signNote: 'ML-DSA needs a Node whose WebCrypto has it' },
  'node-jsonwebtoken': { language: 'Node.js', library: 'jsonwebtoken', install: 'npm install jsonwebtoken', signs: classic, encrypts: [], signNote: 'jsonwebtoken signs HS, RS, PS and ES algorithms only' },
  python: { language: 'Python', library: 'PyJWT', install: 'pip install "pyjwt[crypto]"', signs: (alg) => classic(alg) || alg === 'EdDSA', encrypts: [], signNote: 'PyJWT signs HS, RS, PS, ES and EdDSA' },
  go: { language: 'Go', library: 'github.com/golang-jwt/jwt/v4', install: 'go get github.com/golang-jwt/jwt/v4', signs: (alg) => classic(alg) || alg === 'EdDSA', encrypts: [], signNote: 'golang-jwt signs HS, RS, PS, ES and EdDSA' },
  java: {
    language: 'Java',
    library: 'com.nimbusds:nimbus-jose-jwt',
    install: 'Maven: com.nimbusds:nimbus-jose-jwt',
    signs: classic,
    encrypts: ['dir', 'A128KW', 'A192KW', 'A256KW', 'A128GCMKW', 'A192GCMKW', 'A256GCMKW', 'RSA-OAEP-256', 'RSA-OAEP-384', 'RSA-OAEP-512', 'ECDH-ES', 'ECDH-ES+A128KW', 'ECDH-ES+A192KW', 'ECDH-ES+A256KW'],
    signNote: 'nimbus-jose-jwt signs Ed25519 only with Google Tink added, which this code does not use',
  },
  csharp: {
    language: 'C#',
    library: 'Microsoft.IdentityModel.JsonWebTokens',
    install: 'dotnet add package Microsoft.IdentityModel.JsonWebTokens',
    signs: classic,
    encrypts: ['RSA-OAEP', 'A128KW', 'A256KW'],
    signNote: 'Microsoft.IdentityModel signs HS, RS, PS and ES algorithms only',
  },
  php: {
    language: 'PHP',
    library: 'firebase/php-jwt',
    install: 'composer require firebase/php-jwt',
    signs: (alg) => ['HS256', 'HS384', 'HS512', 'RS256', 'RS384', 'RS512', 'ES256', 'ES384'].includes(alg),
    encrypts: [],
    signNote: 'php-jwt signs HS256/384/512, RS256/384/512, ES256 and ES384 (its EdDSA takes a sodium key, not a PEM)',
  },
  ruby: { language: 'Ruby', library: 'jwt (ruby-jwt)', install: 'gem install jwt', signs: classic, encrypts: [], signNote: 'ruby-jwt signs EdDSA only with the rbnacl gem, which this code does not use' },
};

export function signingKeyKind(alg: JwsAlg): SigningKeyKind {
  const f = family(alg);
  return f === 'HS' ? 'secret' : f === 'RS' || f === 'PS' ? 'rsa' : f === 'ES' ? 'ec' : f === 'Ed' ? 'ed25519' : 'ml-dsa';
}

export function recipientKeyKind(alg: JweKeyAlg): RecipientKeyKind {
  if (alg.startsWith('RSA-')) return 'rsa';
  if (alg.startsWith('ECDH-ES')) return 'ec';
  if (alg.startsWith('PBES2-')) return 'password';
  return 'raw';
}

/** What the code says of a key text that opens like JSON but is no oct JWK (never the text itself: it may be the secret). */
export const NOT_A_SECRET_JWK = 'the text opens like a JWK but is not a shared secret\'s (kty "oct" with "k")';

/** What the key's environment variable holds, in words (Java's KeyFactory reads only PKCS#8 and SPKI PEM). */
export function keyWords(kind: SigningKeyKind | RecipientKeyKind, recipient = false, lang?: CodeLanguage): string {
  switch (kind) {
    case 'secret':
      return 'the shared secret (as text, or an oct JWK)';
    case 'password':
      return 'the password';
    case 'raw':
      return "the key's bytes in base64url (a JWK's \"k\")";
    case 'rsa':
    case 'ec':
    case 'ed25519':
    case 'ml-dsa': {
      const name = kind === 'rsa' ? 'RSA' : kind === 'ec' ? 'EC' : kind === 'ed25519' ? 'Ed25519' : 'ML-DSA';
      if (lang === 'java') return recipient ? `the recipient's ${name} public key as SPKI PEM (a PUBLIC KEY block)` : `the ${name} private key as PKCS#8 PEM (a PRIVATE KEY block: convert others with openssl pkcs8 -topk8 -nocrypt)`;
      return recipient ? `the recipient's ${name} public key (PEM)` : `the ${name} private key (PEM)`;
    }
  }
}
