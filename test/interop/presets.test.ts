// Every preset end to end: profile → buildTokenRequest → generateKey/signToken,
// then jsonwebtoken verifies the token under the vendor's algorithm and we
// check the claims and header the vendor looks at.

import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import jwt from 'jsonwebtoken';
import { buildTokenRequest, exportPublicKey, generateKey, listPresets, newProfileTemplate, parseProfile, signToken } from '../../src/core/index';
import type { JwsAlg, KeyMaterial, Preset } from '../../src/core/index';

async function verifyMaterial(key: KeyMaterial): Promise<string | Buffer> {
  if (key.kty === 'oct') return Buffer.from(String(key.privateJwk?.k), 'base64url');
  const pem = await exportPublicKey(key, 'pem');
  if (!pem.ok) assert.fail(pem.error.message);
  return pem.text;
}

async function signAndVerify(preset: Preset, alg: JwsAlg, extraYaml = ''): Promise<{ header: jwt.JwtHeader; payload: jwt.JwtPayload; key: KeyMaterial }> {
  const generated = await generateKey({ alg, kid: `${preset.id}-key` });
  if (!generated.ok) assert.fail(generated.error.message);
  const key = generated.key;
  const text = newProfileTemplate(preset, 'ring-key') + extraYaml;
  const parse = parseProfile(text, { keys: [{ id: 'ring-key', alg: key.alg, use: key.use, kty: key.kty, hasPrivate: true }] });
  assert.deepEqual(parse.diagnostics.filter((d) => d.severity === 'error'), [], text);
  const now = Date.now();
  const request = buildTokenRequest(parse.profile, preset, now);
  if (!request.ok) assert.fail(request.error.message);
  assert.equal(request.keyId, 'ring-key');
  const signed = await signToken({ key, ...request.sign });
  if (!signed.ok) assert.fail(signed.error.message);
  const decoded = jwt.verify(signed.token, await verifyMaterial(key), { algorithms: [alg as jwt.Algorithm], complete: true, clockTimestamp: Math.floor(now / 1000) });
  return { header: decoded.header, payload: decoded.payload as jwt.JwtPayload, key };
}

describe('presets sign tokens jsonwebtoken accepts', () => {
  for (const preset of listPresets()) {
    test(`${preset.id} (${preset.alg.default})`, async () => {
      const { header, payload, key } = await signAndVerify(preset, preset.alg.default);
      assert.equal(header.alg, preset.alg.default);
      assert.equal(header.typ, 'JWT');
      // Only presets that ask for a kid get the key's (H95); the others carry none unless the profile sets one.
      if (preset.header?.kid === 'required') assert.equal(header.kid, key.kid);
      else assert.equal(header.kid, undefined);
      for (const name of (preset.claims.required ?? []) as string[]) assert.ok(name in payload, `${name} missing`);
      const rules = preset.registeredClaims ?? {};
      for (const [name, rule] of Object.entries(rules)) assert.equal(name in payload, rule.add, `${name} ${rule.add ? 'missing' : 'unexpected'}`);
      const ttl = (payload.exp ?? 0) - Math.floor(Date.now() / 1000);
      if (rules.exp?.add) assert.ok(ttl > 0 && ttl <= 60 * 60, `exp ${ttl}s away`);
    });
  }

  test('tableau: header carries kid and iss = client id, jti unique per token', async () => {
    const tableau = listPresets().find((p) => p.id === 'tableau') as Preset;
    const a = await signAndVerify(tableau, 'HS256');
    const b = await signAndVerify(tableau, 'HS256');
    assert.equal((a.header as jwt.JwtHeader & { iss?: string }).iss, a.payload.iss);
    assert.equal(a.payload.aud, 'tableau');
    assert.notEqual(a.payload.jti, b.payload.jti);
    assert.ok((a.payload.exp ?? 0) - Math.floor(Date.now() / 1000) <= 600);
  });

  test('grafana with an ES256 key', async () => {
    const grafana = listPresets().find((p) => p.id === 'grafana') as Preset;
    const { header } = await signAndVerify(grafana, 'ES256', 'alg: ES256\n');
    assert.equal(header.alg, 'ES256');
  });

  test('metabase-sso: iat present (the server checks its age)', async () => {
    const mb = listPresets().find((p) => p.id === 'metabase-sso') as Preset;
    const { payload } = await signAndVerify(mb, 'HS256');
    assert.ok(typeof payload.iat === 'number');
  });
});
