// Trusted issuers: one entry of the trusted-issuers setting read at the boundary (readTrustedIssuer).
// A malformed member is an error the editor shows, never a check quietly skipped.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readTrustedIssuer } from '../../src/core/index';
import type { TrustedIssuer } from '../../src/core/index';

const ISSUER = 'https://idp.example.com/realms/dev';

function read(value: unknown): TrustedIssuer {
  const r = readTrustedIssuer(value);
  if (!r.ok) assert.fail(r.error.message);
  return r.trusted;
}

function refused(value: unknown, code: string, words: RegExp): void {
  const r = readTrustedIssuer(value);
  assert.ok(!r.ok, JSON.stringify(value));
  assert.equal(r.error.code, code);
  assert.match(r.error.message, words);
}

test('an issuer URL, or an object with its jwks_uri and audiences', () => {
  assert.deepEqual(read(ISSUER), { issuer: ISSUER });
  assert.deepEqual(read({ issuer: ISSUER }), { issuer: ISSUER });
  assert.deepEqual(read({ issuer: ISSUER, jwksUri: 'https://keys.example.net/certs', audiences: ['api://orders', 'api://billing'] }), {
    issuer: ISSUER,
    jwksUri: 'https://keys.example.net/certs',
    audiences: ['api://orders', 'api://billing'],
  });
  // One audience may be written as a string; an empty list, null or an empty jwksUri are the same as none.
  assert.deepEqual(read({ issuer: ISSUER, audiences: 'api://orders' }), { issuer: ISSUER, audiences: ['api://orders'] });
  assert.deepEqual(read({ issuer: ISSUER, audiences: [], jwksUri: '' }), { issuer: ISSUER });
  assert.deepEqual(read({ issuer: ISSUER, audiences: null, jwksUri: null }), { issuer: ISSUER });
  // The issuer is kept exactly as given: iss is compared with it.
  assert.deepEqual(read('https://EXAMPLE.com/Tenant/'), { issuer: 'https://EXAMPLE.com/Tenant/' });
});

test('audiences that are not a list of non-empty strings are an error, never an aud check skipped', () => {
  for (const [audiences, words] of [
    [5, /"audiences" of issuer 'https:\/\/idp\.example\.com\/realms\/dev' are a number, not a list of strings: give the audiences its tokens are for/],
    [[5], /are a list whose entry 1 is a number, not a string/],
    [['api://orders', { aud: 'x' }], /are a list whose entry 2 is an object, not a string/],
    [[''], /are a list whose entry 1 is empty/],
    ['', /are a list whose entry 1 is empty/],
    [{ 0: 'api://orders' }, /are an object, not a list of strings/],
    [Array(101).fill('a'), /are a list of 101, more than the 100 read/],
    [['x'.repeat(2049)], /entry 1 is 2049 characters long/],
  ] as const) {
    refused({ issuer: ISSUER, audiences }, 'ISSUER_SETTING_INVALID', words);
  }
});

test('a misspelt or unknown member is refused, naming the one meant', () => {
  refused({ issuer: ISSUER, audience: 'api://orders' }, 'ISSUER_SETTING_INVALID', /has the member "audience" \(did you mean "audiences"\?\), which is not read: only "issuer", "jwksUri" and "audiences" are\./);
  refused({ issuer: ISSUER, jwks_uri: 'https://idp.example.com/certs' }, 'ISSUER_SETTING_INVALID', /"jwks_uri" \(did you mean "jwksUri"\?\)/);
  refused({ iss: ISSUER }, 'ISSUER_SETTING_INVALID', /"iss" \(did you mean "issuer"\?\)/);
  refused({ issuer: ISSUER, color: 'red' }, 'ISSUER_SETTING_INVALID', /has the member "color", which is not read/);
  refused({ issuer: ISSUER, 'x\u202Ey': 1 }, 'ISSUER_SETTING_INVALID', /"x\\u202Ey"/);
  // Not through the prototype: a parsed "__proto__" member is an own member like any other.
  refused(JSON.parse(`{"issuer": "${ISSUER}", "__proto__": {"audiences": 5}}`), 'ISSUER_SETTING_INVALID', /"__proto__"/);
});

test('the issuer and its jwks_uri follow the URL rules; a remote issuer\'s keys are not on this machine', () => {
  refused('http://idp.example.com', 'ISSUER_URL_INVALID', /plain http/);
  refused({ issuer: 'accounts.google.com' }, 'ISSUER_URL_INVALID', /does not start with https:\/\//);
  refused({ jwksUri: 'https://idp.example.com/certs' }, 'ISSUER_SETTING_INVALID', /has no "issuer"/);
  refused({ issuer: 42 }, 'ISSUER_SETTING_INVALID', /an "issuer" that is a number/);
  refused({ issuer: ISSUER, jwksUri: 'http://idp.example.com/certs' }, 'ISSUER_URL_INVALID', /plain http/);
  refused({ issuer: ISSUER, jwksUri: 'http://127.0.0.1:631/admin' }, 'ISSUER_URL_INVALID', /is on this machine \(127\.0\.0\.1:631\), but the issuer idp\.example\.com is not/);
  refused({ issuer: ISSUER, jwksUri: ['https://idp.example.com/certs'] }, 'ISSUER_SETTING_INVALID', /"jwksUri" of issuer .* is an array/);
  assert.deepEqual(read({ issuer: 'http://localhost:8080/realms/dev', jwksUri: 'http://127.0.0.1:8081/jwks' }), { issuer: 'http://localhost:8080/realms/dev', jwksUri: 'http://127.0.0.1:8081/jwks' });
});

test('not an entry at all: refused, never thrown', () => {
  for (const value of [undefined, null, 42, true, ['https://a.example'], ''] as const) {
    const r = readTrustedIssuer(value);
    assert.equal(r.ok, false, String(value));
  }
  refused(42, 'ISSUER_SETTING_INVALID', /A trusted issuer is a number: give an issuer URL, or \{"issuer": "https:\/\/…"/);
});
