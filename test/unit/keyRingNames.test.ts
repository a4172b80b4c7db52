import assert from 'node:assert/strict';
import { generateKeyPairSync } from 'node:crypto';
import { describe, test } from 'node:test';
import { importKey } from '../../src/core';
import { decryptPem, isEncryptedPem, reflowOneLinePem } from '../../src/keys/decryptPem';
import { keyIdProblem, secretName, shortDate, suggestKeyId, workspaceNamespace } from '../../src/keys/keyRingNames';

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
    for (const kid of ['../../etc', '', '---', 'x'.repeat(300)]) {
      const id = suggestKeyId(kid, 'imported', []);
      assert.equal(keyIdProblem(id, []), undefined, `${kid} → ${id}`);
    }
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
  const { privateKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
  const pkcs8 = privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
  const encrypted = privateKey.export({ type: 'pkcs8', format: 'pem', cipher: 'aes-256-cbc', passphrase: 'correct horse' }).toString();
  const { privateKey: rsa } = generateKeyPairSync('rsa', { modulusLength: 2048 });
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
