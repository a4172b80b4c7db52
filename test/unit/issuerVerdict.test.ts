// A token the key ring does not verify, judged with its trusted issuer's cached keys
// (src/issuers/issuerVerdict.ts), with the core's verification and a stand-in for the issuers' service:
// an untrusted iss is offered and never fetched, a new kid fetches once and is judged again, stale keys
// still verify, and the verdict names the issuer, its fetch time and the claims its settings check.
import assert from 'node:assert/strict';
import type { KeyObject } from 'node:crypto';
import { describe, test } from 'node:test';
import { SignJWT } from 'jose';
import { issuerSignatureState, tokenIssuer, trustableIssuer, verifyWithIssuer } from '../../src/core';
import type { IssuerKeys, Jwk } from '../../src/core';
import type { Verdict } from '../../src/documents/verdicts';
import type { IssuerLookup, IssuerSourceApi, RefetchReason } from '../../src/issuers/issuerApi';
import type { StoredIssuer } from '../../src/issuers/issuerKeysStore';
import { issuerVerdict } from '../../src/issuers/issuerVerdict';
import { keyPair } from '../keyPairs';

const core = { issuerSignatureState, tokenIssuer, trustableIssuer, verifyWithIssuer };
const ISSUER = 'https://login.example.com/realms/main';
const ring: Verdict = { state: { status: 'no-keys' } };

function signingKey(kid: string): { kid: string; privateKey: KeyObject; jwk: Jwk } {
  const { privateKey, publicKey } = keyPair('ec', { namedCurve: 'P-256' });
  return { kid, privateKey, jwk: { ...(publicKey.export({ format: 'jwk' }) as Jwk), kid, alg: 'ES256', use: 'sig' } };
}

function sign(key: { kid: string; privateKey: KeyObject }, claims: { iss?: string; aud?: string } = {}): Promise<string> {
  const jwt = new SignJWT({ sub: 'ada' }).setProtectedHeader({ alg: 'ES256', kid: key.kid }).setIssuer(claims.iss ?? ISSUER).setExpirationTime('1h');
  return (claims.aud ? jwt.setAudience(claims.aud) : jwt).sign(key.privateKey);
}

function keysOf(jwks: Jwk[], fetchedAt = Date.now() - 60_000, freshUntil = Date.now() + 3_600_000): IssuerKeys {
  return { issuer: ISSUER, jwksUri: `${ISSUER}/certs`, keys: jwks, fetchedAt, freshUntil };
}

/** The issuers' service as the verdict sees it: one trusted issuer, what the cache holds, and each refetch asked for. */
class Issuers implements IssuerSourceApi {
  readonly refetches: RefetchReason[] = [];
  constructor(
    public stored: StoredIssuer | undefined,
    private readonly options: { audiences?: string[]; hostConfirmed?: boolean; onRefetch?: () => StoredIssuer | undefined } = {},
  ) {}
  lookup(iss: string): IssuerLookup | undefined {
    if (iss !== ISSUER) return undefined;
    const trusted = { issuer: ISSUER, host: 'login.example.com', scopes: ['global' as const], ...(this.options.audiences ? { audiences: this.options.audiences } : {}) };
    return { trusted, stored: this.stored, hostConfirmed: this.options.hostConfirmed ?? true };
  }
  refetch(_iss: string, reason: RefetchReason): Promise<boolean> | undefined {
    this.refetches.push(reason);
    if (!this.options.onRefetch) return undefined;
    this.stored = this.options.onRefetch();
    return Promise.resolve(true);
  }
}

describe('verdicts with a trusted issuer', () => {
  const first = signingKey('k1');
  const second = signingKey('k2');

  test('an iss nobody trusted is offered, and nothing is fetched', async () => {
    const issuers = new Issuers(undefined);
    const token = await sign(first, { iss: 'https://unknown.example.com' });
    const verdict = await issuerVerdict(token, ring, issuers, core);
    assert.equal(verdict.issuerOffer, 'https://unknown.example.com');
    assert.equal(verdict.state.status, 'no-keys');
    assert.deepEqual(issuers.refetches, []);
    // An iss that could never be fetched (plain http elsewhere, not a URL) is not offered.
    for (const iss of ['http://plain.example.com', 'not a url']) {
      assert.equal((await issuerVerdict(await sign(first, { iss }), ring, issuers, core)).issuerOffer, undefined, iss);
    }
  });

  test('verified with the cached key: the state names the kid, the issuer and the fetch time', async () => {
    const keys = keysOf([first.jwk]);
    const verdict = await issuerVerdict(await sign(first), ring, new Issuers({ keys }), core);
    assert.equal(verdict.state.status, 'verified');
    assert.ok(verdict.state.status === 'verified');
    assert.equal(verdict.state.key, 'kid k1');
    assert.deepEqual(verdict.state.issuer, { url: ISSUER, fetchedAt: keys.fetchedAt, claimProblems: [] });
    assert.equal(verdict.verifyingKey, first.jwk);
    assert.equal(verdict.entry, undefined, 'no ring entry: never offered for re-signing');
    assert.equal(verdict.issuerNote, undefined);
  });

  test("an aud outside the issuer's audiences is a claim problem on a verified signature", async () => {
    const verdict = await issuerVerdict(await sign(first, { aud: 'someone-else' }), ring, new Issuers({ keys: keysOf([first.jwk]) }, { audiences: ['demo-app'] }), core);
    assert.ok(verdict.state.status === 'verified' && verdict.state.issuer);
    assert.equal(verdict.state.issuer.claimProblems.length, 1);
    assert.match(verdict.state.issuer.claimProblems[0] ?? '', /aud/i);
  });

  test('a new kid fetches once, and the token is judged again with the new keys', async () => {
    const issuers = new Issuers({ keys: keysOf([first.jwk]) }, { onRefetch: () => ({ keys: keysOf([first.jwk, second.jwk], Date.now()) }) });
    const verdict = await issuerVerdict(await sign(second), ring, issuers, core);
    assert.deepEqual(issuers.refetches, ['unknown-kid']);
    assert.ok(verdict.state.status === 'verified');
    assert.equal(verdict.state.key, 'kid k2');
  });

  test('a new kid with no refetch allowed says so: no key of the issuer matches', async () => {
    const issuers = new Issuers({ keys: keysOf([first.jwk]) });
    const verdict = await issuerVerdict(await sign(second), ring, issuers, core);
    assert.deepEqual(issuers.refetches, ['unknown-kid']);
    assert.ok(verdict.state.status === 'no-matching-key');
    assert.equal(verdict.state.issuer?.url, 'https://login.example.com/realms/main');
    assert.match(verdict.issuerNote ?? '', /^The 1 key of issuer https:\/\/login\.example\.com\/realms\/main, fetched 1 min ago, does not include this token's kid; a new kid fetches them again/);
  });

  test('stale keys still verify, and ask for a background fetch', async () => {
    const issuers = new Issuers({ keys: keysOf([first.jwk], Date.now() - 3 * 3_600_000, Date.now() - 3_600_000) });
    const verdict = await issuerVerdict(await sign(first), ring, issuers, core);
    assert.equal(verdict.state.status, 'verified');
    assert.deepEqual(issuers.refetches, ['stale']);
  });

  test("a signature the issuer's key with its kid does not verify is invalid", async () => {
    const token = await sign(first);
    const [header, payload] = token.split('.');
    const forged = `${header}.${payload}.${(await sign(second)).split('.')[2]}`;
    const verdict = await issuerVerdict(forged, ring, new Issuers({ keys: keysOf([first.jwk]) }), core);
    assert.equal(verdict.state.status, 'invalid');
    assert.ok(verdict.state.status === 'invalid');
    assert.match(verdict.state.detail ?? '', /kid 'k1'.* of issuer https:\/\/login\.example\.com\/realms\/main does not verify it/);
  });

  test('no keys yet: fetched in the background when the host was confirmed, else a note says how', async () => {
    const fetched = new Issuers(undefined, { onRefetch: () => ({ keys: keysOf([first.jwk], Date.now()) }) });
    assert.equal((await issuerVerdict(await sign(first), ring, fetched, core)).state.status, 'verified');
    assert.deepEqual(fetched.refetches, ['missing']);

    const unconfirmed = new Issuers(undefined, { hostConfirmed: false });
    const verdict = await issuerVerdict(await sign(first), ring, unconfirmed, core);
    assert.equal(verdict.state.status, 'no-keys');
    assert.match(verdict.issuerNote ?? '', /not fetched yet: run "JWT: Refresh Issuer Keys"/);

    const failed = new Issuers({ lastError: 'could not reach login.example.com (ECONNREFUSED).' });
    assert.match((await issuerVerdict(await sign(first), ring, failed, core)).issuerNote ?? '', /could not be fetched: could not reach login\.example\.com/);
  });

  test('with keys kept from before a failed fetch, the verdict says the last fetch failed', async () => {
    const issuers = new Issuers({ keys: keysOf([first.jwk], Date.now() - 2 * 3_600_000), lastError: 'login.example.com answered HTTP 503 for https://login.example.com/realms/main/certs.' });
    const verdict = await issuerVerdict(await sign(first), ring, issuers, core);
    assert.equal(verdict.state.status, 'verified');
    assert.match(verdict.issuerNote ?? '', /^The last fetch failed: .*HTTP 503.* The keys from the fetch before still verify\.$/);
  });
});
