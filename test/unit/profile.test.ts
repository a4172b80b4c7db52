// Profiles: the parsed recipe, diagnostics at exact ranges (checked by slicing
// the text), the samples, signing requests and the new-profile template.

import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { buildTokenRequest, decodeToken, editorModel, generateKey, listPresets, newProfileTemplate, parseProfile, parseTtl, formatTtl, signToken } from '../../src/core/index';
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

  test("the vendor's kid guidance shows only while the key's kid is a made-up one", () => {
    const guidance = (infos: ProfileKeyInfo[], text = AP): string[] => at(text, parseProfile(text, { keys: infos }), 'KID_GUIDANCE');
    const made = keys.map((k) => (k.id === 'ap-rs' ? { ...k, kid: 'nQ3…thumbprint', kidGiven: false } : k));
    assert.deepEqual(guidance(made), ['ap-rs']);
    assert.match(parseProfile(AP, { keys: made }).diagnostics.find((d) => d.code === 'KID_GUIDANCE')?.message ?? '', /Platform Settings/);
    // Typed at import, or the vendor's JWK kid: nothing to ask for.
    assert.deepEqual(guidance(keys.map((k) => (k.id === 'ap-rs' ? { ...k, kid: 'signing-key-7', kidGiven: true } : k))), []);
    // A kid in the profile's header settles it too.
    assert.deepEqual(guidance(made, AP.replace('ttl: 15m', 'ttl: 15m\nheader:\n  kid: signing-key-7')), []);
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

describe('members that reach prototypes (H82)', () => {
  const now = 1_700_000_000_000;
  const ring: ProfileKeyInfo[] = [{ id: 'hs', alg: 'HS256', use: 'sig', kty: 'oct', hasPrivate: true, kid: 'hs' }];
  const HOSTILE_HEADER = [
    'preset: generic',
    'key: hs',
    'header:',
    '  kid: hs',
    '  __proto__:',
    '    alg: none',
    '    jku: https://attacker.example/jwks.json',
    '    typ: evil',
    '  constructor:',
    '    prototype:',
    '      alg: none',
    'claims:',
    '  sub: alice',
    '',
  ].join('\n');

  test('header __proto__ / constructor: refused at their text, and nothing is inherited', () => {
    const text = HOSTILE_HEADER;
    const parse = parseProfile(text, { keys: ring });
    assert.deepEqual(at(text, parse, 'HEADER_REFUSED'), ['__proto__', 'constructor']);
    assert.match(parse.diagnostics.find((d) => d.code === 'HEADER_REFUSED')?.message ?? '', /"__proto__" is refused in headers: .*prototype.*Remove it\./);
    const header = parse.profile.header;
    assert.equal(Object.getPrototypeOf(header), null);
    assert.deepEqual(Object.keys(header), ['kid']);
    for (const name of ['alg', 'jku', 'typ', 'toString']) assert.equal((header as Record<string, unknown>)[name], undefined, name);

    const r = buildTokenRequest(parse.profile, preset('generic'), now);
    assert.ok(r.ok);
    if (!r.ok) return;
    const h = r.sign.header as Record<string, unknown>;
    assert.equal(Object.getPrototypeOf(h), null);
    assert.deepEqual(Object.keys(h), ['kid']);
    assert.equal(h.alg, undefined);
    assert.equal(h.jku, undefined);
    assert.equal(r.sign.typ, 'JWT', 'typ is not inherited from a __proto__ member');

    // The editor's preview shows the same header signing would produce.
    const model = editorModel(text, { presets: listPresets(), keys: ring, now });
    assert.ok(model.preview.ok);
    if (model.preview.ok) assert.deepEqual(model.preview.header, { alg: 'HS256', typ: 'JWT', kid: 'hs' });
  });

  test('a quoted "__proto__" key in flow style is refused the same way', () => {
    const text = 'preset: generic\nkey: hs\nheader: { "__proto__": { alg: none }, kid: hs }\nclaims: { sub: a }\n';
    const parse = parseProfile(text, { keys: ring });
    assert.deepEqual(at(text, parse, 'HEADER_REFUSED'), ['"__proto__"']);
    assert.deepEqual(Object.keys(parse.profile.header), ['kid']);
  });

  test('the signed token carries none of it', async () => {
    const parse = parseProfile(HOSTILE_HEADER, { keys: ring });
    const r = buildTokenRequest(parse.profile, preset('generic'), now);
    assert.ok(r.ok);
    if (!r.ok) return;
    const key = await generateKey({ alg: 'HS256', kid: 'hs' });
    assert.ok(key.ok);
    if (!key.ok) return;
    const signed = await signToken({ key: key.key, ...r.sign });
    assert.ok(signed.ok, signed.ok ? '' : signed.error.message);
    if (!signed.ok) return;
    const decoded = decodeToken(signed.token);
    assert.ok(decoded.ok);
    if (decoded.ok) assert.equal(decoded.token.headerText, '{"alg":"HS256","typ":"JWT","kid":"hs"}');
  });

  test('claims and embed: __proto__ at any depth is refused at its text; constructor.prototype is warned', () => {
    const text = [
      'preset: generic',
      'key: hs',
      'claims:',
      '  sub: alice',
      '  __proto__: { admin: true }',
      '  user:',
      '    __proto__:',
      '      admin: true',
      '  roles:',
      '    - { __proto__: { admin: true } }',
      '  constructor:',
      '    prototype: { polluted: 1 }',
      '  note: { constructor: plain }',
      'embed:',
      '  __proto__: x',
      '',
    ].join('\n');
    const parse = parseProfile(text, { keys: ring });
    const refused = parse.diagnostics.filter((d) => d.code === 'CLAIM_REFUSED');
    assert.deepEqual(refused.map((d) => text.slice(d.start, d.end)), ['__proto__', '__proto__', '__proto__']);
    assert.deepEqual(refused.map((d) => d.start), [text.indexOf('  __proto__: { admin') + 2, text.indexOf('    __proto__:\n') + 4, text.indexOf('{ __proto__') + 2]);
    assert.ok(refused.every((d) => d.severity === 'error'));
    assert.deepEqual(at(text, parse, 'EMBED_REFUSED'), ['__proto__']);
    const warned = parse.diagnostics.filter((d) => d.code === 'PROTOTYPE_MEMBER');
    assert.deepEqual(warned.map((d) => [text.slice(d.start, d.end), d.severity]), [['constructor', 'warning']]);
    // The claims stay what the profile says, as own data of an object without a prototype.
    const claims = parse.profile.claims;
    assert.equal(Object.getPrototypeOf(claims), null);
    assert.deepEqual(Object.keys(claims), ['sub', '__proto__', 'user', 'roles', 'constructor', 'note']);
    assert.equal((claims as { admin?: unknown }).admin, undefined);
    assert.equal(Object.getPrototypeOf(parse.profile.embed), null);
  });

  test('a plain claim named constructor, or a string under it, is left alone', () => {
    const text = 'preset: generic\nkey: hs\nclaims:\n  constructor: builder-7\n  sub: a\n';
    const parse = parseProfile(text, { keys: ring });
    assert.deepEqual(parse.diagnostics.filter((d) => d.severity === 'error' || d.severity === 'warning'), []);
    const r = buildTokenRequest(parse.profile, preset('generic'), now);
    assert.ok(r.ok);
    if (r.ok) assert.equal(r.sign.claims.constructor, 'builder-7');
  });

  test('preset rules never find a claim or header member by inheritance', () => {
    const base = preset('generic');
    const custom: Preset = {
      ...base,
      id: 'custom',
      header: { ...base.header, members: { 'x-tenant': { required: true, fromClaim: 'valueOf' } } },
      hints: [{ claim: 'toString', message: 'about toString' }],
    };
    const text = 'preset: custom\nkey: hs\nclaims:\n  sub: a\n';
    const parse = parseProfile(text, { keys: ring, presets: [custom] });
    const codes = parse.diagnostics.map((d) => d.code);
    assert.ok(codes.includes('HEADER_MEMBER_MISSING'), 'valueOf is not a claim just because objects have it');
    assert.ok(!codes.includes('VENDOR_HINT'), 'nor is toString');
    const r = buildTokenRequest(parse.profile, custom, now);
    assert.equal(r.ok, false);
    if (!r.ok) assert.match(r.error.message, /The header needs "x-tenant": set claims\.valueOf\./);
  });

  test('a preset header member named __proto__ or constructor is refused when building the request', () => {
    const base = preset('generic');
    for (const name of ['__proto__', 'constructor']) {
      const members = Object.create(null) as Record<string, { value: unknown }>;
      members[name] = { value: { alg: 'none' } };
      const custom = { ...base, id: 'custom', header: { ...base.header, members } } as Preset;
      const r = buildTokenRequest(parseProfile('preset: custom\nkey: hs\nclaims: { sub: a }\n', { keys: ring, presets: [custom] }).profile, custom, now);
      assert.equal(r.ok, false, name);
      if (!r.ok) assert.equal(r.error.code, 'HEADER_REFUSED', name);
    }
  });

  test('a wide section full of __proto__ keys is walked without recursion, each key reported once', () => {
    const lines = ['preset: generic', 'key: hs', 'claims:', '  list:'];
    for (let i = 0; i < 2000; i++) lines.push(`    - { __proto__: ${i} }`);
    const text = `${lines.join('\n')}\n`;
    const started = Date.now();
    const parse = parseProfile(text, { keys: ring });
    assert.equal(parse.diagnostics.filter((d) => d.code === 'CLAIM_REFUSED').length, 2000);
    assert.ok(Date.now() - started < 5000, 'a hang guard, not a speed claim');
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

describe('kid in signing requests (H95)', () => {
  test('only presets that ask for a kid get the key\'s; a profile header.kid goes in otherwise', () => {
    const build = (text: string) => {
      const parse = parseProfile(text);
      const r = buildTokenRequest(parse.profile, parse.preset as Preset, 1_700_000_000_000);
      if (!r.ok) assert.fail(r.error.message);
      return r.sign;
    };
    const plain = build('preset: generic\nkey: hs\nclaims: { sub: a }\n');
    assert.equal(plain.includeKid, false);
    assert.equal(plain.header?.kid, undefined);
    const chosen = build('preset: generic\nkey: hs\nheader: { kid: vendor-1 }\nclaims: { sub: a }\n');
    assert.equal(chosen.header?.kid, 'vendor-1');
    assert.equal(build(AP).includeKid, true, 'activepieces asks for a kid');
  });
});
