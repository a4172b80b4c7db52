// `jwt-studio sign`, run as a child process: tokens for built-in presets that
// jsonwebtoken and PyJWT accept, encrypted profiles, and every refusal with its
// exit code and message.

import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { compactDecrypt, importPKCS8 } from 'jose';
import { listPresets, newProfileTemplate } from '../../src/core/index';
import { runCli } from './cli';
import { genericProfile, jsonwebtokenVerify, makeKeys, parts, pyjwtVerify, writeProfile, writeSecretFile } from './signFixtures';
import type { KeyFiles, PyCheck } from './signFixtures';

let keys: KeyFiles;

before(() => {
  keys = makeKeys();
});
after(() => keys.cleanup());

/** Signs `profile` and returns the one line on stdout; fails on any other outcome. */
async function sign(profile: string, args: string[], options: Parameters<typeof runCli>[1] = {}): Promise<{ token: string; stderr: string }> {
  const run = await runCli(['sign', profile, ...args], { cwd: keys.dir, ...options });
  assert.equal(run.code, 0, run.stderr);
  assert.match(run.stdout, /^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\n$/);
  return { token: run.stdout.trim(), stderr: run.stderr };
}

async function refused(args: string[], code: 1 | 2, message: RegExp, options: Parameters<typeof runCli>[1] = {}): Promise<void> {
  const run = await runCli(args, { cwd: keys.dir, ...options });
  assert.equal(run.code, code, `${run.stderr}${run.stdout}`);
  assert.equal(run.stdout, '');
  assert.match(run.stderr, message);
  // One line that says what is wrong and what to do (warnings, if any, come before it).
  const last = run.stderr.trimEnd().split('\n').at(-1) as string;
  assert.match(last, /^jwt-studio: /);
  assert.doesNotMatch(run.stderr, /internal error|at .*\.ts:\d+|BEGIN .*PRIVATE KEY/);
}

describe('sign: built-in presets', () => {
  for (const preset of listPresets()) {
    const alg = preset.alg.default;
    test(`${preset.id} (${alg}): a token jsonwebtoken verifies, with the preset's claims`, async () => {
      const keyFile = alg === 'RS256' ? keys.rsa : keys.hs;
      const profile = writeProfile(keys.dir, `presets/${preset.id}.jwt.yaml`, newProfileTemplate(preset, 'k1'));
      const { token, stderr } = await sign(profile, ['--key', keyFile, '--kid', 'vendor-kid']);
      assert.equal(stderr, '');
      const { header, payload } = jsonwebtokenVerify(token, keys, keyFile, alg as 'RS256' | 'HS256');
      assert.equal(header.alg, alg);
      assert.equal(header.typ, 'JWT');
      assert.equal(header.kid, preset.header?.kid === 'required' ? 'vendor-kid' : undefined);
      for (const name of (preset.claims.required ?? []) as string[]) assert.ok(name in payload, `${name} missing`);
      for (const [name, rule] of Object.entries(preset.registeredClaims ?? {})) assert.equal(name in payload, rule.add, `${name}`);
    });
  }
});

describe('sign: other implementations accept the tokens', () => {
  test('RS256, PS256, ES256, EdDSA and HS256 tokens: jsonwebtoken and PyJWT verify them; --json gives the same header and claims', async () => {
    const cases = [
      { alg: 'RS256', keyFile: () => keys.rsa },
      { alg: 'PS256', keyFile: () => keys.rsa },
      { alg: 'ES256', keyFile: () => keys.ec },
      { alg: 'EdDSA', keyFile: () => keys.ed },
      { alg: 'HS256', keyFile: () => keys.hs },
    ];
    const checks: PyCheck[] = [];
    const expected = new Map<string, unknown>();
    for (const { alg, keyFile } of cases) {
      const profile = writeProfile(keys.dir, `interop-${alg}.jwt.yaml`, genericProfile(`alg: ${alg}\n`));
      const run = await runCli(['sign', profile, '--key', keyFile(), '--json'], { cwd: keys.dir });
      assert.equal(run.code, 0, run.stderr);
      const json = JSON.parse(run.stdout) as { token: string; header: Record<string, unknown>; claims: Record<string, unknown>; encrypted: boolean };
      assert.equal(json.encrypted, false);
      assert.deepEqual(parts(json.token), { header: json.header, payload: json.claims });
      assert.equal(json.header.alg, alg);
      assert.deepEqual(Object.keys(json.claims), ['sub', 'iss', 'role', 'iat', 'nbf', 'exp', 'jti']);
      // jsonwebtoken has no EdDSA.
      if (alg !== 'EdDSA') assert.deepEqual(jsonwebtokenVerify(json.token, keys, keyFile(), alg as 'RS256').payload, json.claims);
      checks.push({ id: alg, token: json.token, alg, keyFile: keyFile() });
      expected.set(alg, json.claims);
    }
    const claims = pyjwtVerify(keys, checks);
    for (const { id } of checks) assert.deepEqual(claims[id], expected.get(id));
  });

  test('a key from an environment variable signs as the file does', async () => {
    const profile = writeProfile(keys.dir, 'env.jwt.yaml', genericProfile());
    const { token } = await sign(profile, ['--key', 'env:JWT_TEST_KEY'], { env: { JWT_TEST_KEY: readFileSync(keys.rsa, 'utf8') } });
    assert.equal(jsonwebtokenVerify(token, keys, keys.rsa, 'RS256').payload.sub, 'user_42');
  });

  test('stdin closed does not matter: sign reads only its files', async () => {
    const profile = writeProfile(keys.dir, 'stdin.jwt.yaml', genericProfile());
    const { token } = await sign(profile, ['--key', keys.hs], { stdin: 'closed' });
    jsonwebtokenVerify(token, keys, keys.hs, 'HS256');
  });

  test('encrypt: a JWE to the recipient, holding a JWS that jsonwebtoken verifies', async () => {
    const profile = writeProfile(keys.dir, 'enc.jwt.yaml', `${genericProfile()}encrypt: { key: partner, alg: RSA-OAEP-256, enc: A256GCM }\n`);
    const run = await runCli(['sign', profile, '--key', `k1=${keys.rsa}`, '--key', `partner=${keys.partnerPub}`, '--json'], { cwd: keys.dir });
    assert.equal(run.code, 0, run.stderr);
    const json = JSON.parse(run.stdout) as { token: string; header: Record<string, unknown>; claims: Record<string, unknown>; encrypted: boolean };
    assert.equal(json.encrypted, true);
    assert.equal(json.token.split('.').length, 5);
    const { plaintext, protectedHeader } = await compactDecrypt(json.token, await importPKCS8(readFileSync(keys.partner, 'utf8'), 'RSA-OAEP-256'));
    assert.equal(protectedHeader.alg, 'RSA-OAEP-256');
    assert.equal(protectedHeader.enc, 'A256GCM');
    assert.equal(protectedHeader.cty, 'JWT');
    const inner = new TextDecoder().decode(plaintext);
    assert.deepEqual(jsonwebtokenVerify(inner, keys, keys.rsa, 'RS256').payload, json.claims);
  });

  test('a preset from the workspace (.vscode/jwt-presets) signs as a built-in one', async () => {
    const ws = join(keys.dir, 'ws');
    const generic = listPresets().find((p) => p.id === 'generic');
    writeSecretFile(join(ws, '.vscode', 'jwt-presets', 'acme.yaml'), JSON.stringify({ ...generic, id: 'acme', name: 'Acme API', alg: { default: 'ES256', allowed: ['ES256'] } }, null, 2));
    const profile = writeProfile(ws, 'acme.jwt.yaml', 'preset: acme\nkey: k1\nttl: 5m\nclaims:\n  sub: user_42\n');
    const { token } = await sign(profile, ['--key', keys.ec, '--workspace', ws]);
    assert.equal(jsonwebtokenVerify(token, keys, keys.ec, 'ES256').payload.sub, 'user_42');
  });
});

describe('sign: refusals', () => {
  test('a missing profile file: exit 2', async () => {
    await refused(['sign', 'nowhere.jwt.yaml', '--key', keys.hs], 2, /nowhere\.jwt\.yaml: no such file; check the path/);
  });

  test('a missing key file: exit 2', async () => {
    const profile = writeProfile(keys.dir, 'missing-key.jwt.yaml', genericProfile());
    await refused(['sign', profile, '--key', join(keys.dir, 'no-such.pem')], 2, /no-such\.pem: no such file/);
  });

  test('no --key: exit 2, naming the profile\'s key', async () => {
    const profile = writeProfile(keys.dir, 'no-key.jwt.yaml', genericProfile());
    await refused(['sign', profile], 2, /is signed with key 'k1', which was not given; pass --key FILE/);
  });

  test('key text in --key is refused (it would be in shell history): exit 2', async () => {
    const profile = writeProfile(keys.dir, 'key-text.jwt.yaml', genericProfile());
    await refused(['sign', profile, `--key=${readFileSync(keys.rsa, 'utf8')}`], 2, /--key takes a file or env:NAME, not the key itself/);
    await refused(['sign', profile, '--key', '{"kty":"oct","k":"c2VjcmV0"}'], 2, /not the key itself/);
    // Without "=", text that starts with "-" is not taken as the option's value at all.
    await refused(['sign', profile, '--key', readFileSync(keys.rsa, 'utf8')], 2, /option '--key' argument is ambiguous/);
  });

  test('--key env:NAME unset: exit 2', async () => {
    const profile = writeProfile(keys.dir, 'env-unset.jwt.yaml', genericProfile());
    await refused(['sign', profile, '--key', 'env:JWT_TEST_UNSET'], 2, /environment variable JWT_TEST_UNSET is not set or empty; export it/, { env: { JWT_TEST_UNSET: undefined } });
  });

  test('a public key can only verify: exit 2', async () => {
    const profile = writeProfile(keys.dir, 'public.jwt.yaml', genericProfile());
    await refused(['sign', profile, '--key', keys.rsaPub], 2, /rsa\.pub\.pem can only verify .*pass the private key or secret of 'k1' to sign/);
  });

  test('an EC key for an RS256 preset: exit 1 at the profile\'s key line', async () => {
    const activepieces = listPresets().find((p) => p.id === 'activepieces');
    assert.ok(activepieces);
    const profile = writeProfile(keys.dir, 'wrong-type.jwt.yaml', newProfileTemplate(activepieces, 'k1'));
    const line = readFileSync(profile, 'utf8').split('\n').findIndex((l) => l.startsWith('key:')) + 1;
    await refused(['sign', profile, '--key', keys.ec], 1, new RegExp(`wrong-type\\.jwt\\.yaml:${line}: Key 'k1' is ES256; this preset asks for RS256`));
  });

  test('a lifetime over the preset\'s maximum: exit 1 at the ttl line', async () => {
    const tableau = listPresets().find((p) => p.id === 'tableau');
    assert.ok(tableau);
    const text = newProfileTemplate(tableau, 'k1').replace(/^ttl: .*$/m, 'ttl: 1h');
    const profile = writeProfile(keys.dir, 'too-long.jwt.yaml', text);
    const line = text.split('\n').findIndex((l) => l.startsWith('ttl:')) + 1;
    await refused(['sign', profile, '--key', keys.hs], 1, new RegExp(`too-long\\.jwt\\.yaml:${line}: Tableau .* accepts at most 10m; this profile asks for 1h`));
  });

  test('a profile with errors: the first with its line, the count, and check for all: exit 1', async () => {
    const profile = writeProfile(keys.dir, 'errors.jwt.yaml', 'preset: metabase-embed\nkey: k1\nttl: 10m\nclaims:\n  resource: { dashboard: 7 }\nregistered:\n  bogus: true\n');
    await refused(['sign', profile, '--key', keys.hs], 1, /errors\.jwt\.yaml:\d+: .* \(2 problems to fix; run "jwt-studio check errors\.jwt\.yaml" for all\)/);
  });

  test('a preset that does not exist: exit 1', async () => {
    const profile = writeProfile(keys.dir, 'no-preset.jwt.yaml', 'preset: nope\nkey: k1\nclaims:\n  sub: a\n');
    await refused(['sign', profile, '--key', keys.hs], 1, /no-preset\.jwt\.yaml:1: /);
  });

  test('a key given for an id the profile does not name: exit 2', async () => {
    const profile = writeProfile(keys.dir, 'other-id.jwt.yaml', genericProfile());
    await refused(['sign', profile, '--key', `k1=${keys.hs}`, '--key', `other=${keys.rsa}`], 2, /names no key 'other' \(its keys: 'k1'\)/);
  });

  test('an encrypted profile without the recipient\'s key: exit 2', async () => {
    const profile = writeProfile(keys.dir, 'enc-missing.jwt.yaml', `${genericProfile()}encrypt: { key: partner, alg: RSA-OAEP-256 }\n`);
    await refused(['sign', profile, '--key', keys.rsa], 2, /encrypts to key 'partner', which was not given; pass --key partner=FILE/);
  });

  test('a profile that is not UTF-8 text, a folder for --workspace that is not there, an unknown option: exit 2', async () => {
    const binary = join(keys.dir, 'binary.jwt.yaml');
    writeFileSync(binary, Buffer.from([0x6b, 0x65, 0x79, 0x3a, 0x20, 0xff, 0xfe, 0x80, 0x0a]));
    await refused(['sign', binary, '--key', keys.hs], 2, /binary\.jwt\.yaml is not UTF-8 text/);
    const profile = writeProfile(keys.dir, 'opts.jwt.yaml', genericProfile());
    await refused(['sign', profile, '--key', keys.hs, '--workspace', join(keys.dir, 'absent')], 2, /--workspace .*absent: no such folder/);
    await refused(['sign', profile, '--key', keys.hs, '--colour'], 2, /unknown option '--colour'/);
    await refused(['sign'], 2, /one argument is missing \(see "jwt-studio sign --help"\)/);
  });
});
