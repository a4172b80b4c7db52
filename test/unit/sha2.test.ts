// The synchronous SHA-256 / 384 / 512 behind SD-JWT digests (src/core/base/sha2.ts, over @noble/hashes),
// against node:crypto at every length around the block and padding edges, and
// the FIPS 180-4 example values.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash, randomBytes } from 'node:crypto';
import { isSha2Name, sha2 } from '../../src/core/base/sha2';

const NAMES = ['sha-256', 'sha-384', 'sha-512'] as const;

test('sha2 agrees with node:crypto at every length from 0 to 300 bytes and at larger sizes', () => {
  const lengths = [...Array.from({ length: 301 }, (_, n) => n), 1000, 4096, 65_537];
  for (const n of lengths) {
    const data = randomBytes(n);
    for (const name of NAMES) {
      assert.equal(Buffer.from(sha2(name, data)).toString('hex'), createHash(name.replace('-', '')).update(data).digest('hex'), `${name}, ${n} bytes`);
    }
  }
});

test('sha2: the FIPS 180-4 "abc" examples', () => {
  const abc = new TextEncoder().encode('abc');
  assert.equal(Buffer.from(sha2('sha-256', abc)).toString('hex'), 'ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
  assert.equal(Buffer.from(sha2('sha-384', abc)).toString('hex'), 'cb00753f45a35e8bb5a03d699ac65007272c32ab0eded1631a8b605a43ff5bed8086072ba1e7cc2358baeca134c825a7');
  assert.equal(
    Buffer.from(sha2('sha-512', abc)).toString('hex'),
    'ddaf35a193617abacc417349ae20413112e6fa4e89a97ea20a9eeee64b55d39a2192992a274fc1a836ba3c23a3feebbd454d4423643ce80e2a9ac94fa54ca49f',
  );
});

test('isSha2Name takes only the IANA names computed here', () => {
  assert.deepEqual(['sha-256', 'sha-384', 'sha-512', 'SHA-256', 'sha256', 'sha3-256', 'md5', 1].map(isSha2Name), [true, true, true, false, false, false, false, false]);
});
