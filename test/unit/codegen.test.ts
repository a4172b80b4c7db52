// The codegen core: the one string encoder of each language, comment text,
// variable names, and the model read off a profile (parameters, times, header
// members, kid rules, embed parts, refusals). Running the code it writes is
// test/cli/code*.test.ts.

import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { listPresets, parseProfile } from '../../src/core/index';
import { buildCodeModel, CODE_LANGUAGES, defaultKeyEnv, envNameProblem, integrationCode, joinEmbed, stringLiteral } from '../../src/core/codegen/codegen';
import { commentText } from '../../src/core/codegen/literals';

const TRICKY = 'a"b\'c\\d\ne${x}#{y}$z\u00e9\u202e\u0001\ud83d\ude00';

describe('stringLiteral: one encoder per language, printable ASCII out', () => {
  const expected: Record<string, string> = {
    node: "'a\"b\\'c\\\\d\\ne${x}#{y}$z\\u00E9\\u202E\\u0001\\uD83D\\uDE00'",
    'node-jsonwebtoken': "'a\"b\\'c\\\\d\\ne${x}#{y}$z\\u00E9\\u202E\\u0001\\uD83D\\uDE00'",
    python: '"a\\"b\'c\\\\d\\ne${x}#{y}$z\\u00E9\\u202E\\u0001\\U0001F600"',
    go: '"a\\"b\'c\\\\d\\ne${x}#{y}$z\\u00E9\\u202E\\u0001\\U0001F600"',
    // Java reads \u escapes before the lexer: controls are octal, so \u000A never ends a line.
    java: '"a\\"b\'c\\\\d\\ne${x}#{y}$z\\u00E9\\u202E\\001\\uD83D\\uDE00"',
    csharp: '"a\\"b\'c\\\\d\\ne${x}#{y}$z\\u00E9\\u202E\\u0001\\uD83D\\uDE00"',
    php: '"a\\"b\'c\\\\d\\ne\\${x}#{y}\\$z\\u{00E9}\\u{202E}\\u{0001}\\u{1F600}"',
    ruby: '"a\\"b\'c\\\\d\\ne${x}\\#{y}$z\\u{00E9}\\u{202E}\\u{0001}\\u{1F600}"',
  };
  for (const lang of CODE_LANGUAGES) {
    test(lang, () => {
      const literal = stringLiteral(lang, TRICKY);
      assert.equal(literal, expected[lang]);
      assert.match(literal, /^[\x20-\x7e]*$/);
    });
  }

  test('Java: a backslash before u in the text stays a backslash (an even run of backslashes starts no \\u escape)', () => {
    assert.equal(stringLiteral('java', '\\u000a'), '"\\\\u000a"');
    assert.equal(stringLiteral('java', '\n\r\t\b\f\u007f'), '"\\n\\r\\t\\b\\f\\177"');
  });

  test('a lone surrogate is U+FFFD where strings are code points (what UTF-8 makes of it), kept in UTF-16 languages', () => {
    assert.equal(stringLiteral('go', 'x\ud800'), '"x\\uFFFD"');
    assert.equal(stringLiteral('ruby', '\udc00'), '"\\u{FFFD}"');
    assert.equal(stringLiteral('csharp', '\ud800'), '"\\uD800"');
  });
});

describe('comment text and names', () => {
  test('commentText: printable ASCII, U+XXXX for the rest and the backslash, PHP\'s ?> broken, 200 characters', () => {
    assert.equal(commentText('Zoë\u202e\n\\u000a ?> */'), 'ZoU+00EBU+202EU+000AU+005Cu000a ?U+003E */');
    assert.equal(commentText('x'.repeat(300)), `${'x'.repeat(200)}...`);
  });

  test('defaultKeyEnv and envNameProblem', () => {
    assert.equal(defaultKeyEnv('ap-prod'), 'JWT_STUDIO_KEY_AP_PROD');
    assert.equal(defaultKeyEnv('metabase.embedding'), 'JWT_STUDIO_KEY_METABASE_EMBEDDING');
    assert.equal(defaultKeyEnv('--"$(rm)"--'), 'JWT_STUDIO_KEY_RM');
    assert.equal(defaultKeyEnv('日本'), 'JWT_STUDIO_KEY');
    assert.equal(envNameProblem('ACME_SECRET'), undefined);
    assert.match(envNameProblem('A-B') ?? '', /is not an environment variable name/);
    assert.match(envNameProblem('1A') ?? '', /is not an environment variable name/);
  });
});

function model(text: string, facts = {}) {
  const parse = parseProfile(text);
  assert.deepEqual(parse.diagnostics.filter((d) => d.severity === 'error'), []);
  assert.ok(parse.preset);
  return buildCodeModel(parse.profile, parse.preset, facts);
}

describe('buildCodeModel', () => {
  test('user claims become parameters, the rest stay fixed; times follow the preset; ttl in seconds', () => {
    const built = model('preset: zendesk\nkey: zd\nttl: 2m\nclaims:\n  name: Ada Lovelace\n  email: ada@example.com\n  external_id: "42"\n  organization: Acme\n  locale_id: 8\n');
    assert.ok(built.ok);
    if (!built.ok) return;
    const m = built.model;
    assert.deepEqual(m.params.map((p) => [p.claim, p.words.join('_'), p.example]), [['name', 'name', 'Ada Lovelace'], ['email', 'email', 'ada@example.com'], ['external_id', 'external_id', '42']]);
    assert.deepEqual(m.claims.filter((c) => c.value.kind === 'fixed').map((c) => c.name), ['organization', 'locale_id']);
    assert.deepEqual(m.times, { iat: true, nbf: false, exp: true, jti: true, ttlSeconds: 120 });
    assert.equal(m.key.env, 'JWT_STUDIO_KEY_ZD');
    assert.equal(m.key.fileEnv, 'JWT_STUDIO_KEY_ZD_FILE');
    assert.equal(m.typ, 'JWT');
    assert.equal(m.kid, undefined);
  });

  test('Tableau: the kid comes from the key, the header iss from the claim', () => {
    const text = 'preset: tableau\nkey: tb\nclaims:\n  iss: client-1\n  sub: ada@example.com\n  aud: tableau\n  scp: [tableau:views:embed]\nembed:\n  host: prod.online.tableau.com\n  site: acme\n  workbook: Sales\n  view: Overview\n';
    const refused = model(text);
    assert.ok(!refused.ok && refused.error.code === 'HEADER_REFUSED' && /needs a kid/.test(refused.error.message));
    const built = model(text, { kid: 'secret-id-1' });
    assert.ok(built.ok);
    if (!built.ok) return;
    assert.equal(built.model.kid, 'secret-id-1');
    assert.deepEqual(built.model.header, [{ name: 'iss', value: { kind: 'fixed', value: 'client-1' } }]);
    assert.deepEqual(built.model.times, { iat: false, nbf: false, exp: true, jti: true, ttlSeconds: 300 });
  });

  test('a kid-forbidden preset drops the profile\'s header.kid; an optional one keeps it', () => {
    const forbidden = model('preset: metabase-embed\nkey: mb\nheader:\n  kid: k\nclaims:\n  resource: { dashboard: 1 }\n  params: {}\nembed:\n  siteUrl: https://mb.example.com\n');
    assert.ok(forbidden.ok && forbidden.model.kid === undefined);
    const optional = model('preset: generic\nkey: g\nheader:\n  kid: mine\nclaims: {}\n', { kid: 'the-keys' });
    assert.ok(optional.ok && optional.model.kid === 'mine');
  });

  test('the embed URL: checked values written as text, a value its encoding changes encoded by the code, the token always', () => {
    const built = model('preset: grafana\nkey: gf\nclaims:\n  sub: viewer\nembed:\n  siteUrl: https://grafana.example.com/\n  dashboardUid: abc123\n  slug: "sales & ops"\n');
    assert.ok(built.ok);
    if (!built.ok) return;
    assert.deepEqual(built.model.embed?.parts, [
      { kind: 'text', text: 'https://grafana.example.com/d/abc123/' },
      { kind: 'value', name: 'slug', text: 'sales & ops' },
      { kind: 'text', text: '?orgId=1&kiosk&auth_token=' },
      { kind: 'token', encodings: ['component'] },
    ]);
    assert.equal(built.model.embed?.host, 'grafana.example.com');
    assert.equal(joinEmbed(built.model.embed!, 'a.b.c'), 'https://grafana.example.com/d/abc123/sales%20%26%20ops?orgId=1&kiosk&auth_token=a.b.c');
  });

  test('a snippet-only preset (Superset): the snippet, its values filled, the token as a JSON string', () => {
    const preset = listPresets().find((p) => p.id === 'superset');
    assert.ok(preset);
    const built = model('preset: superset\nkey: ss\nclaims:\n  user: { username: guest }\n  resources: [{ type: dashboard, id: x }]\n  rls_rules: []\n  aud: superset\n  type: guest\nembed:\n  siteUrl: https://bi.example.com\n  dashboardId: 00000000-0000-0000-0000-000000000000\n');
    assert.ok(built.ok);
    if (!built.ok) return;
    assert.equal(built.model.embed?.kind, 'snippet');
    assert.equal(built.model.embed?.name, 'embedded-sdk');
    assert.deepEqual(built.model.embed?.parts.filter((p) => p.kind === 'token'), [{ kind: 'token', encodings: ['js'] }]);
  });

  test('refusals: a lone surrogate, a "__proto__" member, encrypt without alg, an embed value renderEmbed refuses', () => {
    const surrogate = model('preset: generic\nkey: g\nclaims:\n  x: "\\ud800"\n');
    assert.ok(!surrogate.ok && surrogate.error.code === 'CLAIMS_INVALID');
    const parse = parseProfile('preset: generic\nkey: g\nclaims: {}\n');
    assert.ok(parse.preset);
    parse.profile.claims = JSON.parse('{"x":{"__proto__":{"polluted":true}}}') as Record<string, unknown>;
    const proto = buildCodeModel(parse.profile, parse.preset);
    assert.ok(!proto.ok && /__proto__/.test(proto.error.message));
    const encrypt = model('preset: generic\nkey: g\nencrypt:\n  key: partner\nclaims: {}\n');
    assert.ok(!encrypt.ok && /encrypt\.alg/.test(encrypt.error.message));
    const embed = model('preset: metabase-sso\nkey: m\nclaims:\n  email: a@example.com\nembed:\n  siteUrl: https://mb.example.com\n  returnTo: "/\\\\evil.example"\n');
    assert.ok(!embed.ok && embed.error.code === 'EMBED_INVALID');
  });

  test('integrationCode: a library that cannot sign the algorithm is refused by name; one without JWE signs and notes it', () => {
    const parse = parseProfile('preset: generic\nkey: g\nalg: EdDSA\nencrypt:\n  key: partner\n  alg: RSA-OAEP-256\nclaims: {}\n');
    assert.ok(parse.preset);
    const refused = integrationCode(parse.profile, parse.preset, 'csharp');
    assert.ok(!refused.ok && refused.error.code === 'ALG_UNSUPPORTED' && /Microsoft\.IdentityModel\.JsonWebTokens cannot sign EdDSA/.test(refused.error.message));
    const go = integrationCode(parse.profile, parse.preset, 'go');
    assert.ok(go.ok);
    if (!go.ok) return;
    assert.equal(go.notes.length, 1);
    assert.match(go.notes[0] ?? '', /^github\.com\/golang-jwt\/jwt\/v4 has no JWE/);
    assert.match(go.code, /^\/\/ Not encrypted: /m);
    assert.match(go.code, /jwt\.SigningMethodEdDSA/);
  });
});
