// Reading an x5c chain (src/core/keys/x5c.ts, certificates.ts, x509Names.ts,
// spkiJwk.ts): Names in every string type, validity times, chaining, the
// bounds, and hostile or broken input, which is a problem and never a throw.

import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { readCertificate, readCertificateDetails } from '../../src/core/keys/certificates';
import type { CertificateDetails } from '../../src/core/keys/certificates';
import { concatBytes, sequence, tlv } from '../../src/core/keys/der';
import { publicKeyOfSpki, samePublicKey } from '../../src/core/keys/spkiJwk';
import { MAX_X5C_CERTIFICATES, readX5c } from '../../src/core/keys/x5c';
import { MAX_NAME_RDNS, MAX_NAME_VALUE_BYTES, MAX_RDN_ATTRIBUTES, nameText, sameName } from '../../src/core/keys/x509Names';
import { keyPair } from '../keyPairs';
import { C, CHAIN, CN, O, TAG, attr, base64, bytes, certificate, cn, fixtureX5c, generalized, name, rdn, utc, utf16be, utf32be } from './x5cBuild';

function details(der: Uint8Array): CertificateDetails {
  const read = readCertificateDetails(der);
  if (!read.ok) assert.fail(read.problem);
  return read.certificate;
}
const subjectOf = (subject: Uint8Array): string => nameText(details(certificate({ subject })).subject);
const problemOf = (value: unknown): string => {
  const read = readX5c(value);
  assert.equal(read.ok, false);
  return read.ok ? '' : read.problem;
};

describe('Names', () => {
  test('every directory string type reads as text', () => {
    assert.equal(subjectOf(cn('Zoë 東京 😀')), 'CN=Zoë 東京 😀');
    assert.equal(subjectOf(cn('Acme', TAG.printable)), 'CN=Acme');
    assert.equal(subjectOf(cn('keys@example.test', TAG.ia5)), 'CN=keys@example.test');
    assert.equal(subjectOf(cn(bytes('Zürich', 'latin1') as never, TAG.t61)), 'CN=Zürich', 'T61String is read as Latin-1');
    assert.equal(subjectOf(cn(utf16be('東京 ü') as never, TAG.bmp)), 'CN=東京 ü');
    assert.equal(subjectOf(cn(utf32be('A😀') as never, TAG.universal)), 'CN=A😀');
  });

  test('attribute names, unknown OIDs by number, values that are not strings in hex', () => {
    const subject = name(
      rdn(attr(C, 'GB', TAG.printable)),
      rdn(attr('2.5.4.8', 'London')),
      rdn(attr('2.5.4.7', 'Camden')),
      rdn(attr(O, 'Example')),
      rdn(attr('2.5.4.11', 'Ops')),
      rdn(attr(CN, 'login.example.test')),
      rdn(attr('1.2.840.113549.1.9.1', 'a@example.test', TAG.ia5)),
      rdn(attr('1.3.6.1.4.1.99999.7', 'custom')),
      rdn(attr('2.5.4.5', Uint8Array.of(5), TAG.integer)),
    );
    assert.equal(subjectOf(subject), 'serialNumber=#020105, 1.3.6.1.4.1.99999.7=custom, emailAddress=a@example.test, CN=login.example.test, OU=Ops, O=Example, L=Camden, ST=London, C=GB');
  });

  test('a multi-valued RDN, and values escaped so one cannot pass for two attributes', () => {
    assert.equal(subjectOf(name(rdn(attr(C, 'GB')), rdn(attr(CN, 'a'), attr(O, 'b')))), 'CN=a + O=b, C=GB');
    assert.equal(subjectOf(name(rdn(attr(O, 'Evil, CN=bank.example')))), 'O=Evil\\, CN=bank.example');
    assert.equal(subjectOf(cn(' #x+y;"<>\\ ')), 'CN=\\ #x\\+y\\;\\"\\<\\>\\\\\\ ');
    assert.equal(subjectOf(cn('#0403')), 'CN=\\#0403', 'text that looks like a hex value is escaped, so it does not pass for one');
  });

  test('broken strings: odd BMPString, out-of-range UniversalString, bad UTF-8 become U+FFFD', () => {
    assert.equal(subjectOf(cn(Uint8Array.of(0x00, 0x41, 0x00) as never, TAG.bmp)), 'CN=A\uFFFD');
    assert.equal(subjectOf(cn(Uint8Array.of(0x00, 0x11, 0x00, 0x00, 0, 0, 0, 0x42) as never, TAG.universal)), 'CN=\uFFFDB');
    assert.equal(subjectOf(cn(Uint8Array.of(0x41, 0xff) as never)), 'CN=A\uFFFD');
  });

  test('bounded: 10,000 RDNs, 100 attributes in one RDN, a 5,000-byte value', () => {
    const many = name(...Array.from({ length: 10_000 }, (_, i) => rdn(attr(CN, `n${i}`))));
    const read = details(certificate({ subject: many })).subject;
    assert.equal(read.rdns.length, MAX_NAME_RDNS);
    assert.equal(read.unread, 10_000 - MAX_NAME_RDNS);
    assert.match(nameText(read), /^CN=n31, CN=n30, .*CN=n0, … \(9968 more parts not read\)$/);
    const wide = details(certificate({ subject: name(rdn(...Array.from({ length: 100 }, (_, i) => attr(CN, `v${i}`)))) })).subject;
    assert.equal(wide.rdns[0]?.length, MAX_RDN_ATTRIBUTES);
    assert.equal(wide.unread, 100 - MAX_RDN_ATTRIBUTES);
    const long = details(certificate({ subject: cn('x'.repeat(5000)) })).subject;
    assert.equal(long.rdns[0]?.[0]?.value.length, MAX_NAME_VALUE_BYTES);
    assert.equal(nameText(long), `CN=${'x'.repeat(MAX_NAME_VALUE_BYTES)}…`);
  });

  test('wrong tags inside a Name are a problem of that Name, not of the certificate', () => {
    const notSequence = details(certificate({ subject: tlv(TAG.set, rdn(attr(CN, 'a'))) })).subject;
    assert.equal(notSequence.problem, 'it is not a SEQUENCE of RDNs');
    const rdnNotSet = details(certificate({ subject: sequence(sequence(attr(CN, 'a'))) })).subject;
    assert.equal(rdnNotSet.problem, 'an RDN is not a SET');
    const typeNotOid = details(certificate({ subject: name(rdn(sequence(tlv(TAG.utf8, bytes('CN')), tlv(TAG.utf8, bytes('a'))))) })).subject;
    assert.equal(typeNotOid.problem, 'an attribute is not a type and a value');
    assert.equal(nameText(typeNotOid), '(unreadable: an attribute is not a type and a value)');
    const emptyRdn = details(certificate({ subject: name(rdn(attr(C, 'GB')), tlv(TAG.set, new Uint8Array(0))) })).subject;
    assert.equal(nameText(emptyRdn), 'C=GB (unreadable: an RDN is empty)');
  });

  test('attribute types are read from DER only: a padded or oversized OID never shows under a known name', () => {
    const typed = (oidBytes: number[]): ReturnType<typeof details>['subject'] =>
      details(certificate({ subject: name(tlv(TAG.set, sequence(tlv(0x06, Uint8Array.from(oidBytes)), tlv(TAG.utf8, bytes('bank.example'))))) })).subject;
    // 55 04 80 03: 2.5.4.3 (CN) with its last part padded by 0x80, which DER forbids.
    const padded = typed([0x55, 0x04, 0x80, 0x03]);
    assert.equal(padded.problem, 'an attribute type is not valid DER');
    assert.doesNotMatch(nameText(padded), /CN=/);
    assert.equal(typed([0x55, 0x04, 0x03]).rdns[0]?.[0]?.type, 'CN');
    assert.equal(typed([0x2a, ...Array(60).fill(0xff), 0x7f]).problem, 'an attribute type has a part too large to read');
    assert.equal(typed([0x55, 0x04, 0x83]).problem, 'an attribute type ends in the middle of a part');
    assert.equal(typed([]).problem, 'an attribute type is empty');
    assert.equal(typed(Array(65).fill(0x01)).problem, 'an attribute type is over 64 bytes');
    // The first part holds two arcs, and may take more than one byte (2.999 is 88 37).
    assert.equal(typed([0x88, 0x37, 0x01]).rdns[0]?.[0]?.type, '2.999.1');
    assert.equal(typed([0x2b, 0x06, 0x01, 0x04, 0x01, 0x86, 0x8d, 0x1f, 0x07]).rdns[0]?.[0]?.type, '1.3.6.1.4.1.99999.7');
  });

  test('chaining compares Names without case and extra spaces, across string types', () => {
    const issuer = details(certificate({ subject: name(rdn(attr(C, 'GB', TAG.printable)), rdn(attr(CN, 'Issuing  CA ', TAG.printable))) })).subject;
    const same = details(certificate({ subject: name(rdn(attr(C, 'gb')), rdn(attr(CN, 'issuing ca'))) })).subject;
    const other = details(certificate({ subject: name(rdn(attr(C, 'GB')), rdn(attr(CN, 'Issuing CA 2'))) })).subject;
    const reordered = details(certificate({ subject: name(rdn(attr(CN, 'Issuing CA')), rdn(attr(C, 'GB'))) })).subject;
    assert.equal(sameName(issuer, same), true);
    assert.equal(sameName(issuer, other), false);
    assert.equal(sameName(issuer, reordered), false, 'RDN order is part of a Name');
    // A multi-valued RDN is a set: its order does not matter.
    const ab = details(certificate({ subject: name(rdn(attr(CN, 'a'), attr(O, 'b'))) })).subject;
    const ba = details(certificate({ subject: name(rdn(attr(O, 'b'), attr(CN, 'a'))) })).subject;
    assert.equal(sameName(ab, ba), true);
    // A Name not read whole is the same only by its DER.
    const many = (last: string): Uint8Array => name(...Array.from({ length: MAX_NAME_RDNS }, () => rdn(attr(CN, 'a'))), rdn(attr(CN, last)));
    const a = details(certificate({ subject: many('x') })).subject;
    assert.equal(sameName(a, details(certificate({ subject: many('x') })).subject), true);
    assert.equal(sameName(a, details(certificate({ subject: many('y') })).subject), false);
  });
});

describe('validity times', () => {
  const validity = (notBefore: Uint8Array, notAfter: Uint8Array): [string | undefined, string | undefined] => {
    const c = details(certificate({ notBefore, notAfter }));
    return [c.notBefore?.toISOString(), c.notAfter?.toISOString()];
  };

  test('UTCTime (two-digit years: 50–99 are 19YY) and GeneralizedTime', () => {
    assert.deepEqual(validity(utc('500101000000Z'), utc('491231235959Z')), ['1950-01-01T00:00:00.000Z', '2049-12-31T23:59:59.000Z']);
    assert.deepEqual(validity(generalized('20260301120000Z'), generalized('00990101000000Z')), ['2026-03-01T12:00:00.000Z', '0099-01-01T00:00:00.000Z']);
    assert.deepEqual(validity(utc('2603011200Z'), utc('260301120030Z')), ['2026-03-01T12:00:00.000Z', '2026-03-01T12:00:30.000Z']);
  });

  test('times RFC 5280 does not write, or that do not exist, are unreadable rather than moved', () => {
    for (const bad of [generalized('20261301000000Z'), generalized('20260230000000Z'), generalized('20260101240000Z'), generalized('20260101000000.5Z'), utc('260101000000+0100'), tlv(TAG.utf8, bytes('20260101000000Z')), generalized('2'.repeat(100))]) {
      assert.deepEqual(validity(bad, bad), [undefined, undefined]);
    }
    // importing a certificate's key still reads its notAfter the same way
    assert.equal(readCertificate(certificate({ notAfter: utc('300101000000Z') })).notAfter?.toISOString(), '2030-01-01T00:00:00.000Z');
  });
});

describe('x5c', () => {
  test('the fixture chain: subjects, issuers, dates and keys', () => {
    const read = readX5c(CHAIN());
    if (!read.ok) assert.fail(read.problem);
    const [leaf, intermediate, root] = read.certificates;
    assert.ok(leaf && intermediate && root);
    assert.equal(nameText(leaf.subject), 'emailAddress=keys@example.test, CN=login.example.test, O=JWT Studio Tests, C=GB');
    assert.equal(nameText(leaf.issuer), 'CN=JWT Studio Test Issuing CA, OU=Issuing, O=JWT Studio Tests, L=London, ST=London, C=GB');
    assert.equal(leaf.notBefore?.toISOString(), '2026-01-01T00:00:00.000Z');
    assert.equal(leaf.notAfter?.toISOString(), '2026-07-01T00:00:00.000Z');
    assert.equal(sameName(leaf.issuer, intermediate.subject), true);
    assert.equal(sameName(intermediate.issuer, root.subject), true);
    assert.equal(sameName(root.issuer, root.subject), true);
    assert.equal(sameName(leaf.issuer, root.subject), false);
    assert.equal(leaf.publicKey?.kty, 'EC');
    assert.equal(intermediate.publicKey?.kty === 'EC' && intermediate.publicKey.crv, 'P-384');
  });

  test('what is wrong with a malformed x5c, in one problem', () => {
    const leaf = fixtureX5c('leaf');
    const der = Buffer.from(leaf, 'base64');
    assert.equal(problemOf(leaf), 'x5c is a string, not an array of certificates');
    assert.equal(problemOf({ 0: leaf }), 'x5c is an object, not an array of certificates');
    assert.equal(problemOf([]), 'x5c is an empty array');
    assert.equal(problemOf(Array(MAX_X5C_CERTIFICATES + 1).fill(leaf)), 'x5c holds 11 entries, more than the 10 certificates shown here');
    assert.equal(readX5c(Array(MAX_X5C_CERTIFICATES).fill(leaf)).ok, true);
    assert.equal(problemOf([leaf, 42]), 'certificate 2 is a number, not base64 text');
    assert.equal(problemOf([der.toString('base64url')]), 'certificate 1 is base64url, but x5c holds standard base64 (RFC 7515 §4.1.6)');
    assert.equal(problemOf([`${leaf.slice(0, 64)}\n${leaf.slice(64)}`]), 'certificate 1 is not base64');
    assert.equal(problemOf(['%%%%']), 'certificate 1 is not base64');
    assert.equal(problemOf([base64(der.subarray(0, 300))]), 'certificate 1 is not a certificate: its DER ends early (truncated?)');
    assert.equal(problemOf([base64(Uint8Array.of(0x30, 0x80, 0, 0))]), 'certificate 1 is not a certificate: it is not DER');
    assert.equal(problemOf([base64(concatBytes(der, Uint8Array.of(0)))]), 'certificate 1 is not a certificate: it is not DER');
    assert.equal(problemOf([base64(tlv(TAG.set, der.subarray(4)))]), 'certificate 1 is not a certificate: it is DER but not an X.509 certificate');
    assert.equal(problemOf([base64(someSpkiCertificateShape())]), 'certificate 1 is not a certificate: it has no public key where a certificate has one');
    assert.equal(problemOf([base64(bytes('hello'))]), 'certificate 1 is not a certificate: its DER ends early (truncated?)');
  });

  test('certificates read before read the same, and problems name the position they are at now', () => {
    const first = readX5c(CHAIN());
    const again = readX5c([fixtureX5c('root'), fixtureX5c('leaf')]);
    assert.ok(first.ok && again.ok);
    assert.deepEqual(again.certificates[1], first.certificates[0]);
    assert.equal(nameText((again.certificates[0] as CertificateDetails).subject), 'CN=JWT Studio Test Root, O=JWT Studio Tests, C=GB');
    assert.equal(problemOf(['%%%%']), 'certificate 1 is not base64');
    assert.equal(problemOf([fixtureX5c('leaf'), '%%%%']), 'certificate 2 is not base64');
    // More distinct certificates than are kept still read as themselves.
    const many = Array.from({ length: 40 }, (_, i) => base64(certificate({ subject: cn(`c${i}`) })));
    for (const [i, text] of [...many, ...many].entries()) {
      const read = readX5c([text]);
      assert.ok(read.ok);
      assert.equal(nameText((read.certificates[0] as CertificateDetails).subject), `CN=c${i % 40}`);
    }
  });

  test('a certificate over 16 KiB, or a 10,000-RDN Name, is not read', () => {
    const huge = certificate({ subject: name(...Array.from({ length: 10_000 }, (_, i) => rdn(attr(CN, `n${i}`)))) });
    assert.ok(huge.length > 16 * 1024);
    assert.match(problemOf([base64(huge)]), /^certificate 1 is \d+ characters of base64, more than 16 KiB of DER$/);
    assert.equal(readX5c([base64(certificate({ subject: cn('x'.repeat(15_000)), issuer: cn('ca') }))]).ok, true, 'just under the bound');
  });
});

/** A SEQUENCE { SEQUENCE { 6 INTEGERs }, SEQUENCE, BIT STRING }: certificate-shaped, but no SPKI where one goes. */
function someSpkiCertificateShape(): Uint8Array {
  const int = tlv(TAG.integer, Uint8Array.of(1));
  return sequence(sequence(int, int, int, int, int, int), sequence(), tlv(0x03, Uint8Array.of(0)));
}

describe('SPKI public keys as JWK members', () => {
  const cases = [
    ['RSA 2048', () => keyPair('rsa', { modulusLength: 2048 })],
    ['EC P-256', () => keyPair('ec', { namedCurve: 'P-256' })],
    ['EC P-384', () => keyPair('ec', { namedCurve: 'P-384' })],
    ['EC P-521', () => keyPair('ec', { namedCurve: 'P-521' })],
    ['Ed25519', () => keyPair('ed25519')],
    ['X25519', () => keyPair('x25519')],
  ] as const;
  for (const [label, make] of cases) {
    test(`${label}: the members node:crypto exports, and the same key only`, () => {
      const pair = make();
      const spki = Uint8Array.from(pair.publicKey.export({ type: 'spki', format: 'der' }));
      const jwk = pair.publicKey.export({ format: 'jwk' }) as Record<string, string> & { kty: string };
      const members = publicKeyOfSpki(spki);
      const { kty, crv, x, y, n, e } = jwk;
      assert.deepEqual(members, kty === 'RSA' ? { kty, n, e } : kty === 'EC' ? { kty, crv, x, y } : { kty, crv, x });
      assert.equal(samePublicKey(members as never, { ...jwk, kid: 'k', alg: 'whatever' }), true);
      const other = make().publicKey.export({ format: 'jwk' }) as Record<string, string> & { kty: string };
      assert.equal(samePublicKey(members as never, other), false);
    });
  }

  test('numbers compare without leading zeros; kty and crv must agree; bad members never match', () => {
    const rsa = { kty: 'RSA', n: 'AQAB', e: 'AQAB' };
    assert.equal(samePublicKey(rsa, { kty: 'RSA', n: 'AAEAAQ', e: 'AQAB' }), true);
    assert.equal(samePublicKey(rsa, { kty: 'EC', n: 'AQAB', e: 'AQAB' }), false);
    assert.equal(samePublicKey({ kty: 'OKP', crv: 'Ed25519', x: 'AQAB' }, { kty: 'OKP', crv: 'X25519', x: 'AQAB' }), false);
    assert.equal(samePublicKey(rsa, { kty: 'RSA', n: 'AQ+B', e: 'AQAB' }), false);
    assert.equal(samePublicKey(rsa, { kty: 'RSA', e: 'AQAB' }), false);
    assert.equal(samePublicKey({ kty: 'oct', k: 'AQAB' }, { kty: 'oct', k: 'AQAB' }), false);
    assert.equal(samePublicKey(Object.assign(Object.create({ n: 'AQAB' }), { kty: 'RSA', e: 'AQAB' }), rsa), false, 'inherited members are not members');
  });

  test('SPKIs this tool does not read, or broken ones, have no members', () => {
    const ec = Uint8Array.from(keyPair('ec', { namedCurve: 'P-256' }).publicKey.export({ type: 'spki', format: 'der' }));
    const point = ec.subarray(ec.length - 65);
    const compressedSpki = sequence(sequence(...readAlgId(ec)), tlv(0x03, concatBytes(Uint8Array.of(0, 0x02 | ((point[64] as number) & 1)), point.subarray(1, 33))));
    assert.equal(publicKeyOfSpki(compressedSpki), undefined, 'a compressed point is not compared');
    const unusedBits = Uint8Array.from(ec);
    unusedBits[ec.length - 66] = 1;
    assert.equal(publicKeyOfSpki(unusedBits), undefined);
    assert.equal(publicKeyOfSpki(ec.subarray(0, 40)), undefined);
    assert.equal(publicKeyOfSpki(Uint8Array.from(keyPair('ed25519').publicKey.export({ type: 'spki', format: 'der' })).subarray(0, 40)), undefined);
    assert.equal(publicKeyOfSpki(new Uint8Array(0)), undefined);
  });
});

/** The AlgorithmIdentifier's contents (OID and curve) of an EC SPKI, as DER elements. */
function readAlgId(spki: Uint8Array): Uint8Array[] {
  // SEQUENCE (2 bytes) → SEQUENCE (2 bytes) → OID id-ecPublicKey (9 bytes), OID prime256v1 (10 bytes)
  return [spki.subarray(4, 13), spki.subarray(13, 23)];
}
