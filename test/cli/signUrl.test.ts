// `jwt-studio url`, run as a child process: the preset's embed URL or snippet
// around a fresh token (which jsonwebtoken verifies), what is said on stderr
// (a preset from the workspace, clear text), and each refusal.

import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { listPresets, newProfileTemplate } from '../../src/core/index';
import { runCli } from './cli';
import { genericProfile, jsonwebtokenVerify, makeKeys, writeProfile, writeSecretFile } from './signFixtures';
import type { KeyFiles } from './signFixtures';

let keys: KeyFiles;

before(() => {
  keys = makeKeys();
});
after(() => keys.cleanup());

const METABASE = 'preset: metabase-embed\nkey: k1\nttl: 10m\nclaims:\n  resource:\n    dashboard: 7\n  params:\n    region: [EMEA]\nembed:\n  siteUrl: SITE\n  titled: false\n';
const GRAFANA = 'preset: grafana\nkey: k1\nalg: ES256\nclaims:\n  sub: viewer@example.com\nembed:\n  siteUrl: https://grafana.example.com\n  dashboardUid: abc123\n  slug: sales & "ops"\n';

describe('url', () => {
  test('metabase-embed: the embed URL with the token in its path; jsonwebtoken verifies the token', async () => {
    const profile = writeProfile(keys.dir, 'metabase.jwt.yaml', METABASE.replace('SITE', 'https://metabase.example.com'));
    const run = await runCli(['url', profile, '--key', keys.hs], { cwd: keys.dir });
    assert.equal(run.code, 0, run.stderr);
    assert.equal(run.stderr, '');
    const match = /^https:\/\/metabase\.example\.com\/embed\/dashboard\/([A-Za-z0-9_.-]+)#bordered=true&titled=false\n$/.exec(run.stdout);
    assert.ok(match, run.stdout);
    const { payload } = jsonwebtokenVerify(match[1] as string, keys, keys.hs, 'HS256');
    assert.deepEqual(payload.resource, { dashboard: 7 });
    assert.deepEqual(payload.params, { region: ['EMEA'] });
  });

  test('grafana --snippet iframe: the snippet, each value encoded for where it lands', async () => {
    const profile = writeProfile(keys.dir, 'grafana.jwt.yaml', GRAFANA);
    const run = await runCli(['url', profile, '--key', keys.ec, '--snippet', 'iframe'], { cwd: keys.dir });
    assert.equal(run.code, 0, run.stderr);
    const match = /^<iframe src="https:\/\/grafana\.example\.com\/d\/abc123\/sales%20%26%20%22ops%22\?orgId=1&amp;kiosk&amp;auth_token=([A-Za-z0-9_.-]+)" width="100%" height="600" frameborder="0"><\/iframe>\n$/.exec(run.stdout);
    assert.ok(match, run.stdout);
    assert.equal(jsonwebtokenVerify(match[1] as string, keys, keys.ec, 'ES256').payload.sub, 'viewer@example.com');
  });

  test('plain http:// to another machine: the URL, and a warning that the token travels in clear text', async () => {
    const profile = writeProfile(keys.dir, 'cleartext.jwt.yaml', METABASE.replace('SITE', 'http://metabase.internal.example'));
    const run = await runCli(['url', profile, '--key', keys.hs], { cwd: keys.dir });
    assert.equal(run.code, 0, run.stderr);
    assert.match(run.stdout, /^http:\/\/metabase\.internal\.example\/embed\/dashboard\//);
    assert.match(run.stderr, /^jwt-studio: the token travels to metabase\.internal\.example in clear text \(http:\/\/\)/);
  });

  test('a preset from the workspace\'s .vscode/jwt-presets: stderr says which file the URL comes from', async () => {
    const ws = join(keys.dir, 'ws');
    const metabase = listPresets().find((p) => p.id === 'metabase-embed');
    writeSecretFile(join(ws, '.vscode', 'jwt-presets', 'bi.yaml'), JSON.stringify({ ...metabase, id: 'bi', name: 'Our BI' }, null, 2));
    const profile = writeProfile(ws, 'bi.jwt.yaml', METABASE.replace('metabase-embed', 'bi').replace('SITE', 'https://bi.example.com'));
    const run = await runCli(['url', 'bi.jwt.yaml', '--key', keys.hs], { cwd: ws });
    assert.equal(run.code, 0, run.stderr);
    assert.match(run.stdout, /^https:\/\/bi\.example\.com\/embed\/dashboard\//);
    assert.equal(run.stderr, `jwt-studio: preset 'bi' comes from ${join('.vscode', 'jwt-presets', 'bi.yaml')} in this folder; the token goes to bi.example.com\n`);
    assert.ok(profile);
  });

  test('an unknown snippet: exit 2, listing the preset\'s snippets', async () => {
    const activepieces = listPresets().find((p) => p.id === 'activepieces');
    assert.ok(activepieces);
    const profile = writeProfile(keys.dir, 'ap.jwt.yaml', newProfileTemplate(activepieces, 'k1'));
    const run = await runCli(['url', profile, '--key', keys.rsa, '--snippet', 'nope'], { cwd: keys.dir });
    assert.equal(run.code, 2);
    assert.equal(run.stdout, '');
    assert.equal(run.stderr, `jwt-studio: the ${activepieces.name} preset has no snippet "nope"; its snippets: sdk, iframe (see "jwt-studio url --help")\n`);
  });

  test('a preset without an embed: exit 2, pointing to sign', async () => {
    const profile = writeProfile(keys.dir, 'generic.jwt.yaml', genericProfile());
    const run = await runCli(['url', profile, '--key', keys.rsa], { cwd: keys.dir });
    assert.equal(run.code, 2);
    assert.equal(run.stdout, '');
    assert.match(run.stderr, /^jwt-studio: the Generic JWT preset has no embed URL or snippet; "jwt-studio sign .*generic\.jwt\.yaml" prints the token\n$/);
  });

  test('a preset that delivers its token in a snippet only: without --snippet, exit 2 naming it', async () => {
    const superset = listPresets().find((p) => p.id === 'superset');
    assert.ok(superset);
    const profile = writeProfile(keys.dir, 'superset.jwt.yaml', newProfileTemplate(superset, 'k1'));
    const run = await runCli(['url', profile, '--key', keys.hs], { cwd: keys.dir });
    assert.equal(run.code, 2);
    assert.match(run.stderr, /puts its token in a snippet, not a URL; pass --snippet embedded-sdk/);
    const ok = await runCli(['url', profile, '--key', keys.hs, '--snippet', 'embedded-sdk'], { cwd: keys.dir });
    assert.equal(ok.code, 0, ok.stderr);
    assert.match(ok.stdout, /eyJ/);
  });

  test('an embed value that would move the URL elsewhere: exit 1 with the reason', async () => {
    const profile = writeProfile(keys.dir, 'moved.jwt.yaml', METABASE.replace('SITE', 'https://a@evil.example'));
    const run = await runCli(['url', profile, '--key', keys.hs], { cwd: keys.dir });
    assert.equal(run.code, 1, run.stderr);
    assert.equal(run.stdout, '');
    assert.match(run.stderr, /^jwt-studio: .*moved\.jwt\.yaml: .*siteUrl/);
  });

  test('the refusals sign makes hold for url too: no key, a public key', async () => {
    const profile = writeProfile(keys.dir, 'url-refusals.jwt.yaml', METABASE.replace('SITE', 'https://metabase.example.com'));
    const none = await runCli(['url', profile], { cwd: keys.dir });
    assert.equal(none.code, 2);
    assert.match(none.stderr, /which was not given; pass --key FILE/);
    const pub = writeProfile(keys.dir, 'grafana-pub.jwt.yaml', GRAFANA);
    const publicOnly = await runCli(['url', pub, '--key', keys.ecPub], { cwd: keys.dir });
    assert.equal(publicOnly.code, 2);
    assert.match(publicOnly.stderr, /can only verify/);
  });
});
