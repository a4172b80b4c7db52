// The jwtStudio.trustedIssuers setting as the extension reads it (src/issuers/issuerSettings.ts), with the
// core's URL rules: entries of both shapes, bad entries reported and skipped, user and workspace entries
// combined, and workspace entries ignored when the workspace is not trusted.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { fetchableUrl, parseIssuer } from '../../src/core';
import { entryCount, MAX_TRUSTED_ISSUERS, readIssuerSettings, scopeHolds, withoutIssuer } from '../../src/issuers/issuerSettings';

const rules = { parseIssuer, fetchableUrl };
const read = (values: Parameters<typeof readIssuerSettings>[0], trusted = true) => readIssuerSettings(values, trusted, rules);

describe('trusted issuers setting', () => {
  test('an entry is an issuer URL or an object with jwksUri and audiences', () => {
    const settings = read({
      globalValue: [
        'https://login.example.com/realms/main',
        { issuer: 'https://tenant.auth0.example/', jwksUri: 'https://tenant.auth0.example/.well-known/jwks.json', audiences: ['api://orders', 'api://orders'] },
        'http://127.0.0.1:8080/realms/dev',
      ],
    });
    assert.deepEqual(settings.problems, []);
    assert.deepEqual(
      settings.issuers.map((i) => [i.issuer, i.host, i.jwksHref, i.audiences, i.scopes]),
      [
        ['https://login.example.com/realms/main', 'login.example.com', undefined, undefined, ['global']],
        ['https://tenant.auth0.example/', 'tenant.auth0.example', 'https://tenant.auth0.example/.well-known/jwks.json', ['api://orders'], ['global']],
        ['http://127.0.0.1:8080/realms/dev', '127.0.0.1:8080', undefined, undefined, ['global']],
      ],
    );
  });

  test('bad entries are reported with where they are, and the rest is used', () => {
    const settings = read({
      globalValue: [
        'http://login.example.com',
        42,
        { jwksUri: 'https://x.example/certs' },
        { issuer: 'https://a.example', jwksUri: 'http://a.example/certs' },
        { issuer: 'https://b.example', audiences: [] },
        { issuer: 'https://c.example', audience: ['api'] },
        'https://ok.example',
      ],
    });
    assert.deepEqual(settings.issuers.map((i) => i.issuer), ['https://c.example', 'https://ok.example']);
    const messages = settings.problems.map((p) => `${p.index}: ${p.message}`);
    assert.equal(messages.length, 6, messages.join('\n'));
    assert.match(messages[0] ?? '', /^0: Entry 1 in user settings: .*http/i);
    assert.match(messages[1] ?? '', /^1: Entry 2 .*issuer URL or an object/);
    assert.match(messages[2] ?? '', /^2: .*"issuer" is missing/);
    assert.match(messages[3] ?? '', /^3: .*"jwksUri".*ignored/);
    assert.match(messages[4] ?? '', /^4: .*"audiences" must be a list/);
    // A misspelt audiences is said out loud: the entry would otherwise accept any aud.
    assert.match(messages[5] ?? '', /^5: .*"audience" is not a property/);
  });

  test('a value that is not a list is one problem, not a crash', () => {
    const settings = read({ globalValue: 'https://login.example.com', workspaceValue: { issuer: 'https://x.example' } });
    assert.deepEqual(settings.issuers, []);
    assert.deepEqual(settings.problems.map((p) => [p.scope, p.index]), [['global', -1], ['workspace', -1]]);
  });

  test('user and workspace entries are combined; the workspace entry of the same issuer sets its options', () => {
    const settings = read({
      globalValue: ['https://login.example.com', { issuer: 'https://shared.example', audiences: ['user-app'] }],
      workspaceValue: [{ issuer: 'https://shared.example', audiences: ['workspace-app'] }, 'https://project.example'],
    });
    assert.deepEqual(
      settings.issuers.map((i) => [i.issuer, i.audiences, i.scopes]),
      [
        ['https://login.example.com', undefined, ['global']],
        ['https://shared.example', ['workspace-app'], ['global', 'workspace']],
        ['https://project.example', undefined, ['workspace']],
      ],
    );
  });

  test('in an untrusted workspace, workspace and folder entries are ignored and counted', () => {
    const values = { globalValue: ['https://login.example.com'], workspaceValue: ['https://evil.example', { issuer: 'https://login.example.com', audiences: ['x'] }], workspaceFolderValue: ['https://folder.example'] };
    const untrusted = read(values, false);
    assert.deepEqual(untrusted.issuers.map((i) => [i.issuer, i.audiences, i.scopes]), [['https://login.example.com', undefined, ['global']]]);
    assert.equal(untrusted.ignoredUntrusted, 3);
    assert.equal(entryCount(values, false), 1);
    const trusted = read(values, true);
    assert.deepEqual(trusted.issuers.map((i) => i.issuer), ['https://login.example.com', 'https://evil.example', 'https://folder.example']);
    assert.equal(trusted.ignoredUntrusted, 0);
    assert.equal(entryCount(values, true), 4);
  });

  test(`at most ${MAX_TRUSTED_ISSUERS} issuers are used`, () => {
    const many = Array.from({ length: MAX_TRUSTED_ISSUERS + 3 }, (_, i) => `https://idp${i}.example.com`);
    const settings = read({ globalValue: many });
    assert.equal(settings.issuers.length, MAX_TRUSTED_ISSUERS);
    assert.equal(settings.problems.length, 3);
    assert.match(settings.problems[0]?.message ?? '', /at most 50 issuers/);
  });

  test('entries with own __proto__ or constructor members are read as data', () => {
    const entry = JSON.parse('{"issuer":"https://p.example","__proto__":{"audiences":["x"]}}') as unknown;
    const settings = read({ globalValue: [entry] });
    assert.deepEqual(settings.issuers.map((i) => [i.issuer, i.audiences]), [['https://p.example', undefined]]);
    assert.match(settings.problems[0]?.message ?? '', /"__proto__" is not a property/);
  });

  test('Remove finds and drops every entry naming the issuer, in both shapes', () => {
    const list = ['https://a.example', { issuer: 'https://b.example' }, 'https://b.example', 7];
    assert.equal(scopeHolds(list, 'https://b.example'), true);
    assert.equal(scopeHolds(list, 'https://b.example/'), false, 'the issuer is compared exactly');
    assert.deepEqual(withoutIssuer(list, 'https://b.example'), ['https://a.example', 7]);
    assert.equal(withoutIssuer(['https://b.example'], 'https://b.example'), undefined, 'an emptied list leaves the setting');
  });
});
