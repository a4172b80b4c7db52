// The trusted issuers' key cache (src/issuers/issuerKeysStore.ts) over a Memento stand-in: a failed fetch
// keeps the keys from before, the count is bounded, the state is read only when first needed, and whatever
// the state holds is read with care.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { mayRefetch, REFETCH_INTERVAL_MS } from '../../src/core';
import type { IssuerKeys } from '../../src/core';
import { ISSUER_KEYS_STATE, IssuerKeysStore, MAX_STORED_ISSUERS, type StateStore } from '../../src/issuers/issuerKeysStore';

class MemoryState implements StateStore {
  reads = 0;
  writes = 0;
  constructor(private value: unknown = undefined) {}
  get<T>(key: string): T | undefined {
    assert.equal(key, ISSUER_KEYS_STATE);
    this.reads += 1;
    return this.value as T | undefined;
  }
  update(key: string, value: unknown): Thenable<void> {
    assert.equal(key, ISSUER_KEYS_STATE);
    this.writes += 1;
    // What globalState does: the value is stored as JSON.
    this.value = JSON.parse(JSON.stringify(value));
    return Promise.resolve();
  }
  saved(): unknown {
    return this.value;
  }
}

const issuer = 'https://login.example.com/realms/main';

function keysOf(name: string, kids: string[], fetchedAt: number): IssuerKeys {
  return { issuer: name, jwksUri: `${name}/certs`, keys: kids.map((kid) => ({ kty: 'EC', crv: 'P-256', x: 'x', y: 'y', kid })), fetchedAt, freshUntil: fetchedAt + 3_600_000 };
}

describe('issuer key cache', () => {
  test('reads the state only when first asked, once', () => {
    const state = new MemoryState();
    const store = new IssuerKeysStore(state);
    assert.equal(state.reads, 0, 'constructing the store reads nothing');
    assert.equal(store.get(issuer), undefined);
    store.get(issuer);
    assert.equal(state.reads, 1);
  });

  test('a success stores the keys, the time and the notes; a failure after it keeps them and records the error', async () => {
    const state = new MemoryState();
    const store = new IssuerKeysStore(state);
    await store.recordSuccess(issuer, keysOf(issuer, ['k1', 'k2'], 1000), ['Key 3 skipped: "use" is "enc".'], 1000);
    await store.recordFailure(issuer, 'the JWK Set at https://login.example.com/certs was refused: "keys" is not a list.', 5000);
    const entry = store.get(issuer);
    assert.deepEqual(entry?.keys?.keys.map((k) => k.kid), ['k1', 'k2'], 'nothing of the bad answer replaced the keys');
    assert.equal(entry?.keys?.fetchedAt, 1000);
    assert.equal(entry?.lastAttemptAt, 5000);
    assert.match(entry?.lastError ?? '', /"keys" is not a list/);
    assert.deepEqual(entry?.notes, ['Key 3 skipped: "use" is "enc".']);
    // And so does a new store over the same state (a restart).
    const again = new IssuerKeysStore(state).get(issuer);
    assert.deepEqual(again?.keys?.keys.map((k) => k.kid), ['k1', 'k2']);
    assert.match(again?.lastError ?? '', /not a list/);
  });

  test('a later success clears the error and replaces the keys', async () => {
    const store = new IssuerKeysStore(new MemoryState());
    await store.recordSuccess(issuer, keysOf(issuer, ['k1'], 1000), [], 1000);
    await store.recordFailure(issuer, 'could not reach login.example.com (ECONNREFUSED).', 2000);
    await store.recordSuccess(issuer, keysOf(issuer, ['k2'], 3000), [], 3000);
    const entry = store.get(issuer);
    assert.equal(entry?.lastError, undefined);
    assert.deepEqual(entry?.keys?.keys.map((k) => k.kid), ['k2']);
  });

  test('a failure with nothing before stores no keys', async () => {
    const store = new IssuerKeysStore(new MemoryState());
    await store.recordFailure(issuer, 'login.example.com answered HTTP 500.', 1000);
    assert.equal(store.get(issuer)?.keys, undefined);
    assert.equal(store.get(issuer)?.lastAttemptAt, 1000);
  });

  test(`keeps at most ${MAX_STORED_ISSUERS} issuers, dropping the one used longest ago`, async () => {
    const state = new MemoryState();
    const store = new IssuerKeysStore(state);
    const name = (i: number): string => `https://idp${i}.example.com`;
    for (let i = 0; i < MAX_STORED_ISSUERS; i++) await store.recordSuccess(name(i), keysOf(name(i), ['k'], 10_000 + i), [], 10_000 + i);
    // Issuer 0 is fetched again, so issuer 1 becomes the oldest.
    await store.recordSuccess(name(0), keysOf(name(0), ['k'], 99_000), [], 99_000);
    await store.recordSuccess(name(MAX_STORED_ISSUERS), keysOf(name(MAX_STORED_ISSUERS), ['k'], 100_000), [], 100_000);
    assert.ok(store.get(name(0)), 'the issuer used lately stays');
    assert.equal(store.get(name(1)), undefined, 'the oldest went');
    assert.ok(store.get(name(MAX_STORED_ISSUERS)));
    assert.equal((state.saved() as unknown[]).length, MAX_STORED_ISSUERS);
  });

  test('remove deletes the issuer and its keys from the state', async () => {
    const state = new MemoryState();
    const store = new IssuerKeysStore(state);
    await store.recordSuccess(issuer, keysOf(issuer, ['k1'], 1000), [], 1000);
    await store.remove(issuer);
    assert.equal(store.get(issuer), undefined);
    assert.deepEqual(state.saved(), []);
    const writes = state.writes;
    await store.remove(issuer);
    assert.equal(state.writes, writes, 'removing an issuer that is not there writes nothing');
  });

  test('markAttempt is seen at once (the refetch limit counts from it) and is saved with the outcome', async () => {
    const state = new MemoryState();
    const store = new IssuerKeysStore(state);
    store.markAttempt(issuer, 4242);
    assert.equal(store.get(issuer)?.lastAttemptAt, 4242);
    assert.equal(state.writes, 0);
  });

  test('a background fetch is allowed once per REFETCH_INTERVAL_MS per issuer; the person\'s own fetches do not count', async () => {
    const state = new MemoryState();
    const store = new IssuerKeysStore(state);
    const t = 1_000_000_000;
    // Trusted a minute ago: an unknown kid now still gets its one fetch.
    await store.recordSuccess(issuer, keysOf(issuer, ['k1'], t - 60_000), [], t - 60_000);
    assert.equal(store.claimRefetch(issuer, t, mayRefetch), true);
    assert.equal(store.claimRefetch(issuer, t + 1, mayRefetch), false, 'a second token with an unknown kid waits');
    await store.recordFailure(issuer, 'could not reach login.example.com (ECONNREFUSED).', t + 2);
    await store.recordSuccess(issuer, keysOf(issuer, ['k2'], t + 3), [], t + 3);
    assert.equal(store.claimRefetch(issuer, t + REFETCH_INTERVAL_MS - 1, mayRefetch), false, 'outcomes do not reset the wait');
    assert.equal(new IssuerKeysStore(state).claimRefetch(issuer, t + 10, mayRefetch), false, 'the wait survives a restart');
    assert.equal(store.claimRefetch(issuer, t + REFETCH_INTERVAL_MS, mayRefetch), true);
    assert.equal(store.claimRefetch('https://other.example', t + 1, mayRefetch), true, 'each issuer waits on its own');
  });

  test('a damaged state is read as far as it makes sense, never thrown on', () => {
    const saved = [
      null,
      'text',
      { issuer: 42 },
      { issuer: 'https://a.example', keys: { jwksUri: 'https://a.example/certs', keys: 'nope', fetchedAt: 1, freshUntil: 2 } },
      { issuer: 'https://b.example', keys: { jwksUri: 'https://b.example/certs', keys: [{ kty: 'RSA', kid: 'b1' }, 7, null], fetchedAt: 1, freshUntil: 2 }, notes: ['ok', 3], lastAttemptAt: 'soon', lastError: 'x'.repeat(5000) },
    ];
    const store = new IssuerKeysStore(new MemoryState(saved));
    assert.equal(store.get('https://a.example')?.keys, undefined, 'keys that are not a list are dropped');
    const b = store.get('https://b.example');
    assert.deepEqual(b?.keys?.keys, [{ kty: 'RSA', kid: 'b1' }]);
    assert.deepEqual(b?.notes, ['ok']);
    assert.equal(b?.lastAttemptAt, undefined);
    assert.ok((b?.lastError?.length ?? 0) <= 600);
    assert.equal(new IssuerKeysStore(new MemoryState({ not: 'a list' })).get('https://a.example'), undefined);
  });
});
