// The hover's "Certificate chain (x5c)" section (src/core/token/x5cText.ts):
// the words people read for a chain, its dates against the clock, a chain
// that does not link, what the chain is worth with and without the key that
// verified the signature, and hostile or malformed x5c.

import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { X509Certificate } from 'node:crypto';
import { decodeToken, hoverBlocks } from '../../src/core/index';
import type { DecodedToken, HoverBlock, HoverExtras, Jwk } from '../../src/core/index';
import { CHAIN, CN, O, attr, base64, certificate, cn, fixturePem, fixtureX5c, name, rdn } from './x5cBuild';
import { keyPair } from '../keyPairs';

const NOW = Date.UTC(2026, 2, 2, 12, 0, 0);
const b64 = (value: unknown): string => Buffer.from(JSON.stringify(value)).toString('base64url');
const LEAF_JWK = new X509Certificate(fixturePem('leaf')).publicKey.export({ format: 'jwk' }) as Jwk;

function token(header: object, tail = ''): DecodedToken {
  const r = decodeToken(`${b64({ alg: 'ES256', kid: 'k1', ...header })}.${b64({ sub: 'a' })}.c2lnbmF0dXJl${tail}`);
  if (!r.ok) assert.fail(r.error.message);
  return r.token;
}

/** The x5c section as "icon text" lines, from its heading to the next heading. */
function section(blocks: HoverBlock[]): string[] {
  const start = blocks.findIndex((b) => b.kind === 'heading' && b.text === 'Certificate chain (x5c)');
  if (start < 0) return [];
  const out: string[] = [];
  for (const b of blocks.slice(start + 1)) {
    if (b.kind !== 'line') break;
    out.push(`${b.icon ?? '-'} ${b.text}`);
  }
  return out;
}

const hover = (x5c: unknown, extras: HoverExtras = {}, now = NOW): string[] => section(hoverBlocks(token({ x5c }), undefined, extras, now));
const verified: HoverExtras = { signature: { status: 'verified', key: "'issuer-ring-key'" }, verifyingKey: LEAF_JWK };

describe('x5c on hover', () => {
  test('a three-certificate chain: subject, issuer and validity of each, after the header', () => {
    const blocks = hoverBlocks(token({ x5c: CHAIN() }), undefined, verified, NOW);
    const headings = blocks.filter((b) => b.kind === 'heading').map((b) => b.text);
    assert.deepEqual(headings, ['Header', 'Certificate chain (x5c)', 'Payload']);
    assert.deepEqual(section(blocks), [
      "info The leaf certificate holds the key that verified the signature; no certificate's signature is checked, and the chain is not checked against any root.",
      '- Certificate 1 (leaf) · subject: emailAddress=keys@example.test, CN=login.example.test, O=JWT Studio Tests, C=GB',
      '- Issuer: CN=JWT Studio Test Issuing CA, OU=Issuing, O=JWT Studio Tests, L=London, ST=London, C=GB',
      '- Validity 2026-01-01T00:00:00Z → 2026-07-01T00:00:00Z: expires in 120 days',
      '- Certificate 2 · subject: CN=JWT Studio Test Issuing CA, OU=Issuing, O=JWT Studio Tests, L=London, ST=London, C=GB',
      '- Issuer: CN=JWT Studio Test Root, O=JWT Studio Tests, C=GB',
      '- Validity 2025-06-01T00:00:00Z → 2030-06-01T00:00:00Z: expires in 4 years',
      '- Certificate 3 · subject: CN=JWT Studio Test Root, O=JWT Studio Tests, C=GB',
      '- Issuer: itself (self-issued)',
      '- Validity 2025-01-01T00:00:00Z → 2035-01-01T00:00:00Z: expires in 8 years',
    ]);
  });

  test('validity against the clock: expired and not yet valid are warnings', () => {
    const later = hover(CHAIN(), verified, Date.UTC(2026, 7, 1));
    assert.ok(later.includes('warning Validity 2026-01-01T00:00:00Z → 2026-07-01T00:00:00Z: expired 31 days ago'), later.join('\n'));
    assert.ok(later.includes('- Validity 2025-06-01T00:00:00Z → 2030-06-01T00:00:00Z: expires in 3 years'));
    const earlier = hover(CHAIN(), verified, Date.UTC(2025, 2, 1));
    assert.ok(earlier.includes('warning Validity 2026-01-01T00:00:00Z → 2026-07-01T00:00:00Z: not yet valid, starts in 306 days'), earlier.join('\n'));
    assert.ok(earlier.includes('warning Validity 2025-06-01T00:00:00Z → 2030-06-01T00:00:00Z: not yet valid, starts in 92 days'));
    assert.ok(earlier.includes('- Validity 2025-01-01T00:00:00Z → 2035-01-01T00:00:00Z: expires in 9 years'));
    const atEnd = hover([fixtureX5c('leaf')], verified, Date.UTC(2026, 6, 1));
    assert.ok(atEnd.includes('warning Validity 2026-01-01T00:00:00Z → 2026-07-01T00:00:00Z: expired just now'));
  });

  test('a chain that does not link says where', () => {
    const lines = hover([fixtureX5c('leaf'), fixtureX5c('root')], verified);
    assert.ok(lines.includes("warning The chain does not link here: certificate 1's issuer is not certificate 2's subject."), lines.join('\n'));
    assert.equal(lines.filter((l) => l.includes('does not link')).length, 1);
    assert.ok(!hover(CHAIN(), verified).some((l) => l.includes('does not link')));
  });

  test('what the chain is worth: only a leaf holding the key that verified the signature', () => {
    const other = keyPair('ec', { namedCurve: 'P-256' }).publicKey.export({ format: 'jwk' }) as Jwk;
    const first = (extras: HoverExtras): string | undefined => hover(CHAIN(), extras)[0];
    assert.equal(first({ ...verified, verifyingKey: other }), 'warning The chain was not checked: the leaf certificate holds a different key from the one that verified the signature.');
    // The verifying key as the ring holds it (kid, alg, use beside the members) still matches.
    assert.equal(first({ ...verified, verifyingKey: { ...LEAF_JWK, kid: 'issuer-ring-key', alg: 'ES256', use: 'sig' } }), "info The leaf certificate holds the key that verified the signature; no certificate's signature is checked, and the chain is not checked against any root.");
    const notChecked = "info The chain was not checked: its leaf key is neither in your key ring nor among a trusted issuer's keys.";
    assert.equal(first({ signature: { status: 'no-matching-key' } }), notChecked);
    assert.equal(first({ signature: { status: 'no-keys' } }), notChecked);
    assert.equal(first({}), notChecked);
    assert.equal(first({ signature: { status: 'pending' } }), 'info The chain is not checked yet: the signature is being checked.');
    assert.equal(first({ signature: { status: 'invalid' } }), 'warning The chain was not checked: the signature does not verify.');
    assert.equal(first({ signature: { status: 'verified', key: 'k' } }), 'info The chain was not checked: the leaf key was not compared with the key that verified the signature.');
    // A leaf key the tool does not read (here: not an SPKI it knows) is never said to match.
    const odd = base64(certificate({ spki: Buffer.from(fixtureSpkiWithUnknownAlgorithm()) }));
    assert.equal(hover([odd], verified)[0], "warning The chain was not checked: the leaf certificate's key is of a kind this tool does not read.");
  });

  test('a key that was tried and failed verified nothing, even when the leaf holds it', () => {
    // VerifyReport.key is set for invalid results too, so an adapter may pass the key that was tried.
    const first = (extras: HoverExtras): string | undefined => hover(CHAIN(), extras)[0];
    const notChecked = "info The chain was not checked: its leaf key is neither in your key ring nor among a trusted issuer's keys.";
    const tried = { ...LEAF_JWK, kid: 'k', alg: 'ES256', use: 'sig' } as Jwk;
    assert.equal(first({ signature: { status: 'invalid', detail: 'x' }, verifyingKey: tried }), 'warning The chain was not checked: the signature does not verify.');
    assert.equal(first({ signature: { status: 'no-matching-key' }, verifyingKey: tried }), notChecked);
    assert.equal(first({ signature: { status: 'unsigned' }, verifyingKey: tried }), 'warning The chain was not checked: the token is not signed.');
    assert.equal(first({ signature: { status: 'pending' }, verifyingKey: tried }), 'info The chain is not checked yet: the signature is being checked.');
    assert.match(first({ signature: { status: 'not-intact', key: 'k', detail: 'd' }, verifyingKey: tried }) ?? '', /^info The leaf certificate holds the key that verified the signature/);
  });

  test('malformed x5c: the heading and one line saying what is wrong', () => {
    assert.deepEqual(hover('MIIB'), ['warning Not shown: x5c is a string, not an array of certificates.']);
    assert.deepEqual(hover([fixtureX5c('leaf'), 'not base64!']), ['warning Not shown: certificate 2 is not base64.']);
    assert.deepEqual(hover(Array(11).fill(fixtureX5c('root'))), ['warning Not shown: x5c holds 11 entries, more than the 10 certificates shown here.']);
    const big = certificate({ subject: name(...Array.from({ length: 10_000 }, (_, i) => rdn(attr(CN, `n${i}`)))) });
    assert.match(hover([base64(big)])[0] ?? '', /^warning Not shown: certificate 1 is \d+ characters of base64, more than 16 KiB of DER\.$/);
  });

  test('hostile Names: bidi and control characters made visible, commas escaped, length bounded', () => {
    const lines = hover([base64(certificate({ subject: name(rdn(attr(O, 'Evil, CN=bank.example')), rdn(attr(CN, 'admin\u202Egnp.exe\u0007\u200B'))), issuer: cn('ca\u2066x') }))]);
    const subject = lines.find((l) => l.includes('subject:')) ?? '';
    assert.equal(subject, '- Certificate 1 (leaf) · subject: CN=admin\\u202Egnp.exe\\u0007\\u200B, O=Evil\\, CN=bank.example');
    assert.ok(lines.includes('- Issuer: CN=ca\\u2066x'));
    const hidden = ['\u0007', '\u200B', '\u202E', '\u2066'];
    assert.ok(lines.every((l) => !hidden.some((c) => l.includes(c))));
    const wide = certificate({ subject: name(...Array.from({ length: 200 }, (_, i) => rdn(attr(CN, `${i}`.padStart(40, 'x'))))), issuer: cn('ca') });
    const line = hover([base64(wide)]).find((l) => l.includes('subject:')) ?? '';
    assert.ok(line.length < 400, `${line.length}`);
    assert.ok(line.endsWith('…'));
  });

  test("an SD-JWT's issuer-signed JWT shows its chain; a JWE and a header without x5c do not", () => {
    const sd = decodeToken(`${b64({ alg: 'ES256', typ: 'dc+sd-jwt', x5c: CHAIN() })}.${b64({ iss: 'https://issuer.example', _sd_alg: 'sha-256' })}.c2lnbmF0dXJl~`);
    if (!sd.ok) assert.fail(sd.error.message);
    assert.ok(sd.token.sdJwt);
    const blocks = hoverBlocks(sd.token, undefined, verified, NOW);
    assert.ok(blocks.some((b) => b.kind === 'line' && b.text === "Issuer signature verified by key 'issuer-ring-key'"));
    assert.equal(section(blocks)[0], "info The leaf certificate holds the key that verified the signature; no certificate's signature is checked, and the chain is not checked against any root.");
    const jwe = decodeToken(`${b64({ alg: 'ECDH-ES', enc: 'A256GCM', x5c: CHAIN() })}..aXZpdml2aXZpdml2.Y2lwaGVy.dGFndGFndGFndGFndGFn`);
    if (!jwe.ok) assert.fail(jwe.error.message);
    assert.deepEqual(section(hoverBlocks(jwe.token, undefined, {}, NOW)), []);
    assert.ok(!hoverBlocks(token({}), undefined, verified, NOW).some((b) => b.kind === 'heading' && b.text.includes('x5c')));
  });
});

/** An SPKI whose algorithm is an OID no key type here has (1.3.6.1.4.1.99999.1), with some key bytes. */
function fixtureSpkiWithUnknownAlgorithm(): Uint8Array {
  const oid = Uint8Array.of(0x06, 0x09, 0x2b, 0x06, 0x01, 0x04, 0x01, 0x86, 0x8d, 0x1f, 0x01);
  const algId = Uint8Array.of(0x30, oid.length, ...oid);
  const bits = Uint8Array.of(0x03, 0x05, 0x00, 1, 2, 3, 4);
  return Uint8Array.of(0x30, algId.length + bits.length, ...algId, ...bits);
}
