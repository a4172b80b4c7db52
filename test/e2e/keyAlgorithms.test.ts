// Keys for every algorithm the generator offers, in the real editor: RS512 and
// PS384 keys made through the quick picks sign profiles that jsonwebtoken
// verifies, and an Ed25519 key (RFC 9864's name) signs one that jose verifies
// as Ed25519; public keys imported from PEM as RSA-OAEP-256 and ECDH-ES
// recipients, and a pasted secret as an A128KW key, encrypt profiles that jose
// decrypts. Every check outside the editor runs in a separate Node process.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import type { EditorSession } from './harness';
import { journey, poll, timeouts } from './harness';
import { answerStep, expectNoErrors, generateKeyWithAnswers, importKeyFromClipboard, importKeyWithAnswers } from './journeys';
import { keyPair } from '../keyPairs';

const projectRoot = join(import.meta.dirname, '..', '..');

const profile = (key: string, sub: string, encrypt?: { key: string; enc: string }): string =>
  `preset: generic\nkey: ${key}\nttl: 10m\n${encrypt ? `encrypt:\n  key: ${encrypt.key}\n  enc: ${encrypt.enc}\n` : ''}claims:\n  sub: ${sub}\n  iss: key-algorithms-e2e\n`;

const clipboard = (editor: EditorSession): Promise<string> => editor.page.evaluate(() => navigator.clipboard.readText());

/** Opens a profile, runs JWT: Sign Token and returns what it put on the clipboard: a JWS, or a JWE with `parts` 5. */
async function signProfile(editor: EditorSession, file: string, parts: 3 | 5): Promise<string> {
  await editor.page.evaluate(() => navigator.clipboard.writeText('nothing yet'));
  await editor.openFile(file);
  await editor.runCommand('JWT: Sign Token');
  return poll(`a ${parts === 5 ? 'JWE' : 'JWS'} from ${file} on the clipboard`, timeouts.ui, async () => {
    const text = await clipboard(editor);
    return text.startsWith('eyJ') && text.split('.').length === parts ? text : undefined;
  });
}

/** JWT: Export Public Key of `id` as PEM to the clipboard. */
async function exportPemToClipboard(editor: EditorSession, id: string): Promise<string> {
  await editor.page.evaluate(() => navigator.clipboard.writeText('nothing yet'));
  await editor.runCommand('JWT: Export Public Key', { opensInput: true });
  await answerStep(editor, 'Export Public Key', '1/3', id);
  await answerStep(editor, 'Export Public Key', '2/3', 'PEM');
  await answerStep(editor, 'Export Public Key', '3/3', 'Copy to the clipboard');
  return poll(`the public PEM of ${id} on the clipboard`, timeouts.ui, async () => {
    const text = await clipboard(editor);
    return text.startsWith('-----BEGIN PUBLIC KEY-----') ? text : undefined;
  });
}

/** Runs `script` in a new Node process from the project folder (where jose and jsonwebtoken are installed); returns its JSON output. */
function outside(script: string, env: Record<string, string>, module = false): Record<string, unknown> {
  const args = module ? ['--input-type=module', '-e', script] : ['-e', script];
  const out = execFileSync(process.execPath, args, { cwd: projectRoot, env: { PATH: process.env.PATH ?? '', ...env }, encoding: 'utf8' });
  return JSON.parse(out) as Record<string, unknown>;
}

/** jsonwebtoken, in its own process, verifies `token` with `pem` for exactly `alg`. */
function verifyWithJsonwebtoken(token: string, pem: string, alg: string): { header: Record<string, unknown>; payload: Record<string, unknown> } {
  const script = `
    const jwt = require('jsonwebtoken');
    const out = jwt.verify(process.env.TOKEN, process.env.PEM, { algorithms: [process.env.ALG], complete: true });
    process.stdout.write(JSON.stringify({ header: out.header, payload: out.payload }));`;
  return outside(script, { TOKEN: token, PEM: pem, ALG: alg }) as { header: Record<string, unknown>; payload: Record<string, unknown> };
}

/** jose, in its own process, verifies `token` with `pem` for exactly `alg` (jsonwebtoken has no EdDSA). */
function verifyWithJose(token: string, pem: string, alg: string): { header: Record<string, unknown>; payload: Record<string, unknown> } {
  const script = `
    import { importSPKI, jwtVerify } from 'jose';
    const out = await jwtVerify(process.env.TOKEN, await importSPKI(process.env.PEM, process.env.ALG), { algorithms: [process.env.ALG] });
    process.stdout.write(JSON.stringify({ header: out.protectedHeader, payload: out.payload }));`;
  return outside(script, { TOKEN: token, PEM: pem, ALG: alg }, true) as { header: Record<string, unknown>; payload: Record<string, unknown> };
}

/**
 * jose, in its own process, decrypts `jwe` with the recipient's private key (PKCS#8 PEM) or shared
 * secret (UTF-8 text), allowing only `alg`, then verifies the inner JWS with the signer's SPKI PEM.
 */
function decryptWithJose(jwe: string, recipient: { pkcs8?: string; secret?: string }, alg: string, signer: { pem: string; alg: string }): { header: Record<string, unknown>; inner: Record<string, unknown>; payload: Record<string, unknown> } {
  const script = `
    import { compactDecrypt, importPKCS8, importSPKI, jwtVerify } from 'jose';
    const key = process.env.PKCS8 ? await importPKCS8(process.env.PKCS8, process.env.ALG) : new TextEncoder().encode(process.env.SECRET);
    const { plaintext, protectedHeader } = await compactDecrypt(process.env.JWE, key, { keyManagementAlgorithms: [process.env.ALG] });
    const signer = await importSPKI(process.env.SIGNER, process.env.SIGNER_ALG);
    const inner = await jwtVerify(new TextDecoder().decode(plaintext), signer, { algorithms: [process.env.SIGNER_ALG] });
    process.stdout.write(JSON.stringify({ header: protectedHeader, inner: inner.protectedHeader, payload: inner.payload }));`;
  const env: Record<string, string> = { JWE: jwe, ALG: alg, SIGNER: signer.pem, SIGNER_ALG: signer.alg };
  if (recipient.pkcs8) env.PKCS8 = recipient.pkcs8;
  if (recipient.secret) env.SECRET = recipient.secret;
  return outside(script, env, true) as { header: Record<string, unknown>; inner: Record<string, unknown>; payload: Record<string, unknown> };
}

/** A signing key for the encryption journeys: an ES256 pair made here, its private half imported through Import Key. */
async function importSigner(editor: EditorSession): Promise<string> {
  const signer = keyPair('ec', { namedCurve: 'P-256' });
  await importKeyFromClipboard(editor, signer.privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(), 'signer');
  return signer.publicKey.export({ type: 'spki', format: 'pem' }).toString();
}

journey(
  'key algorithms: RS512 and PS384 keys generated through the quick picks sign profiles that jsonwebtoken verifies; an Ed25519 key signs Ed25519 tokens',
  {
    fixture: 'basic',
    files: { 'rs512.jwt.yaml': profile('gen-rs512', 'user-rs512'), 'ps384.jwt.yaml': profile('gen-ps384', 'user-ps384'), 'ed25519.jwt.yaml': profile('gen-ed25519', 'user-ed25519') },
  },
  async (editor) => {
    await editor.waitForActivation();
    // The first list: one line per algorithm, grouped by what the key is for; the modulus comes next.
    await editor.runCommand('JWT: Generate Key', { opensInput: true });
    const widget = editor.page.locator('.quick-input-widget');
    const list = widget.locator('.quick-input-list');
    await list.getByText('RS512', { exact: false }).first().waitFor({ timeout: timeouts.ui });
    const rows = await list.innerText();
    for (const heading of ['Signing key pair', 'Shared secret for signing']) assert.ok(rows.includes(heading), `the list has "${heading}":\n${rows}`);
    await editor.screenshot('key-algorithms-generate-list');
    const input = widget.locator('.quick-input-box input');
    // The encryption keys, found by what they do.
    await input.fill('key wrap');
    await poll('the key-wrap algorithms', timeouts.ui, async () => (await list.innerText()).includes('ECDH-ES+A256KW') && (await list.innerText()).includes('A128KW · 16-byte secret'));
    await editor.screenshot('key-algorithms-generate-encryption');
    // Two Ed25519 key pairs, told apart by the name their tokens carry: EdDSA first, then RFC 9864's Ed25519.
    await input.fill('tokens carry alg');
    await poll('the two Ed25519 choices', timeouts.ui, async () => {
      const texts = await list.locator('.monaco-list-row').allInnerTexts();
      return texts.length === 2 && /EdDSA · Ed25519[\s\S]*tokens carry alg "EdDSA"/.test(texts[0] ?? '') && /Ed25519 · Ed25519, RFC 9864 name[\s\S]*tokens carry alg "Ed25519"/.test(texts[1] ?? '');
    });
    // Typing narrows it to the one algorithm; its modulus is the next step, and now the total is known.
    await input.fill('PS384');
    await poll('the list narrowed to PS384', timeouts.ui, async () => (await list.locator('.monaco-list-row').allInnerTexts()).every((t) => t.includes('PS384')));
    await answerStep(editor, 'Generate Key', '(1)');
    await widget.locator('.quick-input-title', { hasText: '(2/6)' }).waitFor({ timeout: timeouts.ui });
    await list.getByText('RSA 4096 bits', { exact: false }).waitFor({ timeout: timeouts.ui });
    assert.match(await input.getAttribute('placeholder') ?? '', /PS384: choose the modulus length/);
    await editor.screenshot('key-algorithms-generate-modulus');
    await input.press('Escape');
    await widget.waitFor({ state: 'hidden', timeout: timeouts.ui });

    await generateKeyWithAnswers(editor, { algorithm: 'RS512', detail: 'RSA 2048', id: 'gen-rs512' });
    await generateKeyWithAnswers(editor, { algorithm: 'PS384', detail: 'RSA 3072', id: 'gen-ps384', kid: 'vendor-ps384' });

    for (const { id, alg, file, sub, kid } of [
      { id: 'gen-rs512', alg: 'RS512', file: 'rs512.jwt.yaml', sub: 'user-rs512', kid: undefined },
      { id: 'gen-ps384', alg: 'PS384', file: 'ps384.jwt.yaml', sub: 'user-ps384', kid: 'vendor-ps384' },
    ]) {
      const pem = await exportPemToClipboard(editor, id);
      const token = await signProfile(editor, file, 3);
      const { header, payload } = verifyWithJsonwebtoken(token, pem, alg);
      assert.equal(header.alg, alg);
      assert.equal(payload.sub, sub);
      assert.equal(payload.iss, 'key-algorithms-e2e');
      // jsonwebtoken refuses the token for the other algorithm of the same family: the alg is the key's own.
      assert.throws(() => verifyWithJsonwebtoken(token, pem, alg === 'RS512' ? 'RS256' : 'PS256'));
      if (kid) assert.equal(header.kid, undefined, 'a generic profile carries no kid unless its header sets one');
      // The modulus chosen in the second step, read by openssl.
      const bits = execFileSync('openssl', ['pkey', '-pubin', '-noout', '-text'], { input: pem, encoding: 'utf8' });
      assert.match(bits, new RegExp(`Public-Key: \\(${alg === 'RS512' ? 2048 : 3072} bit\\)`));
    }

    await generateKeyWithAnswers(editor, { algorithm: 'RFC 9864 name', id: 'gen-ed25519' });
    const edPem = await exportPemToClipboard(editor, 'gen-ed25519');
    const edToken = await signProfile(editor, 'ed25519.jwt.yaml', 3);
    const ed = verifyWithJose(edToken, edPem, 'Ed25519');
    assert.equal(ed.header.alg, 'Ed25519');
    assert.equal(ed.payload.sub, 'user-ed25519');
    assert.throws(() => verifyWithJose(edToken, edPem, 'EdDSA'), 'a verifier that allows only EdDSA refuses the Ed25519 name');
    await expectNoErrors(editor);
  },
);

journey(
  'key algorithms: SPKI PEMs imported as an RSA-OAEP-256 and an ECDH-ES recipient encrypt signed profiles that jose decrypts',
  {
    fixture: 'basic',
    files: {
      'to-rsa.jwt.yaml': profile('signer', 'user-oaep', { key: 'partner-rsa', enc: 'A256GCM' }),
      'to-ec.jwt.yaml': profile('signer', 'user-ecdh', { key: 'partner-ec', enc: 'A128CBC-HS256' }),
    },
  },
  async (editor) => {
    await editor.waitForActivation();
    const signerPem = await importSigner(editor);
    const rsa = keyPair('rsa', { modulusLength: 2048 });
    const ec = keyPair('ec', { namedCurve: 'P-256' });

    // The RSA public key: Import Key asks what it is for; the list is shown before answering.
    await editor.page.evaluate((value) => navigator.clipboard.writeText(value), rsa.publicKey.export({ type: 'spki', format: 'pem' }).toString());
    await editor.runCommand('JWT: Import Key', { opensInput: true });
    await answerStep(editor, 'Import Key', '(1)', 'Clipboard');
    const widget = editor.page.locator('.quick-input-widget');
    await widget.locator('.quick-input-title', { hasText: 'what is the key for' }).waitFor({ timeout: timeouts.ui });
    const purposes = await widget.locator('.quick-input-list').innerText();
    for (const expected of ['Signing: this key verifies tokens its owner signs', 'Encryption: tokens are encrypted to this key', 'RS384', 'PS512', 'RSA-OAEP-256', 'RSA-OAEP']) {
      assert.ok(purposes.includes(expected), `the purpose list has "${expected}":\n${purposes}`);
    }
    assert.equal(await widget.locator('.quick-input-title').innerText().then((t) => t.includes('2/6')), true, 'the count is exact once the key is read');
    await editor.screenshot('key-algorithms-import-purpose');
    await widget.locator('.quick-input-box input').press('Escape');
    await widget.waitFor({ state: 'hidden', timeout: timeouts.ui });

    await importKeyWithAnswers(editor, rsa.publicKey.export({ type: 'spki', format: 'pem' }).toString(), 'partner-rsa', { purpose: 'RSA-OAEP-256' });
    await importKeyWithAnswers(editor, ec.publicKey.export({ type: 'spki', format: 'pem' }).toString(), 'partner-ec', { purpose: 'ECDH-ES', kid: 'partner-ec-2026' });
    await poll('the import message', timeouts.ui, async () => (await editor.notifications()).some((n) => n.message.includes("'partner-ec' (ECDH-ES)") && n.message.includes('encrypt-only')));

    const toRsa = await signProfile(editor, 'to-rsa.jwt.yaml', 5);
    const opened = decryptWithJose(toRsa, { pkcs8: rsa.privateKey.export({ type: 'pkcs8', format: 'pem' }).toString() }, 'RSA-OAEP-256', { pem: signerPem, alg: 'ES256' });
    assert.equal(opened.header.alg, 'RSA-OAEP-256');
    assert.equal(opened.header.enc, 'A256GCM');
    assert.equal(opened.header.cty, 'JWT');
    assert.equal(opened.inner.alg, 'ES256');
    assert.equal(opened.payload.sub, 'user-oaep');

    const toEc = await signProfile(editor, 'to-ec.jwt.yaml', 5);
    const openedEc = decryptWithJose(toEc, { pkcs8: ec.privateKey.export({ type: 'pkcs8', format: 'pem' }).toString() }, 'ECDH-ES', { pem: signerPem, alg: 'ES256' });
    assert.equal(openedEc.header.alg, 'ECDH-ES');
    assert.equal(openedEc.header.enc, 'A128CBC-HS256');
    assert.equal(openedEc.header.kid, 'partner-ec-2026', 'the kid typed at import names the recipient key');
    assert.equal(openedEc.payload.sub, 'user-ecdh');
    // The RSA private key does not open the EC recipient's token: each JWE is for its own key.
    assert.throws(() => decryptWithJose(toEc, { pkcs8: rsa.privateKey.export({ type: 'pkcs8', format: 'pem' }).toString() }, 'RSA-OAEP-256', { pem: signerPem, alg: 'ES256' }));
    await expectNoErrors(editor);
  },
);

journey(
  'key algorithms: a pasted 16-byte secret is refused for A256KW, saved as A128KW, and encrypts a profile that jose decrypts',
  { fixture: 'basic', files: { 'to-kw.jwt.yaml': profile('signer', 'user-kw', { key: 'partner-kw', enc: 'A128GCM' }) } },
  async (editor) => {
    await editor.waitForActivation();
    const signerPem = await importSigner(editor);
    const secret = 'sixteen-byte-key';
    assert.equal(Buffer.byteLength(secret), 16);

    await editor.page.evaluate((value) => navigator.clipboard.writeText(value), secret);
    await editor.runCommand('JWT: Import Key', { opensInput: true });
    await answerStep(editor, 'Import Key', '(1)', 'Clipboard');
    const widget = editor.page.locator('.quick-input-widget');
    await widget.locator('.quick-input-title', { hasText: 'shared secret' }).waitFor({ timeout: timeouts.ui });
    const offered = await widget.locator('.quick-input-list').innerText();
    for (const expected of ['HS256', 'A128KW', 'A256KW', 'dir', 'exactly 16 bytes', 'at least 32 bytes', 'Password-based (PBES2)', '10,000 iterations']) {
      assert.ok(offered.includes(expected), `the secret's list has "${expected}":\n${offered}`);
    }
    await editor.screenshot('key-algorithms-secret-list');
    // PBES2 is behind its opt-in item: choosing it replaces the list on the same step, iteration count shown.
    await answerStep(editor, 'shared secret', '2/6', 'Password-based');
    await poll('the PBES2 variants', timeouts.ui, async () => (await widget.locator('.quick-input-list').innerText()).includes('PBES2-HS512+A256KW'));
    const variants = await widget.locator('.quick-input-list').innerText();
    assert.match(variants, /PBES2-HS256\+A128KW[\s\S]*10,000 iterations/);
    assert.equal(await widget.locator('.quick-input-title').innerText().then((t) => t.includes('2/6')), true, 'the opt-in does not move the count');
    await editor.screenshot('key-algorithms-secret-pbes2');
    await widget.locator('.quick-input-box input').press('Escape');
    await widget.waitFor({ state: 'hidden', timeout: timeouts.ui });
    await editor.runCommand('JWT: Import Key', { opensInput: true });
    await answerStep(editor, 'Import Key', '(1)', 'Clipboard');
    // The wrong size is refused on the same step, with the reason, before anything is saved.
    await answerStep(editor, 'shared secret', '2/6', 'A256KW');
    const input = widget.locator('.quick-input-box input');
    await poll('the size problem in the list', timeouts.ui, async () => ((await input.getAttribute('placeholder')) ?? '').includes('A256KW needs exactly 32 bytes; this secret is 16.'));
    await editor.screenshot('key-algorithms-secret-wrong-size');
    await answerStep(editor, 'shared secret', '2/6', 'A128KW');
    await answerStep(editor, 'shared secret', '3/6', 'partner-kw-kid');
    await answerStep(editor, 'Import Key', '4/6', 'partner-kw');
    await answerStep(editor, 'Import Key', '5/6', 'This workspace');
    await answerStep(editor, 'Import Key', '6/6', 'Save');
    await poll('the import message', timeouts.ui, async () => (await editor.notifications()).some((n) => n.message.includes("'partner-kw' (A128KW)")));

    const jwe = await signProfile(editor, 'to-kw.jwt.yaml', 5);
    const opened = decryptWithJose(jwe, { secret }, 'A128KW', { pem: signerPem, alg: 'ES256' });
    assert.equal(opened.header.alg, 'A128KW');
    assert.equal(opened.header.enc, 'A128GCM');
    assert.equal(opened.header.kid, 'partner-kw-kid');
    assert.equal(opened.payload.sub, 'user-kw');
    assert.throws(() => decryptWithJose(jwe, { secret: 'sixteen-byte-kez' }, 'A128KW', { pem: signerPem, alg: 'ES256' }));
    await expectNoErrors(editor);
  },
);
