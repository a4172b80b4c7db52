// Every built-in preset: its own shape checks out, a filled-in profile from it
// validates cleanly, and broken variants give the right diagnostic at the
// right range (asserted by slicing the text at the reported offsets).

import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { checkPreset, listPresets, newProfileTemplate, parsePreset, parseProfile, parseTemplate, validateClaims } from '../../src/core/index';
import type { Preset, ProfileParse } from '../../src/core/index';

const presets = listPresets();
const byId = (id: string): Preset => presets.find((p) => p.id === id) as Preset;

function slices(text: string, parse: ProfileParse, code: string): string[] {
  return parse.diagnostics.filter((d) => d.code === code).map((d) => text.slice(d.start, d.end));
}

const EXPECTED_IDS = ['activepieces', 'frameable', 'acadio', 'metabase-embed', 'metabase-sso', 'zendesk', 'grafana', 'tableau', 'canny', 'featurebase', 'superset', 'generic'];

describe('built-in presets', () => {
  test('one preset per vendor, plus generic', () => {
    assert.deepEqual(presets.map((p) => p.id).sort(), [...EXPECTED_IDS].sort());
  });

  for (const preset of presets) {
    describe(preset.id, () => {
      test('passes the preset shape check (as JSON text, which is also YAML)', () => {
        const checked = checkPreset(JSON.stringify(preset, null, 2), `${preset.id}.json`);
        assert.deepEqual(checked.diagnostics, []);
        assert.ok(checked.preset);
      });

      test('every template names an encoding for every placeholder', () => {
        for (const t of [preset.embed?.url, ...Object.values(preset.embed?.snippets ?? {})]) {
          if (t === undefined) continue;
          const parsed = parseTemplate(t);
          assert.ok(parsed.ok, parsed.ok ? '' : parsed.message);
        }
      });

      test('a filled-in profile validates with no error or warning', () => {
        const text = newProfileTemplate(preset, 'k1');
        const parse = parseProfile(text, { keys: [{ id: 'k1', alg: preset.alg.default, use: 'sig', kty: 'oct', hasPrivate: true }] });
        const loud = parse.diagnostics.filter((d) => d.severity === 'error' || d.severity === 'warning');
        assert.deepEqual(loud, [], text);
        assert.equal(parse.profile.preset, preset.id);
        assert.equal(parse.profile.alg, preset.alg.default);
      });

      const required = (preset.claims.required ?? []) as string[];
      if (required.length) {
        test(`leaving out a required claim (${required[0]}) is an error at the claims key`, () => {
          const full = newProfileTemplate(preset, 'k1');
          const lines = full.split('\n');
          const at = lines.findIndex((l) => l.startsWith(`  ${required[0]}:`));
          // Drop the claim and anything nested under it.
          let end = at + 1;
          while (end < lines.length && /^ {4}/.test(lines[end] ?? '')) end += 1;
          const text = [...lines.slice(0, at), ...lines.slice(end)].join('\n');
          const parse = parseProfile(text);
          assert.deepEqual(slices(text, parse, 'CLAIM_MISSING'), ['claims']);
          const d = parse.diagnostics.find((x) => x.code === 'CLAIM_MISSING');
          assert.match(d?.message ?? '', new RegExp(`"${required[0]}"`));
        });
      }
    });
  }
});

describe('broken variants point at the exact text', () => {
  test('activepieces: enum, type, unknown claim, both-or-neither pool', () => {
    const text = [
      'preset: activepieces',
      'key: k',
      'claims:',
      '  externalUserId: 42',
      '  externalProjectId: team_7',
      '  firstName: Ada',
      '  lastName: Lovelace',
      '  piecesFilterType: SOME',
      '  favouriteColour: blue',
      '  concurrencyPoolKey: pool-a',
      '',
    ].join('\n');
    const parse = parseProfile(text);
    assert.deepEqual(slices(text, parse, 'CLAIM_TYPE'), ['42']);
    assert.deepEqual(slices(text, parse, 'CLAIM_ENUM'), ['SOME']);
    assert.deepEqual(slices(text, parse, 'CLAIM_UNKNOWN'), ['favouriteColour']);
    assert.deepEqual(slices(text, parse, 'CLAIM_MISSING'), ['concurrencyPoolKey']);
    const enumMessage = parse.diagnostics.find((d) => d.code === 'CLAIM_ENUM')?.message ?? '';
    assert.match(enumMessage, /"NONE", "ALLOWED"/);
  });

  test('acadio: orderId over 32 characters, credit id not an integer, hints for groups and credits', () => {
    const long = 'x'.repeat(33);
    const text = `preset: acadio\nkey: k\nclaims:\n  email: a@example.com\n  groups: []\n  credits:\n    - orderId: ${long}\n      id: 1.5\n`;
    const parse = parseProfile(text);
    assert.deepEqual(slices(text, parse, 'CLAIM_LENGTH'), [long]);
    assert.deepEqual(slices(text, parse, 'CLAIM_TYPE'), ['1.5']);
    assert.deepEqual(slices(text, parse, 'VENDOR_HINT'), ['groups', 'credits']);
    assert.ok(parse.diagnostics.filter((d) => d.code === 'VENDOR_HINT').every((d) => d.severity === 'info'));
    assert.match(parse.diagnostics.find((d) => d.code === 'CLAIM_LENGTH')?.message ?? '', /33 characters; at most 32/);
  });

  test('tableau: 11 minutes is over the vendor max (error at the ttl value); 10 minutes is fine', () => {
    const base = 'preset: tableau\nkey: k\nclaims:\n  iss: client\n  sub: ada\n  aud: tableau\n  scp: [tableau:views:embed]\n';
    const over = `${base}ttl: 11m\n`;
    assert.deepEqual(slices(over, parseProfile(over), 'TTL_OVER_MAX'), ['11m']);
    const ok = `${base}ttl: 10m\n`;
    assert.deepEqual(parseProfile(ok).diagnostics.filter((d) => d.severity === 'error'), []);
  });

  test('tableau: aud must be "tableau", scp items from the scope list', () => {
    const text = 'preset: tableau\nclaims:\n  iss: c\n  sub: s\n  aud: tablo\n  scp:\n    - tableau:views:embed\n    - tableau:everything\n';
    const parse = parseProfile(text);
    assert.deepEqual(slices(text, parse, 'CLAIM_ENUM'), ['tablo', 'tableau:everything']);
  });

  test('metabase-embed: resource needs exactly one of dashboard / question; params values are lists', () => {
    const text = 'preset: metabase-embed\nclaims:\n  resource:\n    dashboard: 1\n    question: 2\n  params:\n    region: EMEA\n';
    const parse = parseProfile(text);
    assert.equal(parse.diagnostics.filter((d) => d.code === 'CLAIM_INVALID').length, 1);
    assert.deepEqual(slices(text, parse, 'CLAIM_TYPE'), ['EMEA']);
  });

  test('superset: type must be guest; rls rule needs a clause', () => {
    const text = 'preset: superset\nclaims:\n  user: { username: g }\n  resources: [{ type: dashboard, id: abc }]\n  rls_rules: [{ dataset: 1 }]\n  aud: superset\n  type: admin\n';
    const parse = parseProfile(text);
    assert.deepEqual(slices(text, parse, 'CLAIM_ENUM'), ['admin']);
    assert.deepEqual(slices(text, parse, 'CLAIM_MISSING'), ['{ dataset: 1 }']);
  });

  test('frameable: role outside the list, avatarUrl not a URL', () => {
    const text = 'preset: frameable\nclaims:\n  displayName: Ada\n  avatarUrl: javascript:alert(1)\n  roles: [presenter, owner]\n';
    const parse = parseProfile(text);
    assert.deepEqual(slices(text, parse, 'CLAIM_ENUM'), ['owner']);
    assert.deepEqual(slices(text, parse, 'CLAIM_INVALID'), ['javascript:alert(1)']);
  });

  test('generic: any claim of a JSON type, but not null', () => {
    const text = 'preset: generic\nclaims:\n  sub: u\n  n: 1\n  flag: true\n  list: [1]\n  obj: { a: 1 }\n  nothing: null\n';
    const parse = parseProfile(text);
    assert.deepEqual(slices(text, parse, 'CLAIM_TYPE'), ['null']);
  });
});

describe('validateClaims', () => {
  test('paths and messages a person can act on', () => {
    const problems = validateClaims(byId('acadio'), { credits: [{ orderId: 'y'.repeat(40), id: 'seven' }] });
    assert.deepEqual(problems.map((p) => [p.path, p.code]), [
      ['email', 'CLAIM_MISSING'],
      ['credits[0].orderId', 'CLAIM_LENGTH'],
      ['credits[0].id', 'CLAIM_TYPE'],
    ]);
    assert.match(problems[0]?.message ?? '', /Missing required claim "email": The learner's email/);
    assert.match(problems[2]?.message ?? '', /must be a whole number, not text/);
  });

  test('valid claims give no problems', () => {
    assert.deepEqual(validateClaims(byId('zendesk'), { name: 'Ada', email: 'a@example.com', organization: 'Acme' }), []);
  });
});

describe('user presets', () => {
  const yaml = [
    'id: acme-sso',
    'name: Acme SSO',
    'alg: { default: HS256, allowed: [HS256] }',
    'lifetime: { default: 2m, max: 5m }',
    'claims:',
    '  type: object',
    '  properties:',
    '    email: { type: string, description: Work email }',
    '  required: [email]',
    'embed:',
    '  delivery: redirect',
    '  url: "https://acme.example/sso?jwt={token|query}"',
    '',
  ].join('\n');

  test('a YAML preset parses and joins the list, replacing nothing else', () => {
    const r = parsePreset(yaml, '.vscode/jwt-presets/acme.yaml');
    assert.ok(r.ok);
    if (!r.ok) return;
    assert.equal(r.preset.id, 'acme-sso');
    const all = listPresets([r.preset]);
    assert.equal(all.length, presets.length + 1);
    const parse = parseProfile('preset: acme-sso\nttl: 10m\nclaims: {}\n', { presets: all });
    assert.deepEqual(parse.diagnostics.map((d) => d.code).sort(), ['CLAIM_MISSING', 'KEY_MISSING', 'TTL_OVER_MAX']);
  });

  test('shape errors come with ranges: bad alg, unknown member, misspelt schema keyword, raw placeholder', () => {
    const broken = yaml
      .replace('allowed: [HS256]', 'allowed: [HS256, none]')
      .replace('name: Acme SSO', 'name: Acme SSO\ncolour: red')
      .replace('?jwt={token|query}', '?jwt={token}');
    const checked = checkPreset(broken, 'acme.yaml');
    assert.equal(checked.preset, undefined);
    const texts = checked.diagnostics.map((d) => broken.slice(d.start, d.end));
    assert.ok(texts.includes('none'), texts.join(' | '));
    assert.ok(texts.includes('colour'), texts.join(' | '));
    const r = parsePreset(broken, 'acme.yaml');
    assert.equal(r.ok, false);
    if (!r.ok) assert.match(r.error.message, /^acme\.yaml, line \d+:/);

    const badKeyword = yaml.replace('required: [email]', 'requird: [email]');
    const k = checkPreset(badKeyword, 'acme.yaml');
    assert.equal(k.diagnostics[0]?.code, 'PRESET_SCHEMA');
    assert.equal(badKeyword.slice(k.diagnostics[0]?.start, k.diagnostics[0]?.end), 'claims');

    const raw = yaml.replace('?jwt={token|query}', '?jwt={token}');
    const t = checkPreset(raw, 'acme.yaml');
    assert.equal(t.diagnostics[0]?.code, 'PRESET_TEMPLATE');
    assert.match(t.diagnostics[0]?.message ?? '', /has no encoding/);
  });

  test('YAML syntax errors point at their line', () => {
    const text = 'id: x\nname: [unclosed\n';
    const checked = checkPreset(text, 'x.yaml');
    assert.ok(checked.diagnostics.some((d) => d.code === 'YAML_SYNTAX'));
  });
});
