// generateKey makes working pairs on every curve and RSA: the private JWK
// passes the import's pair check, tokens it signs verify with its public half
// alone, tokens encrypted to the public half open with it, and the private
// member of one key on another key's public half is refused. And it makes
// them through asynchronous crypto jobs only (the last test says why).

import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { createHook } from 'node:async_hooks';
import { decryptToken, encryptToken, generateKey, importKey, publicOnly, signToken, verifyToken } from '../../src/core/index';
import type { GenerateKeySpec, KeyMaterial } from '../../src/core/index';

async function generated(spec: GenerateKeySpec): Promise<KeyMaterial> {
  const r = await generateKey(spec);
  if (!r.ok) assert.fail(`${JSON.stringify(spec)}: ${r.error.message}`);
  return r.key;
}

const PAIRS: GenerateKeySpec[] = [
  { alg: 'ES256' },
  { alg: 'ES384' },
  { alg: 'ES512' },
  { alg: 'EdDSA' },
  { alg: 'Ed25519' },
  { alg: 'ECDH-ES', crv: 'P-256' },
  { alg: 'ECDH-ES+A128KW', crv: 'P-384' },
  { alg: 'ECDH-ES+A256KW', crv: 'P-521' },
  { alg: 'ECDH-ES', crv: 'X25519' },
  { alg: 'RS256' },
  { alg: 'RSA-OAEP-256' },
];

const RSA_PRIVATE = ['d', 'p', 'q', 'dp', 'dq', 'qi'] as const;

describe('generateKey: every curve and RSA make a working pair', () => {
  for (const spec of PAIRS) {
    test(`${spec.alg}${spec.crv ? ` on ${spec.crv}` : ''}: the pair check passes, and the public half alone verifies or encrypts`, async () => {
      const key = await generated(spec);
      assert.ok(key.privateJwk && key.publicJwk);

      // The import's pair check (sign and verify, or WebCrypto's own check for X25519; the RSA arithmetic) passes.
      const again = await importKey(JSON.stringify(key.privateJwk), { alg: spec.alg });
      if (!again.ok) assert.fail(again.error.message);
      assert.equal(again.keys.length, 1);
      assert.equal(again.keys[0]?.kid, key.kid);
      assert.deepEqual(again.keys[0]?.publicJwk, key.publicJwk);

      const publicHalf = publicOnly(key);
      if (key.use === 'sig') {
        const signed = await signToken({ key, claims: { sub: 'generated' } });
        if (!signed.ok) assert.fail(signed.error.message);
        assert.equal((await verifyToken(signed.token, [publicHalf])).signature, 'valid');
      } else {
        const sealed = await encryptToken({ key: publicHalf, enc: 'A256GCM', plaintext: 'for the private half only' });
        if (!sealed.ok) assert.fail(sealed.error.message);
        const opened = await decryptToken(sealed.token, [key]);
        if (!opened.ok) assert.fail(opened.error.message);
        assert.equal(opened.plaintext, 'for the private half only');
      }

      // The same check refuses another generated key's private member(s) on this key's public half.
      const other = await generated(spec);
      const mixed: Record<string, unknown> = { ...key.privateJwk };
      for (const m of key.kty === 'RSA' ? RSA_PRIVATE : (['d'] as const)) mixed[m] = other.privateJwk?.[m];
      const refused = await importKey(JSON.stringify(mixed), { alg: spec.alg });
      assert.ok(!refused.ok && refused.error.code === 'KEY_BAD_JWK', `${spec.alg}: a private half that is not this key's is refused`);
    });
  }
});

// Why this test exists: on Node 20 a process hangs for ever (0% CPU) when a key that a synchronous
// crypto job made (node:crypto's generateKeyPairSync) is exported as a JWK while the garbage
// collector frees that job: the job's destructor waits for the key's lock, which the export holds,
// on the same thread. The collector frees only synchronous jobs; an asynchronous one (WebCrypto's,
// which jose and so generateKey use) is freed when it finishes. async_hooks tells them apart: an
// asynchronous job calls back (`before`), a synchronous one never does. This fails if generateKey
// ever makes or exports a key through a synchronous job.
test('generateKey runs every crypto job asynchronously, so none is left for the garbage collector to free', async () => {
  const jobs = new Map<number, { type: string; calledBack: boolean }>();
  const hook = createHook({
    init(id, type) {
      // Random bytes hold no key: getRandomValues fills them in a synchronous job that takes no key's lock.
      if (type.endsWith('REQUEST') && type !== 'RANDOMBYTESREQUEST') jobs.set(id, { type, calledBack: false });
    },
    before(id) {
      const job = jobs.get(id);
      if (job) job.calledBack = true;
    },
  });
  hook.enable();
  try {
    for (const spec of [...PAIRS, { alg: 'HS256' } as const, { alg: 'A128KW' } as const]) await generated(spec);
  } finally {
    hook.disable();
  }
  const all = [...jobs.values()];
  assert.equal(all.filter((job) => job.type === 'KEYPAIRGENREQUEST').length, PAIRS.length, 'one key-pair job for each pair: the hook sees the jobs');
  assert.deepEqual(all.filter((job) => !job.calledBack).map((job) => job.type), [], 'no synchronous crypto job that holds a key');
});
