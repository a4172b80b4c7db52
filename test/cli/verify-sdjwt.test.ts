// SD-JWT presentations (RFC 9901's own examples) through the built `jwt-studio verify` and `decode`.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { runCli, tempFolder } from './cli';

const fixtures = JSON.parse(readFileSync(join(import.meta.dirname, '../fixtures/conformance/sd-jwt/rfc9901.json'), 'utf8')) as { issuerKey: object; examples: { id: string; kind: string; text: string }[] };
const example = (kind: string): string => fixtures.examples.find((e) => e.kind === kind)!.text;

function withIssuerKey<T>(body: (keyFile: string) => Promise<T>): Promise<T> {
  const { dir, cleanup } = tempFolder();
  const keyFile = join(dir, 'issuer.jwk.json');
  writeFileSync(keyFile, JSON.stringify(fixtures.issuerKey), { mode: 0o600 });
  return body(keyFile).finally(cleanup);
}

test('verify: an RFC 9901 presentation with a key-binding JWT is valid, and says what it rests on', () =>
  withIssuerKey(async (key) => {
    const run = await runCli(['verify', '-', '--key', key], { stdin: example('sd-jwt+kb') });
    assert.equal(run.code, 0, run.stderr);
    assert.match(run.stdout, /^valid: SD-JWT: issuer signature by key .*issuer\.jwk\.json \(ES256, matched by alg\); claims checked: .*; every disclosure in place; key binding verified\n$/);
  }));

test('verify: a presentation with a changed disclosure is invalid (exit 1), though the issuer signature holds', () =>
  withIssuerKey(async (key) => {
    const parts = example('sd-jwt').split('~');
    parts[1] = `${parts[1]!.slice(0, -2)}AA`;
    const run = await runCli(['verify', '-', '--key', key, '--json'], { stdin: parts.join('~') });
    assert.equal(run.code, 1);
    assert.match(run.stderr, /the SD-JWT presentation is not intact \(disclosure 1 .*\); the issuer's signature by key/);
    const json = JSON.parse(run.stdout);
    assert.equal(json.sdJwt.intact, false);
  }));

test('verify: a presentation signed by another issuer is invalid', async () => {
  const { dir, cleanup } = tempFolder();
  try {
    const other = join(dir, 'other.jwk.json');
    // The RFC's issuer key with its x and y taken from another P-256 point: a valid key that did not sign.
    const { createECDH } = await import('node:crypto');
    const ecdh = createECDH('prime256v1');
    ecdh.generateKeys();
    const point = ecdh.getPublicKey();
    writeFileSync(other, JSON.stringify({ kty: 'EC', crv: 'P-256', x: point.subarray(1, 33).toString('base64url'), y: point.subarray(33).toString('base64url') }));
    const run = await runCli(['verify', '-', '--key', other], { stdin: example('sd-jwt') });
    assert.equal(run.code, 1);
    assert.match(run.stderr, /signature/);
  } finally {
    cleanup();
  }
});

test('decode: an SD-JWT is one token, with its disclosures and key binding', async () => {
  const run = await runCli(['decode', '-'], { stdin: example('sd-jwt+kb') });
  assert.equal(run.code, 0, run.stderr);
  assert.match(run.stdout, /^\/\/ SD-JWT · ES256 · \d+ disclosures · key binding\n/);
  // decode checks no signature, so matching digests are not called intact.
  assert.match(run.stdout, /\/\/ Disclosures match the digests \(all \d+ disclosures placed; .*\), but the issuer signature is not checked/);
  assert.doesNotMatch(run.stdout, /Presentation intact/);
  assert.match(run.stdout, /"disclosures": \[/);
});
