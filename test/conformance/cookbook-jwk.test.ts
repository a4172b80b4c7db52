// RFC 7520 ("JOSE cookbook") material: every JWK imports, and every example
// that has a compact serialisation verifies or decrypts through the core API.
// Examples that exist only as JSON serialisations (unprotected headers, AAD,
// several signatures or recipients) are listed and skipped: the core reads
// compact tokens only, so the claims shown and the verdict come from the same
// bytes (hostile input H19).

import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { decryptToken, importKey, verifyToken } from '../../src/core/index';
import type { KeyAlg, KeyMaterial } from '../../src/core/index';
import { jsonFilesUnder, readJson } from './conformanceFiles';

interface CookbookExample {
  input?: { payload?: string; plaintext?: string; key?: unknown; pwd?: string; alg?: unknown; enc?: string };
  output?: { compact?: string };
}

async function importOne(material: unknown, options: Parameters<typeof importKey>[1] = {}): Promise<{ key: KeyMaterial; recognised: string; warnings: string[] }> {
  const r = await importKey(typeof material === 'string' ? material : JSON.stringify(material), options);
  if (!r.ok) assert.fail(`${r.error.code}: ${r.error.message}`);
  assert.equal(r.keys.length, 1);
  return { key: r.keys[0] as KeyMaterial, recognised: r.recognised, warnings: r.warnings };
}

describe('cookbook JWKs (RFC 7520 section 3)', () => {
  const expected: Record<string, { alg: KeyAlg; private: boolean; recognised: RegExp }> = {
    '3_1.ec_public_key.json': { alg: 'ES512', private: false, recognised: /^JWK EC P-521, public only, for ES512 \(kid 'bilbo\.baggins@hobbiton\.example'\)$/ },
    '3_2.ec_private_key.json': { alg: 'ES512', private: true, recognised: /^JWK EC P-521, private, for ES512/ },
    '3_3.rsa_public_key.json': { alg: 'RS256', private: false, recognised: /^JWK RSA 2048 bits, public only, for RS256/ },
    '3_4.rsa_private_key.json': { alg: 'RS256', private: true, recognised: /^JWK RSA 2048 bits, private, for RS256/ },
    '3_5.symmetric_key_mac_computation.json': { alg: 'HS256', private: true, recognised: /^JWK shared secret, 32 bytes, for HS256 \(kid '018c0ae5-4d9b-471b-bfd6-eef314bc7037'\)$/ },
    '3_6.symmetric_key_encryption.json': { alg: 'dir', private: true, recognised: /^JWK shared secret, 32 bytes, for dir/ },
  };
  const files = jsonFilesUnder('jose-cookbook/jwk');

  test('the folder holds the six RFC 7520 JWKs', () => {
    assert.deepEqual(files.map((f) => path.basename(f)).sort(), Object.keys(expected).sort());
  });

  for (const file of files) {
    test(path.basename(file), async () => {
      const jwk = readJson(file) as Record<string, unknown>;
      const want = expected[path.basename(file)];
      assert.ok(want);
      const { key, recognised, warnings } = await importOne(jwk);
      assert.match(recognised, want.recognised);
      assert.equal(key.alg, want.alg);
      assert.equal(key.kid, jwk.kid, 'the JWK kid is kept');
      assert.equal(key.use, jwk.use, 'the JWK use is kept');
      assert.equal(Boolean(key.privateJwk), want.private);
      for (const [member, value] of Object.entries(jwk)) {
        if (member === 'alg') continue;
        const stored = member === 'd' || member === 'p' || member === 'q' || member === 'dp' || member === 'dq' || member === 'qi' || member === 'k' ? key.privateJwk : key.publicJwk ?? key.privateJwk;
        assert.equal(stored?.[member], value, `member ${member} kept`);
      }
      if (jwk.alg === 'A256GCM') assert.match(warnings.join(' '), /direct encryption \("dir"\)/);
    });
  }
});

describe('cookbook examples with a compact serialisation', () => {
  const files = jsonFilesUnder('jose-cookbook').filter((f) => !f.includes(`jwk${path.sep}`));
  const jsonOnly = [
    '4_6.protecting_specific_header_fields.json',
    '4_7.protecting_content_only.json',
    '4_8.multiple_signatures.json',
    '4.2.hmac-sha2_b64_false.json',
    '5_10.including_additional_authentication_data.json',
    '5_11.protecting_specific_header_fields.json',
    '5_12.protecting_content_only.json',
    '5_13.encrypting_to_multiple_recipients.json',
  ];

  for (const file of files) {
    const name = path.basename(file);
    if (name === '6.nesting_signatures_and_encryption.json') continue;
    test(name, async () => {
      const example = readJson(file) as CookbookExample;
      const compact = example.output?.compact;
      if (jsonOnly.includes(name)) {
        assert.equal(compact, undefined, 'JSON serialisation only: not read by the core');
        return;
      }
      assert.ok(compact, 'has a compact serialisation');
      const input = example.input ?? {};
      const alg = input.alg as KeyAlg;
      const parts = compact.split('.').length;
      if (parts === 3) {
        const { key } = await importOne(input.key, { alg });
        const detached = compact.split('.')[1] === '' ? { detachedPayload: input.payload } : {};
        const report = await verifyToken(compact, [key], detached);
        assert.equal(report.signature, 'valid', report.message);
        return;
      }
      assert.equal(parts, 5);
      if (String(alg) === 'RSA1_5') {
        const { key } = await importOne(input.key, { alg: 'RSA-OAEP-256' });
        const d = await decryptToken(compact, [key]);
        assert.ok(!d.ok && d.error.code === 'ALG_UNSUPPORTED' && /RSA1_5 is not supported/.test(d.error.message));
        return;
      }
      const pbes2 = alg.startsWith('PBES2');
      const { key } = pbes2 ? await importOne(input.pwd, { alg, format: 'secret', secretEncoding: 'utf8' }) : await importOne(input.key, { alg });
      const d = await decryptToken(compact, [key], { allowPbes2: pbes2 });
      if (!d.ok) assert.fail(`${d.error.code}: ${d.error.message}`);
      assert.equal(d.plaintext, input.plaintext);
      assert.equal(d.header.enc, input.enc);
    });
  }

  test('6.nesting_signatures_and_encryption.json: signed, then encrypted', async () => {
    const nesting = readJson('jose-cookbook/6.nesting_signatures_and_encryption.json') as {
      sign: CookbookExample & { output: { compact: string } };
      encrypt: CookbookExample & { output: { compact: string } };
    };
    const { key: signer } = await importOne(nesting.sign.input?.key, { alg: nesting.sign.input?.alg as KeyAlg });
    const inner = await verifyToken(nesting.sign.output.compact, [signer], { now: Date.parse('2011-03-22T18:00:00Z') });
    assert.equal(inner.signature, 'valid');
    assert.equal(inner.claims.valid, true);
    const { key: recipient } = await importOne(nesting.encrypt.input?.key, { alg: nesting.encrypt.input?.alg as KeyAlg });
    const d = await decryptToken(nesting.encrypt.output.compact, [recipient], { verifyKeys: [signer] });
    if (!d.ok) assert.fail(d.error.message);
    assert.equal(d.header.cty, 'JWT');
    assert.equal(d.plaintext, nesting.sign.output.compact);
    assert.equal(d.inner?.verify.signature, 'valid');
    assert.equal(d.authenticated, true);
  });
});
