// The Token Editor's model: what the form shows must come from the same
// parse as the YAML diagnostics, so these tests check rows, kinds, messages
// on the right row, suggestions, key choices and the unsigned preview.

import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { editorModel, listPresets } from '../../src/core/index';
import type { EditorModelContext, FieldRow } from '../../src/core/index';

const NOW = Date.UTC(2026, 10, 21, 12, 0, 0);
const context: EditorModelContext = {
  presets: listPresets(),
  keys: [
    { id: 'ap-rs', alg: 'RS256', use: 'sig', kty: 'RSA', hasPrivate: true, kid: 'kid-rs' },
    { id: 'es', alg: 'ES256', use: 'sig', kty: 'EC', hasPrivate: true, kid: 'kid-es' },
    { id: 'pub-only', alg: 'RS256', use: 'sig', kty: 'RSA', hasPrivate: false, kid: 'kid-pub' },
    { id: 'partner-enc', alg: 'RSA-OAEP-256', use: 'enc', kty: 'RSA', hasPrivate: false, kid: 'kid-enc' },
  ],
  now: NOW,
};

const AP = [
  '# a comment',
  'preset: activepieces',
  'key: ap-rs',
  'ttl: 15m',
  'claims:',
  '  version: v3',
  '  externalUserId: u1',
  '  externalProjectId: p1',
  '  role: 42',
  '  tags: [a, b]',
  '  exp: 1800000000',
  '  madeUp: yes please',
  'embed:',
  '  instanceUrl: https://cloud.activepieces.com',
  '',
].join('\n');

const row = (rows: FieldRow[], name: string): FieldRow => {
  const found = rows.find((r) => r.name === name);
  assert.ok(found, `row ${name}`);
  return found;
};

describe('editorModel', () => {
  const model = editorModel(AP, context);

  test('rows follow the document order with kinds from the schema and the value', () => {
    assert.equal(model.editable, true);
    assert.deepEqual(model.claims.map((r) => r.name), ['version', 'externalUserId', 'externalProjectId', 'role', 'tags', 'exp', 'madeUp']);
    assert.equal(row(model.claims, 'version').kind, 'enum');
    assert.deepEqual(row(model.claims, 'version').options, ['v3']);
    assert.equal(row(model.claims, 'externalUserId').kind, 'string');
    assert.equal(row(model.claims, 'externalUserId').required, true);
    assert.equal(row(model.claims, 'tags').kind, 'json');
    assert.equal(row(model.claims, 'exp').kind, 'date');
    assert.equal(row(model.claims, 'madeUp').known, false);
  });

  test('each diagnostic sits on the row it is about, the rest are listed with their line', () => {
    assert.ok(row(model.claims, 'role').messages.some((m) => m.code === 'CLAIM_TYPE' && m.severity === 'error'), 'role is a string in the schema');
    assert.ok(row(model.claims, 'madeUp').messages.some((m) => m.code === 'CLAIM_UNKNOWN'));
    assert.ok(row(model.claims, 'exp').messages.some((m) => m.code === 'CLAIM_GENERATED'));
    assert.deepEqual(row(model.claims, 'externalUserId').messages, []);
    const placed = [...model.claims, ...model.embed].flatMap((r) => r.messages).length + Object.values(model.controlMessages).flat().length;
    assert.ok(model.errors + model.warnings <= placed + model.messages.length);
    for (const m of model.messages) assert.ok(m.line >= 1 && m.line <= AP.split('\n').length);
  });

  test('suggestions are the schema claims not yet written, required first', () => {
    const names = model.claimSuggestions.map((s) => s.name);
    assert.ok(names.includes('firstName'));
    assert.ok(!names.includes('externalUserId'), 'already present');
    const firstOptional = model.claimSuggestions.findIndex((s) => !s.required);
    assert.ok(model.claimSuggestions.slice(firstOptional).every((s) => !s.required));
    const first = model.claimSuggestions.find((s) => s.name === 'firstName');
    assert.equal(first?.initial, 'Ada', 'the schema example is the starting value');
    assert.ok(first?.description);
  });

  test('keys: signing keys with reasons when unusable, encryption keys apart', () => {
    assert.deepEqual(model.keys.map((k) => k.id), ['ap-rs', 'es', 'pub-only']);
    assert.equal(model.keys.find((k) => k.id === 'ap-rs')?.unusable, undefined);
    assert.match(model.keys.find((k) => k.id === 'es')?.unusable ?? '', /RS256/);
    assert.match(model.keys.find((k) => k.id === 'pub-only')?.unusable ?? '', /verify-only/);
    assert.deepEqual(model.encryptKeys.map((k) => k.id), ['partner-enc']);
    assert.ok(!model.jweAlgs.some((a) => a.startsWith('PBES2')));
  });

  test('lifetime, algorithm and generated-claim switches follow the preset rules', () => {
    assert.equal(model.ttlWritten, '15m');
    assert.equal(model.ttlSeconds, 900);
    assert.equal(model.alg, 'RS256');
    assert.equal(model.algWritten, undefined);
    const exp = model.registered.find((r) => r.name === 'exp');
    assert.deepEqual(exp, { name: 'exp', on: true, switchable: false, written: false });
    assert.equal(model.preset?.kid, 'required');
  });

  test('the preview is what signing now would produce, minus the signature', () => {
    const fixed = editorModel(AP.replace('  exp: 1800000000\n', '').replace('  role: 42\n', '').replace('  madeUp: yes please\n', ''), context);
    assert.equal(fixed.preview.ok, true);
    if (!fixed.preview.ok) return;
    assert.deepEqual(fixed.preview.header, { alg: 'RS256', typ: 'JWT', kid: 'kid-rs' });
    assert.equal(fixed.preview.payload.iat, NOW / 1000);
    assert.equal(fixed.preview.payload.exp, NOW / 1000 + 900);
    assert.equal(fixed.preview.payload.externalUserId, 'u1');
  });

  test('a profile the form cannot edit says why, with the line', () => {
    const broken = editorModel('preset: activepieces\nclaims:\n  a: [1, 2\n', context);
    assert.equal(broken.editable, false);
    assert.match(broken.problem ?? '', /line \d+/);
    const notMap = editorModel('- a\n- b\n', context);
    assert.equal(notMap.editable, false);
  });

  test('without a preset or key the preview says what to pick', () => {
    const bare = editorModel('claims: {}\n', context);
    assert.equal(bare.preview.ok, false);
    if (!bare.preview.ok) assert.match(bare.preview.message, /preset/);
    const noKey = editorModel('preset: generic\n', context);
    assert.equal(noKey.preview.ok, false);
    if (!noKey.preview.ok) assert.match(noKey.preview.message, /key/);
  });

  test('hostile input never throws', () => {
    for (const text of ['', '\u0000', ':', 'claims: !!binary AAAA', `claims:\n${'  '.repeat(50)}x: 1`, 'a: &x [*x]', 'x'.repeat(2_000_000)]) {
      const m = editorModel(text, context);
      assert.equal(typeof m.editable, 'boolean');
    }
  });

  test('claims outside the schema carry a type for the chooser; schema claims keep their schema kind and no chooser', () => {
    const generic = editorModel(
      ['preset: generic', 'key: ap-rs', 'claims:', '  aud: web', '  admin: true', '  org:', '    id: 7', '  roles: [a, b]', '  count: 3', '  auth_time: 1800000000', '  note: hello', '  nothing: null', ''].join('\n'),
      context,
    );
    const types = Object.fromEntries(generic.claims.map((r) => [r.name, r.type]));
    assert.deepEqual(types, { aud: undefined, admin: 'boolean', org: 'object', roles: 'array', count: 'number', auth_time: 'date', note: 'string', nothing: undefined });
    assert.equal(row(generic.claims, 'admin').kind, 'boolean');
    assert.equal(row(generic.claims, 'org').kind, 'json');
    assert.equal(row(model.claims, 'madeUp').type, 'string');
    assert.equal(row(model.claims, 'externalUserId').type, undefined);
  });

  test('iss and sub are switches where the preset allows them, with their row while on; not in claims or suggestions', () => {
    const generic = editorModel('preset: generic\nkey: ap-rs\nclaims:\n  iss: https://issuer.example\n  role: admin\n', context);
    assert.deepEqual(generic.claimSwitches.map((sw) => [sw.name, sw.on, sw.switchable]), [['iss', true, true], ['sub', false, true]]);
    const iss = generic.claimSwitches[0];
    assert.equal(iss?.row?.value, 'https://issuer.example');
    assert.equal(iss?.row?.kind, 'string');
    assert.match(iss?.description ?? '', /Issuer/);
    assert.deepEqual(generic.claims.map((r) => r.name), ['role']);
    assert.ok(!generic.claimSuggestions.some((sg) => sg.name === 'iss' || sg.name === 'sub'));
    // Activepieces lets no other claims in and has neither in its schema: no switches, and a written iss stays a row with its error.
    assert.deepEqual(model.claimSwitches, []);
    const apIss = editorModel(AP.replace('  madeUp: yes please\n', '  iss: me\n'), context);
    assert.ok(row(apIss.claims, 'iss').messages.some((m) => m.code === 'CLAIM_UNKNOWN'));
    // Acadio describes iss only.
    const acadio = editorModel('preset: acadio\nclaims:\n  email: a@example.com\n', context);
    assert.deepEqual(acadio.claimSwitches.map((sw) => sw.name), ['iss']);
    // Tableau requires both: a written one cannot be switched off; a missing one can be switched on, starting from the example.
    const tableau = editorModel('preset: tableau\nclaims:\n  iss: client-1\n  aud: tableau\n  scp: [tableau:views:embed]\n', context);
    const [tIss, tSub] = tableau.claimSwitches;
    assert.deepEqual([tIss?.on, tIss?.switchable, tIss?.required], [true, false, true]);
    assert.deepEqual([tSub?.on, tSub?.switchable, tSub?.initial], [false, true, 'ada@example.com']);
    assert.equal(editorModel('claims:\n  iss: x\n', context).claimSwitches.length, 0, 'no preset, no switches');
  });

  test('a problem about a control is placed on it: key and algorithm disagreeing shows under the algorithm', () => {
    const keys = [...context.keys, { id: 'es384', alg: 'ES384', use: 'sig' as const, kty: 'EC', hasPrivate: true, kid: 'kid-es384' }];
    const mismatch = editorModel('preset: generic\nkey: es384\nalg: RS384\nclaims:\n  sub: u1\n', { ...context, keys });
    assert.equal(mismatch.errors, 1);
    assert.deepEqual(mismatch.controlMessages.alg?.map((m) => m.code), ['KEY_ALG_MISMATCH']);
    assert.match(mismatch.controlMessages.alg?.[0]?.message ?? '', /ES384.*RS384/);
    assert.equal(mismatch.controlMessages.key, undefined);
    assert.deepEqual(mismatch.messages, [], 'not repeated in the list at the bottom');
    // With no alg written, a key the preset does not take is the key's problem.
    assert.ok(!model.controlMessages.key?.some((m) => m.code === 'KEY_ALG_MISMATCH'));
    assert.deepEqual(model.controlMessages.key?.map((m) => m.code), ['KID_GUIDANCE'], "the preset's kid hint is about the key");
    const wrongKey = editorModel(AP.replace('key: ap-rs', 'key: es'), context);
    assert.deepEqual(wrongKey.controlMessages.key?.map((m) => m.code), ['KEY_ALG_MISMATCH', 'KID_GUIDANCE']);
    const noKey = editorModel('preset: generic\nttl: forever\n', context);
    assert.deepEqual(noKey.controlMessages.key?.map((m) => m.code), ['KEY_MISSING']);
    assert.deepEqual(noKey.controlMessages.ttl?.map((m) => m.code), ['TTL_INVALID']);
    // A required claim that is missing is about the claims section.
    const missing = editorModel('preset: activepieces\nkey: ap-rs\nclaims:\n  version: v3\n', context);
    assert.ok((missing.controlMessages.claims ?? []).some((m) => m.severity === 'error'));
  });
});
