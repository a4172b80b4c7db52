// Key pairs for tests and benchmarks: node:crypto KeyObjects read back from
// PEM, never the KeyObjects generateKeyPairSync returns.
//
// Why: on Node 20 a process can hang for ever (0% CPU) when a KeyObject made
// by generateKeyPairSync, or its public half, is exported as a JWK or asked
// for its asymmetricKeyDetails (jsonwebtoken asks, when it signs with a
// KeyObject). The synchronous generating job keeps a reference to the key and
// is freed by the garbage collector; those calls hold the key's lock while
// they allocate, and when a collection runs at that moment and frees the job,
// the job's destructor waits for the same lock on the same thread. EC,
// Ed25519, X25519 and RSA keys all hang this way within a few thousand pairs,
// and so does createPublicKey(privateKey) of such a key, which shares its
// lock. PEM and DER exports and signing do not, and neither do keys that
// generateKeyPair (with a callback) or WebCrypto make: their jobs are freed
// when they finish. Here the job hands out PEM text only; createPrivateKey and
// createPublicKey make new keys of it, which no job holds. Lint keeps
// generateKeyPairSync out of every other file.

import { createPrivateKey, createPublicKey, generateKeyPairSync } from 'node:crypto';
import type { KeyObject } from 'node:crypto';

export interface KeyPair {
  privateKey: KeyObject;
  publicKey: KeyObject;
}

const publicKeyEncoding = { type: 'spki', format: 'pem' } as const;
const privateKeyEncoding = { type: 'pkcs8', format: 'pem' } as const;

/** A new key pair, as generateKeyPairSync(type, options) makes it, safe to export as a JWK. */
export function keyPair(type: 'rsa', options: { modulusLength: number }): KeyPair;
export function keyPair(type: 'ec', options: { namedCurve: string }): KeyPair;
export function keyPair(type: 'ed25519' | 'x25519'): KeyPair;
export function keyPair(type: 'rsa' | 'ec' | 'ed25519' | 'x25519', options: { modulusLength?: number; namedCurve?: string } = {}): KeyPair {
  const { modulusLength = 2048, namedCurve = 'P-256' } = options;
  const pems =
    type === 'rsa' ? generateKeyPairSync('rsa', { modulusLength, publicKeyEncoding, privateKeyEncoding })
    : type === 'ec' ? generateKeyPairSync('ec', { namedCurve, publicKeyEncoding, privateKeyEncoding })
    : type === 'ed25519' ? generateKeyPairSync('ed25519', { publicKeyEncoding, privateKeyEncoding })
    : generateKeyPairSync('x25519', { publicKeyEncoding, privateKeyEncoding });
  return { privateKey: createPrivateKey(pems.privateKey), publicKey: createPublicKey(pems.publicKey) };
}
