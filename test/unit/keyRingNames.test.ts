import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, test } from 'node:test';
import { importKey } from '../../src/core';
import { MAX_PBKDF2_ITERATIONS, decryptPem, encryptedPemCostProblem, isEncryptedPem, reflowOneLinePem } from '../../src/keys/decryptPem';
import { keyIdProblem, keyKidProblem, secretName, shortDate, suggestKeyId, workspaceNamespace } from '../../src/keys/keyRingNames';
import { keyPair } from '../keyPairs';

describe('key ring ids', () => {
  test('accepts typeable ids', () => {
    for (const id of ['ap-prod-2026', 'a', 'RS256.key_1', '0x']) assert.equal(keyIdProblem(id, []), undefined, id);
  });
  test('refuses empty, long, and odd characters with the rule stated', () => {
    assert.match(keyIdProblem('', []) ?? '', /Type an id/);
    assert.match(keyIdProblem('a'.repeat(65), []) ?? '', /at most 64/);
    for (const id of ['-lead', 'has space', 'slash/inside', 'dots/../up', 'kéy', 'a\u202eb']) {
      assert.match(keyIdProblem(id, []) ?? '', /letters, digits/, id);
    }
  });
  test('duplicate ids are refused in any letter case, naming the existing key', () => {
    assert.match(keyIdProblem('AP-Prod', ['other', 'ap-prod']) ?? '', /"ap-prod" already exists/);
  });
  test('suggested ids follow the rules and avoid taken ones', () => {
    assert.equal(suggestKeyId('vendor key #1', 'rs256', []), 'vendor-key-1');
    assert.equal(suggestKeyId(undefined, 'rs256', ['rs256', 'RS256-2']), 'rs256-3');
    // RFC 7638 thumbprints are noise as ids: a short prefix after the base.
    assert.equal(suggestKeyId('NzbLsXh8uDCcd-6MNwXF4W_7noWXFZAfHkxZsRGC9Xs', 'es256', []), 'es256-NzbLsXh8');
    // So are the random kids of shared secrets (22 characters).
    assert.equal(suggestKeyId('q3V9xK2mTz8pLw4nRb7sYA', 'hs256-imported', []), 'hs256-imported-q3V9xK2m');
    for (const kid of ['../../etc', '', '---', 'x'.repeat(300)]) {
      const id = suggestKeyId(kid, 'imported', []);
      assert.equal(keyIdProblem(id, []), undefined, `${kid} → ${id}`);
    }
  });
});

describe('kids typed at a prompt', () => {
  test('empty (a generated kid), vendor ids and thumbprints are accepted', () => {
    for (const kid of ['', '2024-01', 'Tableau secret 7f3a', 'NzbLsXh8uDCcd-6MNwXF4W_7noWXFZAfHkxZsRGC9Xs', 'clé', 'k'.repeat(256)]) assert.equal(keyKidProblem(kid), undefined, kid);
  });
  test('hidden characters are refused at the prompt with the character and its position, in the words the import uses', async () => {
    for (const [kid, what] of [['ap\u202eprod', /U\+202E/], ['a\u200bb', /U\+200B/], ['tab\there', /U\+0009/], ['\ufeffkid', /U\+FEFF/]] as const) {
      const problem = keyKidProblem(kid);
      assert.match(problem ?? '', what, JSON.stringify(kid));
      assert.match(problem ?? '', new RegExp(`at position ${kid.search(/[\u202e\u200b\t\ufeff]/) + 1}:`), JSON.stringify(kid));
      // The same refusal the core gives on import, so nothing typed passes the prompt only to fail afterwards.
      const imported = await importKey('c2VjcmV0LXNlY3JldC1zZWNyZXQtc2VjcmV0LXNlY3JldC0x', { alg: 'HS256', format: 'secret', kid });
      assert.equal(imported.ok, false);
      assert.equal(imported.ok ? '' : imported.error.message, problem);
    }
  });
  test('too long is refused', () => {
    assert.match(keyKidProblem('k'.repeat(257)) ?? '', /257 characters; at most 256/);
  });
});

describe('secret names', () => {
  test('workspace namespace is stable, opaque and differs per workspace', () => {
    const a = workspaceNamespace('file:///home/ada/project');
    assert.equal(a, workspaceNamespace('file:///home/ada/project'));
    assert.notEqual(a, workspaceNamespace('file:///home/ada/other'));
    assert.match(a, /^[0-9a-f]{16}$/);
    assert.equal(workspaceNamespace(undefined), 'no-workspace');
  });
  test('workspace and global keys live under different names', () => {
    assert.equal(secretName('workspace', 'abc', 'k1'), 'jwtStudio.key/abc/k1');
    assert.equal(secretName('global', 'abc', 'k1'), 'jwtStudio.key/global/k1');
  });
  test('short dates', () => {
    assert.equal(shortDate('2026-05-01T10:00:00.000Z'), '2026-05-01');
    assert.equal(shortDate('garbage'), 'garbage');
  });
});

describe('encrypted PEM', () => {
  const { privateKey } = keyPair('ec', { namedCurve: 'P-256' });
  const pkcs8 = privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
  const encrypted = privateKey.export({ type: 'pkcs8', format: 'pem', cipher: 'aes-256-cbc', passphrase: 'correct horse' }).toString();
  const { privateKey: rsa } = keyPair('rsa', { modulusLength: 2048 });
  const legacy = rsa.export({ type: 'pkcs1', format: 'pem', cipher: 'aes-128-cbc', passphrase: 'pw' }).toString();

  test('core names the problem; the adapter opens it with the right passphrase', async () => {
    assert.ok(isEncryptedPem(encrypted));
    assert.ok(isEncryptedPem(legacy));
    assert.ok(!isEncryptedPem(pkcs8));
    const refused = await importKey(encrypted);
    assert.equal(refused.ok, false);
    assert.equal(!refused.ok && refused.error.code, 'KEY_ENCRYPTED_PEM');
    const opened = decryptPem(encrypted, 'correct horse');
    assert.ok(opened);
    const imported = await importKey(opened);
    assert.ok(imported.ok);
    assert.equal(imported.keys[0]?.alg, 'ES256');
    assert.ok(imported.keys[0]?.privateJwk);
    const legacyOpened = decryptPem(legacy, 'pw');
    assert.ok(legacyOpened && (await importKey(legacyOpened)).ok);
  });
  test('a wrong passphrase gives undefined, never a throw', () => {
    assert.equal(decryptPem(encrypted, 'wrong'), undefined);
    assert.equal(decryptPem('not pem', 'x'), undefined);
  });
  test('a PEM pasted into a one-line input reads as PEM again', async () => {
    const oneLine = pkcs8.replace(/\n/g, '');
    const back = reflowOneLinePem(oneLine);
    const imported = await importKey(back);
    assert.ok(imported.ok, JSON.stringify(!imported.ok && imported.error));
    assert.equal(reflowOneLinePem('plain secret'), 'plain secret');
  });
});

describe('encrypted PEM: what opening it may cost', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'jwt-studio-pbe-'));
  const { privateKey } = keyPair('ec', { namedCurve: 'P-256' });
  writeFileSync(path.join(dir, 'plain.pem'), privateKey.export({ type: 'pkcs8', format: 'pem' }));
  const openssl = (name: string, ...args: string[]): string => {
    execFileSync('openssl', ['pkcs8', '-topk8', '-in', path.join(dir, 'plain.pem'), '-out', path.join(dir, name), '-passout', 'pass:pw', ...args], { stdio: 'ignore' });
    return readFileSync(path.join(dir, name), 'utf8');
  };
  /** The PEM with its DER patched in place (same lengths), as a hostile file would be written. */
  const patched = (pem: string, from: number[], to: number[]): string => {
    const body = Buffer.from(pem.split('\n').filter((l) => l && !l.startsWith('-----')).join(''), 'base64');
    const at = body.indexOf(Buffer.from(from));
    assert.ok(at > 0, 'the parameter to patch is there');
    Buffer.from(to).copy(body, at);
    return `-----BEGIN ENCRYPTED PRIVATE KEY-----\n${body.toString('base64').match(/.{1,64}/g)?.join('\n') ?? ''}\n-----END ENCRYPTED PRIVATE KEY-----\n`;
  };

  test('ordinary PBKDF2 and scrypt keys open', () => {
    for (const pem of [openssl('iter.pem', '-v2', 'aes-256-cbc', '-iter', '70000'), openssl('scrypt.pem', '-scrypt')]) {
      assert.equal(encryptedPemCostProblem(pem), undefined);
      assert.ok(decryptPem(pem, 'pw'));
    }
  });

  test('a file asking for millions of PBKDF2 iterations is refused before any passphrase is tried', () => {
    // 70000 = 0x011170 becomes 0x7fffff: 8 388 607 iterations, over a second of a frozen editor per attempt.
    const pem = patched(openssl('iter2.pem', '-v2', 'aes-256-cbc', '-iter', '70000'), [0x02, 0x03, 0x01, 0x11, 0x70], [0x02, 0x03, 0x7f, 0xff, 0xff]);
    assert.ok(8_388_607 > MAX_PBKDF2_ITERATIONS);
    const started = Date.now();
    assert.match(encryptedPemCostProblem(pem) ?? '', /asks for 8,388,607 key-derivation iterations; at most 5,000,000/);
    assert.equal(decryptPem(pem, 'pw'), undefined);
    assert.ok(Date.now() - started < 2000, 'hang guard: no derivation was run');
  });

  test('scrypt parameters with a large p are refused (OpenSSL bounds memory, not p)', () => {
    const pem = patched(openssl('scrypt2.pem', '-scrypt'), [0x02, 0x01, 0x08, 0x02, 0x01, 0x01], [0x02, 0x01, 0x08, 0x02, 0x01, 0x7f]);
    assert.match(encryptedPemCostProblem(pem) ?? '', /scrypt parameters \(N·r·p = 16,646,144\)/);
    assert.equal(decryptPem(pem, 'pw'), undefined);
  });

  test('a one-line paste of any length is re-flowed in linear time', () => {
    const oneLine = `-----BEGIN PRIVATE KEY-----${' '.repeat(1_000_000)}MIGHAgEAMBMG-----END PRIVATE KEY-----`;
    const started = Date.now();
    assert.equal(reflowOneLinePem(oneLine), '-----BEGIN PRIVATE KEY-----\nMIGHAgEAMBMG\n-----END PRIVATE KEY-----');
    assert.match(reflowOneLinePem(`-----BEGIN X${'-'.repeat(1_000_000)}`), /^-----BEGIN X-----\n-{999995}$/);
    assert.ok(Date.now() - started < 2000, 'hang guard');
  });

  test('cleanup', () => rmSync(dir, { recursive: true, force: true }));
});
