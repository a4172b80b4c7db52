// Certificates that openssl makes read here as openssl and node:crypto read
// them: subject and issuer (every attribute, in order, in the string types
// openssl picks: PrintableString, T61String, BMPString, UTF8String, IA5String),
// notBefore / notAfter, and the public key. And a token that openssl signs
// with a certificate's key, carrying that certificate in x5c, verifies only
// with the key from the ring, never with the x5c it carries.

import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { X509Certificate } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { base64url } from 'jose';
import { decodeToken, hoverBlocks, importKey, verifyToken } from '../../src/core/index';
import type { HoverBlock } from '../../src/core/index';
import { readX5c } from '../../src/core/keys/x5c';
import type { ChainCertificate } from '../../src/core/keys/x5c';
import { attributeText, sameName } from '../../src/core/keys/x509Names';
import type { DistinguishedName } from '../../src/core/keys/x509Names';
import { fixturePem } from '../unit/x5cBuild';

let dir: string;
function openssl(args: string[], input?: string): string {
  const run = spawnSync('openssl', args, { cwd: dir, encoding: 'utf8', timeout: 30_000, ...(input !== undefined ? { input } : {}) });
  if (run.error) throw new Error(`openssl is not available: ${run.error.message}`);
  assert.equal(run.status, 0, `openssl ${args.join(' ')}: ${run.stderr}`);
  return run.stdout;
}

const body = (pem: string): string => pem.replace(/-----(BEGIN|END) CERTIFICATE-----/g, '').replace(/\s+/g, '');

function read(pem: string): ChainCertificate {
  const chain = readX5c([body(pem)]);
  if (!chain.ok) assert.fail(chain.problem);
  return chain.certificates[0] as ChainCertificate;
}

/** openssl's -nameopt sep_multiline,utf8,sname: one RDN a line in DER order, values as they are, " + " inside an RDN. */
const multiline = (name: DistinguishedName): string => name.rdns.map((rdn) => `    ${rdn.map((a) => `${a.type}=${a.value}`).join(' + ')}`).join('\n');
/** node:crypto's X509Certificate.subject: the same order, values escaped as RFC 4514 asks. */
const nodeForm = (name: DistinguishedName): string => name.rdns.map((rdn) => rdn.map((a) => `${a.type}=${attributeText(a)}`).join(' + ')).join('\n');

const CONFIGS = {
  // string_mask = default: PrintableString where it fits, else T61String (Latin-1), else BMPString.
  mixed: `[ req ]\ndistinguished_name = dn\nprompt = no\nstring_mask = default\nutf8 = yes\n[ dn ]\nC = CH\nST = Zürich\nL = 東京\nO = "Acme, Inc."\nOU = Ops+Dev\nCN = odd.example\nemailAddress = admin@example.com\n0.1.3.6.1.4.1.99999.1 = private arc\nDC = example\nserialNumber = 12345\n`,
  // OpenSSL 3's default: UTF8String throughout.
  utf8: `[ req ]\ndistinguished_name = dn\nprompt = no\nutf8 = yes\n[ dn ]\nCN = Zoë 😀 \\\\ "quoted"\nO = Ünïcode; <Ltd>\nOU = "#not hex"\n`,
};

const made: Record<string, string> = {};

before(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'jwt-studio-x5c-'));
  openssl(['genpkey', '-algorithm', 'RSA', '-pkeyopt', 'rsa_keygen_bits:2048', '-out', 'rsa.key']);
  openssl(['genpkey', '-algorithm', 'ED25519', '-out', 'ed.key']);
  openssl(['genpkey', '-algorithm', 'EC', '-pkeyopt', 'ec_paramgen_curve:P-384', '-out', 'ec.key']);
  for (const [label, config] of Object.entries(CONFIGS)) writeFileSync(path.join(dir, `${label}.cnf`), config);
  openssl(['req', '-x509', '-new', '-key', 'rsa.key', '-config', 'mixed.cnf', '-days', '30', '-out', 'mixed.pem']);
  openssl(['req', '-x509', '-new', '-key', 'ec.key', '-config', 'utf8.cnf', '-days', '3650', '-out', 'utf8.pem']);
  openssl(['req', '-x509', '-new', '-key', 'ed.key', '-subj', '/C=GB/CN=a+O=b/OU=multi', '-multivalue-rdn', '-days', '1', '-out', 'multi.pem']);
  for (const label of ['mixed', 'utf8', 'multi']) made[label] = readFileSync(path.join(dir, `${label}.pem`), 'utf8');
  made.leaf = fixturePem('leaf');
  made.intermediate = fixturePem('intermediate');
  made.root = fixturePem('root');
});
after(() => rmSync(dir, { recursive: true, force: true }));

describe('x5c certificates as openssl and node:crypto read them', () => {
  for (const label of ['mixed', 'utf8', 'multi', 'leaf', 'intermediate', 'root']) {
    test(`${label}: subject, issuer, validity and key`, () => {
      const pem = made[label] as string;
      const cert = read(pem);
      const out = openssl(['x509', '-noout', '-subject', '-issuer', '-dates', '-nameopt', 'sep_multiline,utf8,sname'], pem);
      const [, subject, issuer] = /^subject=\n([\s\S]*?)\nissuer=\n([\s\S]*?)\nnotBefore=/.exec(out) ?? [];
      // openssl shows an attribute type it has no name for by its OID, as here.
      assert.equal(multiline(cert.subject), subject, out);
      assert.equal(multiline(cert.issuer), issuer);
      const dates = /notBefore=(.+)\nnotAfter=(.+)\n/.exec(out);
      assert.equal(cert.notBefore?.getTime(), Date.parse(dates?.[1] ?? ''));
      assert.equal(cert.notAfter?.getTime(), Date.parse(dates?.[2] ?? ''));
      const x509 = new X509Certificate(pem);
      assert.equal(nodeForm(cert.subject), x509.subject);
      assert.equal(nodeForm(cert.issuer), x509.issuer);
      assert.equal(cert.notBefore?.getTime(), Date.parse(x509.validFrom));
      assert.equal(cert.notAfter?.getTime(), Date.parse(x509.validTo));
      const jwk = x509.publicKey.export({ format: 'jwk' }) as Record<string, string>;
      const { kty, crv, x, y, n, e } = jwk;
      assert.deepEqual(cert.publicKey, kty === 'RSA' ? { kty, n, e } : kty === 'EC' ? { kty, crv, x, y } : { kty, crv, x });
      assert.equal(sameName(cert.subject, cert.issuer), x509.checkIssued(x509), 'self-issued as node:crypto sees it');
    });
  }

  test('the string types openssl chose are the ones read here', () => {
    const types = openssl(['x509', '-noout', '-subject', '-nameopt', 'sep_multiline,utf8,sname,show_type'], made.mixed);
    assert.match(types, /ST=T61STRING:Zürich/);
    assert.match(types, /L=BMPSTRING:東京/);
    assert.match(types, /emailAddress=IA5STRING:admin@example\.com/);
    assert.match(openssl(['x509', '-noout', '-subject', '-nameopt', 'sep_multiline,utf8,sname,show_type'], made.utf8), /CN=UTF8STRING:Zoë 😀/);
  });

  test('the fixture chain links where openssl verifies it, and not where it does not', () => {
    const [leaf, intermediate, root] = [read(made.leaf as string), read(made.intermediate as string), read(made.root as string)];
    writeFileSync(path.join(dir, 'root.pem'), made.root as string);
    writeFileSync(path.join(dir, 'intermediate.pem'), made.intermediate as string);
    writeFileSync(path.join(dir, 'leaf.pem'), made.leaf as string);
    const at = String(Date.UTC(2026, 2, 2) / 1000);
    assert.match(openssl(['verify', '-attime', at, '-CAfile', 'root.pem', '-untrusted', 'intermediate.pem', 'leaf.pem']), /leaf\.pem: OK/);
    assert.equal(sameName(leaf.issuer, intermediate.subject), true);
    assert.equal(sameName(intermediate.issuer, root.subject), true);
    const skipped = spawnSync('openssl', ['verify', '-attime', at, '-CAfile', 'root.pem', 'leaf.pem'], { cwd: dir, encoding: 'utf8', timeout: 30_000 });
    assert.notEqual(skipped.status, 0, 'openssl cannot link the leaf straight to the root');
    assert.equal(sameName(leaf.issuer, root.subject), false);
  });
});

describe('a token signed with a certificate key, carrying the certificate in x5c', () => {
  let token: string;
  before(() => {
    const header = base64url.encode(JSON.stringify({ alg: 'EdDSA', x5c: [body(made.multi as string)] }));
    const payload = base64url.encode(JSON.stringify({ sub: 'from-openssl', exp: Math.floor(Date.now() / 1000) + 600 }));
    writeFileSync(path.join(dir, 'input'), `${header}.${payload}`);
    openssl(['pkeyutl', '-sign', '-inkey', 'ed.key', '-rawin', '-in', 'input', '-out', 'sig']);
    token = `${header}.${payload}.${base64url.encode(readFileSync(path.join(dir, 'sig')))}`;
  });

  test('the verifier never uses x5c: with no key, or another key, the signature is not valid', async () => {
    assert.notEqual((await verifyToken(token, [])).signature, 'valid');
    const other = await importKey(made.utf8 as string);
    if (!other.ok) assert.fail(other.error.message);
    assert.notEqual((await verifyToken(token, other.keys)).signature, 'valid');
  });

  test('with the certificate imported into the ring, it verifies, and the hover says the leaf holds that key', async () => {
    const imported = await importKey(made.multi as string);
    if (!imported.ok) assert.fail(imported.error.message);
    const [key] = imported.keys;
    assert.ok(key?.publicJwk);
    assert.equal((await verifyToken(token, imported.keys)).signature, 'valid');
    const decoded = decodeToken(token);
    if (!decoded.ok) assert.fail(decoded.error.message);
    const lines = (blocks: HoverBlock[]): string[] => blocks.flatMap((b) => (b.kind === 'line' ? [b.text] : []));
    const shown = lines(hoverBlocks(decoded.token, undefined, { signature: { status: 'verified', key: key.kid }, verifyingKey: key.publicJwk }));
    assert.ok(shown.includes("The leaf certificate holds the key that verified the signature; no certificate's signature is checked, and the chain is not checked against any root."), shown.join('\n'));
    assert.ok(shown.includes('Certificate 1 (leaf) · subject: OU=multi, CN=a + O=b, C=GB'));
    const unverified = lines(hoverBlocks(decoded.token, undefined, { signature: { status: 'no-matching-key' } }));
    assert.ok(unverified.includes("The chain was not checked: its leaf key is neither in your key ring nor among a trusted issuer's keys."));
  });
});
