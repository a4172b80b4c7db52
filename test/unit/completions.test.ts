// Completions and hovers from the text around the cursor; `|` marks the cursor.

import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { completionsAt, hoverAt, listPresets } from '../../src/core/index';
import type { Completion, CompletionContext } from '../../src/core/index';

const context: CompletionContext = {
  presets: listPresets(),
  keys: [
    { id: 'ap-prod', alg: 'ES256', use: 'sig', kty: 'EC', hasPrivate: true },
    { id: 'ap-rs', alg: 'RS256', use: 'sig', kty: 'RSA', hasPrivate: true },
    { id: 'partner-enc', alg: 'RSA-OAEP-256', use: 'enc', kty: 'RSA', hasPrivate: false },
  ],
};

function complete(marked: string): { items: Completion[]; labels: string[]; text: string } {
  const offset = marked.indexOf('|');
  const text = marked.replace('|', '');
  const items = completionsAt(text, offset, context);
  return { items, labels: items.map((c) => c.label), text };
}

describe('completionsAt', () => {
  test('top-level properties not yet present', () => {
    assert.deepEqual(complete('|').labels, ['preset', 'key', 'alg', 'ttl', 'header', 'claims', 'embed', 'registered', 'encrypt']);
    const { labels } = complete('preset: activepieces\nttl: 5m\n|');
    assert.ok(!labels.includes('preset') && !labels.includes('ttl') && labels.includes('claims'));
  });

  test('preset ids, replacing the word being typed', () => {
    const { items, text } = complete('preset: meta|base');
    assert.ok(items.some((c) => c.label === 'metabase-embed' && c.kind === 'preset'));
    const first = items[0] as Completion;
    assert.equal(text.slice(first.replaceStart, first.replaceEnd), 'metabase');
  });

  test('key ids: signing keys only, fitting ones sorted first with the mismatch in the detail', () => {
    const { items } = complete('preset: activepieces\nkey: |');
    assert.deepEqual(items.map((c) => c.label), ['ap-prod', 'ap-rs']);
    const sorted = [...items].sort((a, b) => String(a.sortText).localeCompare(String(b.sortText)));
    assert.equal(sorted[0]?.label, 'ap-rs');
    assert.match(items[0]?.detail ?? '', /asks for RS256/);
  });

  test('algorithms valid for the preset and the chosen key', () => {
    assert.deepEqual(complete('preset: activepieces\nkey: ap-rs\nalg: |').labels, ['RS256']);
    assert.deepEqual(complete('preset: grafana\nkey: ap-prod\nalg: |').labels, ['ES256']);
    assert.equal(complete('preset: grafana\nalg: |').labels.length, 12);
  });

  test('ttl shorthands within the vendor max, preset default first', () => {
    const { labels } = complete('preset: tableau\nttl: |');
    assert.equal(labels[0], '5m');
    assert.ok(labels.includes('10m') && !labels.includes('15m') && !labels.includes('1h'));
  });

  test('claim names: required first, present ones left out, descriptions attached', () => {
    const { items } = complete('preset: activepieces\nclaims:\n  externalUserId: u\n  |\nembed: {}\n');
    assert.ok(!items.some((c) => c.label === 'externalUserId'));
    const req = items.filter((c) => c.required).map((c) => c.label);
    assert.deepEqual(req, ['externalProjectId', 'firstName', 'lastName']);
    assert.ok(items.every((c) => c.kind === 'claim'));
    assert.match(items.find((c) => c.label === 'role')?.documentation ?? '', /custom role/);
  });

  test('enum values, booleans, list items', () => {
    assert.deepEqual(complete('preset: activepieces\nclaims:\n  piecesFilterType: |').labels, ['NONE', 'ALLOWED']);
    assert.deepEqual(complete('preset: acadio\nclaims:\n  onboard: |').labels, ['true', 'false']);
    assert.deepEqual(complete('preset: frameable\nclaims:\n  roles:\n    - |').labels, ['host', 'presenter', 'transcriber', 'interpreter']);
    assert.deepEqual(complete('preset: tableau\nclaims:\n  scp:\n    - tableau:views:embed\n    - |').labels.length, 4);
  });

  test('members of objects inside lists', () => {
    assert.deepEqual(complete('preset: acadio\nclaims:\n  credits:\n    - orderId: x\n      |').labels, ['id']);
    assert.deepEqual(complete('preset: acadio\nclaims:\n  credits:\n    - |').labels, ['orderId', 'id']);
  });

  test('embed parameters and their values', () => {
    const { labels } = complete('preset: metabase-embed\nembed:\n  siteUrl: https://x\n  |');
    assert.ok(labels.includes('bordered') && !labels.includes('siteUrl'));
    assert.deepEqual(complete('preset: metabase-embed\nembed:\n  theme: |').labels, ['transparent', 'night']);
  });

  test('header members, registered switches, encryption keys', () => {
    assert.deepEqual(complete('preset: tableau\nheader:\n  |').labels, ['kid', 'typ', 'iss']);
    assert.deepEqual(complete('preset: frameable\nheader:\n  |').labels, ['typ']);
    assert.deepEqual(complete('preset: tableau\nregistered:\n  |').labels, ['iat', 'nbf']);
    assert.deepEqual(complete('preset: generic\nencrypt:\n  key: |').labels, ['partner-enc']);
  });

  test('nothing inside comments; never throws on odd offsets', () => {
    assert.deepEqual(complete('# preset: |').labels, []);
    for (const offset of [-5, 0, 3, 999]) assert.ok(Array.isArray(completionsAt('preset: x\n', offset, context)));
  });
});

describe('hoverAt', () => {
  test('claim description, type, allowed values and vendor hint, escaped', () => {
    const text = 'preset: acadio\nclaims:\n  groups: []\n';
    const h = hoverAt(text, text.indexOf('groups') + 2, context);
    assert.ok(h);
    assert.equal(text.slice(h.range.start, h.range.end), 'groups');
    assert.match(h.markdownSafeText, /Fully synced/);
    assert.match(h.markdownSafeText, /removes every group/);
    const role = 'preset: frameable\nclaims:\n  roles: []\n';
    assert.match(hoverAt(role, role.indexOf('roles'), context)?.markdownSafeText ?? '', /Allowed\\: \\"host\\"/);
  });

  test('nothing for values or unknown names', () => {
    const text = 'preset: acadio\nclaims:\n  nope: 1\n';
    assert.equal(hoverAt(text, text.indexOf('nope'), context), undefined);
    assert.equal(hoverAt(text, text.indexOf('acadio'), context), undefined);
  });
});
