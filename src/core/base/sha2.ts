// SHA-256, SHA-384 and SHA-512, synchronous, from @noble/hashes (audited,
// dependency-free). The core decodes tokens synchronously (hover, hints and
// diagnostics read the result at once), and WebCrypto's digest is
// asynchronous; SD-JWT digests are over at most a megabyte of disclosures.

import { sha256, sha384, sha512 } from '@noble/hashes/sha2.js';

/** The SD-JWT `_sd_alg` names (IANA "Named Information Hash Algorithm" registry) computed here. */
export type Sha2Name = 'sha-256' | 'sha-384' | 'sha-512';

export function isSha2Name(name: unknown): name is Sha2Name {
  return name === 'sha-256' || name === 'sha-384' || name === 'sha-512';
}

export function sha2(name: Sha2Name, data: Uint8Array): Uint8Array {
  if (name === 'sha-256') return sha256(data);
  return name === 'sha-384' ? sha384(data) : sha512(data);
}
