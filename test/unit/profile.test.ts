// Profiles: the parsed recipe, diagnostics at exact ranges (checked by slicing
// the text), the samples, signing requests and the new-profile template.

import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { buildTokenRequest, listPresets, newProfileTemplate, parseProfile, parseTtl, formatTtl } from '../../src/core/index';
import type { Preset, ProfileKeyInfo, ProfileParse } from '../../src/core/index';

const preset = (id: string): Preset => listPresets().find((p) => p.id === id) as Preset;
const keys: ProfileKeyInfo[] = [
  { id: 'ap-prod', alg: 'ES256', use: 'sig', kty: 'EC', hasPrivate: true },
  { id: 'ap-rs', alg: 'RS256', use: 'sig', kty: 'RSA', hasPrivate: true },
  { id: 'mb', alg: 'HS256', use: 'sig', kty: 'oct', hasPrivate: true },
  { id: 'pub-only', alg: 'RS256', use: 'sig', kty: 'RSA', hasPrivate: false },
  { id: 'partner-enc', alg: 'RSA-OAEP-256', use: 'enc', kty: 'RSA', hasPrivate: false },
];

function at(text: string, parse: ProfileParse, code: string): string[] {
  return parse.diagnostics.filter((d) => d.code === code).map((d) => text.slice(d.start, d.end));
}

const AP = 'preset: activepieces\nkey: ap-rs\nttl: 15m\nclaims:\n  version: v3\n  externalUserId: u1\n  externalProjectId: p1\n  firstName: Ada\n  lastName: Lovelace\nembed:\n  instanceUrl: https://cloud.activepieces.com\n';

describe('samples', () => {
  for (const name of ['activepieces', 'frameable', 'metabase']) {
    test(`samples/profiles/${name}.jwt.yaml parses without errors`, () => {
      const text = readFileSync(`samples/profiles/${name}.jwt.yaml`, 'utf8');
      const parse = parseProfile(text);
      assert.deepEqual(parse.diagnostics.filter((d) => d.severity === 'error' || d.severity === 'warning'), []);
      assert.ok(parse.preset);
    });
  }
});

describe('parseProfile', () => {
  test('reads preset, key, alg (from the key), ttl, claims and embed', () => {
    const parse = parseProfile(AP, { keys });
    assert.deepEqual(parse.diagnostics.filter((d) => d.severity !== 'info'), []);
    assert.equal(parse.profile.preset, 'activepieces');
    assert.equal(parse.profile.key, 'ap-rs');
    assert.equal(parse.profile.alg, 'RS256');
    assert.equal(parse.profile.ttlSeconds, 900);
    assert.equal(parse.profile.claims.externalUserId, 'u1');
    assert.equal(parse.profile.embed.instanceUrl, 'https://cloud.activepieces.com');
  });

  test('alg defaults to the preset when the key is unknown; ttl to the preset lifetime', () => {
    const parse = parseProfile('preset: tableau\nclaims: {}\n');
    assert.equal(parse.profile.alg, 'HS256');
    assert.equal(parse.profile.ttlSeconds, 300);
  });

  test('a key of the wrong algorithm: the message says what to do, at the key value', () => {
    const text = AP.replace('key: ap-rs', 'key: ap-prod');
    const parse = parseProfile(text, { keys });
    assert.deepEqual(at(text, parse, 'KEY_ALG_MISMATCH'), ['ap-prod']);
    assert.equal(parse.diagnostics.find((d) => d.code === 'KEY_ALG_MISMATCH')?.message, "Key 'ap-prod' is ES256; this preset asks for RS256 — pick another key or change `alg`.");
  });

  test('profile alg and key alg disagree; alg outside the preset', () => {
    const text = AP.replace('ttl: 15m', 'alg: RS512\nttl: 15m');
    const parse = parseProfile(text, { keys });
    assert.deepEqual(at(text, parse, 'ALG_NOT_ALLOWED'), ['RS512']);
    assert.deepEqual(at(text, parse, 'KEY_ALG_MISMATCH'), ['ap-rs']);
    assert.match(parse.diagnostics.find((d) => d.code === 'KEY_ALG_MISMATCH')?.message ?? '', /this profile asks for RS512/);
  });

  test('unknown key, verify-only key, encryption key used for signing', () => {
    for (const [id, code] of [['nope', 'KEY_UNKNOWN'], ['pub-only', 'KEY_NOT_PRIVATE'], ['partner-enc', 'KEY_NOT_FOR_SIGNING']] as const) {
      const text = AP.replace('key: ap-rs', `key: ${id}`);
      assert.deepEqual(at(text, parseProfile(text, { keys }), code), [id], code);
    }
  });

  test('unknown preset suggests close ids', () => {
    const text = 'preset: metabase\n';
    const parse = parseProfile(text);
    assert.deepEqual(at(text, parse, 'PRESET_UNKNOWN'), ['metabase']);
    assert.match(parse.diagnostics.find((d) => d.code === 'PRESET_UNKNOWN')?.message ?? '', /metabase-embed or metabase-sso/);
  });

  test('ttl forms', () => {
    for (const [v, s] of [['300', 300], ['300s', 300], ['5m', 300], ['1h', 3600], ['1d', 86400]] as const) {
      assert.equal(parseProfile(`preset: generic\nttl: ${v}\n`).profile.ttlSeconds, s, v);
    }
    for (const bad of ['0', '-5m', 'soon', '5 minutes', '1w']) {
      const text = `preset: generic\nttl: ${bad}\n`;
      assert.deepEqual(at(text, parseProfile(text), 'TTL_INVALID'), [bad], bad);
    }
    assert.equal(parseTtl('90'), 90);
    assert.equal(formatTtl(600), '10m');
    assert.equal(formatTtl(90), '90s');
  });

  test('YAML syntax error points at its line and the rest is still read', () => {
    const text = 'preset: generic\nclaims:\n  sub: [unclosed\nttl: 5m\n';
    const parse = parseProfile(text);
    const syntax = parse.diagnostics.filter((d) => d.code === 'YAML_SYNTAX');
    assert.ok(syntax.length > 0);
    for (const d of syntax) assert.ok(!text.slice(d.start, d.end).includes('\n'));
    assert.equal(parse.profile.preset, 'generic');
  });

  test('duplicate keys are reported', () => {
    const parse = parseProfile('preset: generic\npreset: generic\n');
    assert.ok(parse.diagnostics.some((d) => d.code === 'YAML_SYNTAX'));
  });

  test('missing required claims with no claims block point at the document start', () => {
    const parse = parseProfile('preset: zendesk\nkey: x\n');
    const missing = parse.diagnostics.filter((d) => d.code === 'CLAIM_MISSING');
    assert.equal(missing.length, 2);
    assert.ok(missing.every((d) => d.start === 0 && d.end === 0));
  });

  test('header: alg and key-URL members refused; kid on a no-kid preset warned', () => {
    const text = 'preset: frameable\nheader:\n  alg: none\n  jku: https://evil\n  kid: k\nclaims:\n  displayName: A\n';
    const parse = parseProfile(text);
    assert.deepEqual(at(text, parse, 'HEADER_REFUSED'), ['alg', 'jku']);
    assert.deepEqual(at(text, parse, 'KID_FORBIDDEN'), ['kid']);
    assert.deepEqual(Object.keys(parse.profile.header), ['kid']);
  });

  test('registered switches: fixed ones cannot be switched', () => {
    const text = 'preset: zendesk\nregistered:\n  jti: false\n  exp: false\nclaims: { name: A, email: a@b.c }\n';
    const parse = parseProfile(text);
    assert.deepEqual(at(text, parse, 'REGISTERED_FIXED'), ['false']);
    assert.equal(parse.profile.registered.exp, false);
  });

  test('embed values are checked against the preset (unknown, missing, wrong type)', () => {
    const text = 'preset: metabase-embed\nclaims: { resource: { dashboard: 1 }, params: {} }\nembed:\n  bordered: yes please\n  colour: red\n';
    const parse = parseProfile(text);
    assert.deepEqual(at(text, parse, 'EMBED_MISSING'), ['embed']);
    assert.deepEqual(at(text, parse, 'EMBED_UNKNOWN'), ['colour']);
    assert.deepEqual(at(text, parse, 'EMBED_TYPE'), ['yes please']);
  });

  test('encrypt: key, alg and enc checked', () => {
    const text = `${AP}encrypt: { key: partner-enc, alg: RSA-OAEP, enc: A999GCM }\n`;
    const parse = parseProfile(text, { keys });
    assert.deepEqual(at(text, parse, 'ENCRYPT_INVALID'), ['A999GCM']);
    assert.deepEqual(at(text, parse, 'KEY_ALG_MISMATCH'), ['RSA-OAEP']);
    assert.deepEqual(parse.profile.encrypt, { key: 'partner-enc', alg: 'RSA-OAEP' });
  });

  test('never throws on odd input', () => {
    for (const text of ['', '---\n', '[1, 2]', 'just text', '&a [*a]', 'a: &x [*x, *x]\n', '\u0000', 'claims: !!binary AAAA\npreset: generic', `${'a: '.repeat(1000)}`, 'x'.repeat(2_000_000)]) {
      const parse = parseProfile(text);
      assert.ok(Array.isArray(parse.diagnostics));
      for (const d of parse.diagnostics) assert.ok(d.start >= 0 && d.end >= d.start && d.end <= text.length);
    }
  });
});

describe('buildTokenRequest', () => {
  const now = 1_700_000_000_000;
  test('activepieces: exp and iat from ttl, kid required, typ JWT', () => {
    const parse = parseProfile(AP, { keys });
    const r = buildTokenRequest(parse.profile, preset('activepieces'), now);
    assert.ok(r.ok);
    if (!r.ok) return;
    assert.equal(r.keyId, 'ap-rs');
    assert.equal(r.sign.claims.exp, 1_700_000_000 + 900);
    assert.equal(r.sign.claims.iat, 1_700_000_000);
    assert.equal(r.sign.includeKid, true);
    assert.equal(r.sign.typ, 'JWT');
    assert.equal(r.sign.claims.jti, undefined);
  });

  test('tableau: jti added, header iss copied from the claim, no iat by default', () => {
    const text = 'preset: tableau\nkey: t\nttl: 5m\nclaims:\n  iss: client-1\n  sub: ada\n  aud: tableau\n  scp: [tableau:views:embed]\n';
    const r = buildTokenRequest(parseProfile(text).profile, preset('tableau'), now, () => 'fixed-id');
    assert.ok(r.ok);
    if (!r.ok) return;
    assert.equal(r.sign.claims.jti, 'fixed-id');
    assert.equal(r.sign.header?.iss, 'client-1');
    assert.equal(r.sign.claims.iat, undefined);
    assert.equal(r.sign.claims.exp, 1_700_000_300);
  });

  test('tableau: over 10 minutes is refused', () => {
    const parse = parseProfile('preset: tableau\nkey: t\nttl: 1h\nclaims: { iss: c }\n');
    const r = buildTokenRequest(parse.profile, preset('tableau'), now);
    assert.equal(r.ok, false);
  });

  test('frameable: no kid; switches honoured', () => {
    const parse = parseProfile('preset: frameable\nkey: f\nregistered: { iat: false, nbf: true }\nclaims: { displayName: A }\n');
    const r = buildTokenRequest(parse.profile, preset('frameable'), now);
    assert.ok(r.ok);
    if (!r.ok) return;
    assert.equal(r.sign.includeKid, false);
    assert.equal(r.sign.claims.iat, undefined);
    assert.equal(r.sign.claims.nbf, 1_700_000_000);
  });

  test('no key: a message saying to add one', () => {
    const r = buildTokenRequest(parseProfile('preset: generic\n').profile, preset('generic'), now);
    assert.equal(r.ok, false);
    if (!r.ok) assert.match(r.error.message, /key/);
  });
});

describe('newProfileTemplate', () => {
  test('has every required claim with a comment from its description', () => {
    const text = newProfileTemplate(preset('zendesk'));
    assert.match(text, /^preset: zendesk$/m);
    assert.match(text, /# The user's full name\.\n {2}name: /);
    assert.match(text, /^ {2}email: /m);
    assert.match(text, /^embed:\n(?: {2}#.*\n)? {2}subdomain: /m);
  });
});
