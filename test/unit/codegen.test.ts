// The codegen core: the one string encoder of each language, comment text,
// variable names, and the model read off a profile (parameters, times, header
// members, kid rules, embed parts, refusals). Running the code it writes is
// test/cli/code*.test.ts.

import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { checkPreset, listPresets, parseProfile } from '../../src/core/index';
import { buildCodeModel, CODE_LANGUAGES, defaultKeyEnv, envNameProblem, integrationCode, joinEmbed, stringLiteral, type CodeLanguage } from '../../src/core/codegen/codegen';
import { clip, commentText } from '../../src/core/codegen/literals';

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
  test('commentText: printable ASCII, U+XXXX for the rest; per language what ends a comment or changes how the file reads', () => {
    const text = 'Zo\u00eb\u202e\n */ ?> \\u000a coding: unicode_escape';
    assert.equal(commentText('node', text), 'ZoU+00EBU+202EU+000A *U+002F ?> \\u000a coding: unicode_escape');
    assert.equal(commentText('go', text), 'ZoU+00EBU+202EU+000A *U+002F ?> \\u000a coding: unicode_escape');
    assert.equal(commentText('csharp', text), 'ZoU+00EBU+202EU+000A *U+002F ?> \\u000a coding: unicode_escape');
    // Java reads \u escapes in comments too: no backslash at all.
    assert.equal(commentText('java', text), 'ZoU+00EBU+202EU+000A *U+002F ?> U+005Cu000a coding: unicode_escape');
    // PHP leaves code at ?>, even in a comment.
    assert.equal(commentText('php', text), 'ZoU+00EBU+202EU+000A *U+002F ?U+003E \\u000a coding: unicode_escape');
    // Python (and Ruby) read "coding:" on the first two lines as the file's encoding.
    assert.equal(commentText('python', text), 'ZoU+00EBU+202EU+000A */ ?> \\u000a codingU+003A unicode_escape');
    assert.equal(commentText('ruby', 'x -*- coding=latin-1 -*-'), 'x -*- codingU+003Dlatin-1 -*-');
    // What the replacements write cannot form another closing sequence.
    assert.equal(commentText('php', '**//??>>'), '**U+002F/??U+003E>');
    for (const lang of CODE_LANGUAGES) assert.match(commentText(lang, 'a\u2028b\u0085c\rd\u0000e\u{1F600}'), /^[\x20-\x7e]*$/);
    assert.equal(clip('x'.repeat(300)), `${'x'.repeat(200)}...`);
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
    assert.match(go.code, /^\/\/ github\.com\/golang-jwt\/jwt\/v4 has no JWE: this code signs the token/m);
    assert.match(go.code, /jwt\.SigningMethodEdDSA/);
  });
});

/** The code for a profile (with extra presets) in one language, or the refusal. */
function codeFor(text: string, lang: CodeLanguage, presets: string[] = []) {
  const extra = presets.map((p) => checkPreset(p, 'p.yaml').preset).filter((p) => p !== undefined);
  const parse = parseProfile(text, { presets: [...listPresets(), ...extra] });
  assert.deepEqual(parse.diagnostics.filter((d) => d.severity === 'error'), []);
  assert.ok(parse.preset);
  return integrationCode(parse.profile, parse.preset, lang);
}

describe('what each library can write, and how the code says so', () => {
  test('embed text with half of a surrogate pair is refused, as in claims', () => {
    const snip = 'id: snip\nname: Snip\nalg: { default: HS256, allowed: [HS256] }\nlifetime: { default: 5m }\nclaims: { type: object }\nembed:\n  delivery: form-post\n  params: { type: object, properties: { v: { type: string } } }\n  snippets:\n    form: "<a title=\\"{v|html}\\">{token|html}</a>"\n';
    const snippet = codeFor('preset: snip\nkey: k1\nclaims:\n  sub: u\nembed:\n  v: "a\\ud800b"\n', 'python', [snip]);
    assert.ok(!snippet.ok && snippet.error.code === 'EMBED_INVALID');
    assert.equal(snippet.ok ? '' : snippet.error.message, 'The snippet holds half of a UTF-16 surrogate pair, which is not text in most languages; remove it.');
  });

  test('the signing and recipient keys cannot share a variable', () => {
    const clash = codeFor('preset: generic\nkey: ap-prod\nalg: HS256\nencrypt:\n  key: ap_prod\n  alg: A256KW\nclaims:\n  sub: u\n', 'node');
    assert.ok(!clash.ok && clash.error.code === 'CLAIMS_INVALID' && /would both be read from JWT_STUDIO_KEY_AP_PROD/.test(clash.error.message));
    const distinct = codeFor('preset: generic\nkey: ap-prod\nalg: HS256\nencrypt:\n  key: partner\n  alg: A256KW\nclaims:\n  sub: u\n', 'node');
    assert.ok(distinct.ok && distinct.model.encrypt?.key.env === 'JWT_STUDIO_KEY_PARTNER' && distinct.model.key.env === 'JWT_STUDIO_KEY_AP_PROD');
    // Without encrypt.alg the recipient key's alg is used, only when it is an encryption algorithm.
    const signingKey = model('preset: generic\nkey: k1\nalg: HS256\nencrypt:\n  key: partner\nclaims: {}\n', { recipient: { alg: 'RS256' } });
    assert.ok(!signingKey.ok && signingKey.error.code === 'KEY_ALG_MISMATCH' && /is for RS256, not for encryption/.test(signingKey.error.message));
    assert.ok(model('preset: generic\nkey: k1\nalg: HS256\nencrypt:\n  key: partner\nclaims: {}\n', { recipient: { alg: 'RSA-OAEP-256' } }).ok);
  });

  test('jsonwebtoken: no noTimestamp when the claims hold an iat; shorthand only for parameters; refusals by name', () => {
    const fixedIat = codeFor('preset: generic\nkey: k1\nalg: HS256\nregistered:\n  iat: false\nclaims:\n  sub: u\n  iat: 1700000000\n  "true": true\n', 'node-jsonwebtoken');
    assert.ok(fixedIat.ok);
    if (!fixedIat.ok) return;
    assert.doesNotMatch(fixedIat.code, /noTimestamp/);
    assert.match(fixedIat.code, /^ {4}sub: subject,$/m);
    assert.match(fixedIat.code, /^ {4}true: true,$/m);
    const noIat = codeFor('preset: generic\nkey: k1\nalg: HS256\nregistered:\n  iat: false\nclaims:\n  sub: u\n', 'node-jsonwebtoken');
    assert.ok(noIat.ok && /noTimestamp: true/.test(noIat.code));
    const nonAscii = codeFor('preset: generic\nkey: k1\nalg: HS256\nheader:\n  kid: "cl\\u00e9"\nclaims:\n  sub: u\n', 'node-jsonwebtoken');
    assert.ok(!nonAscii.ok && nonAscii.error.code === 'HEADER_REFUSED' && /^jsonwebtoken writes the header as Latin-1 bytes/.test(nonAscii.error.message));
    assert.ok(codeFor('preset: generic\nkey: k1\nalg: HS256\nheader:\n  kid: "cl\\u00e9"\nclaims:\n  sub: u\n', 'node').ok);
    const zeroIat = codeFor('preset: generic\nkey: k1\nalg: HS256\nregistered:\n  iat: false\nclaims:\n  iat: 0\n', 'node-jsonwebtoken');
    assert.ok(!zeroIat.ok && /replaces an iat of 0/.test(zeroIat.error.message));
  });

  test('nimbus-jose-jwt: registered header names through its builder, a one-item aud noted, PKCS#8 named', () => {
    const java = codeFor('preset: generic\nkey: k1\nalg: RS256\nheader:\n  cty: foo\n  x5t: abc\n  x-other: 1\nclaims:\n  aud: [api]\n', 'java');
    assert.ok(java.ok);
    if (!java.ok) return;
    assert.match(java.code, /\.contentType\("foo"\)\n {12}\.x509CertThumbprint\(new Base64URL\("abc"\)\)\n {12}\.customParam\("x-other", 1\)/);
    assert.match(java.code, /^import com\.nimbusds\.jose\.util\.Base64URL;$/m);
    assert.deepEqual(java.notes, ["nimbus-jose-jwt writes an aud list of one text as that text (and an aud that is not text or a list of text not at all): this token's claims differ from the profile's there."]);
    assert.match(java.code, /JWT_STUDIO_KEY_K1 is not set: set it to the RSA private key as PKCS#8 PEM \(a PRIVATE KEY block: convert others with openssl pkcs8 -topk8 -nocrypt\)/);
    const numberCty = codeFor('preset: generic\nkey: k1\nalg: RS256\nheader:\n  cty: 5\nclaims: {}\n', 'java');
    assert.ok(!numberCty.ok && numberCty.error.code === 'HEADER_REFUSED' && /^nimbus-jose-jwt cannot write the header's "cty" as the profile says \(it takes text there\)/.test(numberCty.error.message));
  });

  test('Microsoft.IdentityModel: the header names it writes itself are refused in any case; typ left out is noted', () => {
    for (const name of ['x5t', 'KID', 'Alg']) {
      const refused = codeFor(`preset: generic\nkey: k1\nalg: RS256\nheader:\n  ${name}: v\nclaims: {}\n`, 'csharp');
      assert.ok(!refused.ok && refused.error.code === 'HEADER_REFUSED', name);
      assert.match(refused.ok ? '' : refused.error.message, new RegExp(`^Microsoft\\.IdentityModel\\.JsonWebTokens writes "${name}" itself and refuses it among the additional header members \\(IDX14116\\)`));
    }
  });

  test('php-jwt and Microsoft.IdentityModel always write typ: "JWT" where the preset leaves it out, in the code and the notes', () => {
    const noTyp = 'id: no-typ\nname: No typ\nalg: { default: HS256, allowed: [HS256] }\nheader:\n  typ: null\nlifetime: { default: 5m }\nclaims: { type: object }\n';
    for (const [lang, library] of [['php', 'firebase/php-jwt'], ['csharp', 'Microsoft.IdentityModel.JsonWebTokens']] as const) {
      const made = codeFor('preset: no-typ\nkey: k1\nclaims:\n  sub: u\n', lang, [noTyp]);
      assert.ok(made.ok, lang);
      if (!made.ok) continue;
      const note = `${library} always writes typ: the profile leaves it out, this code writes "JWT".`;
      assert.deepEqual(made.notes, [note]);
      assert.ok(made.code.includes(`// ${note}\n`));
      assert.match(made.code, lang === 'php' ? /\["typ" => "JWT"\]/ : /TokenType = "JWT",/);
    }
  });
});
