// A token from an identity provider, in the real editor. The test runs the provider itself: an HTTP
// server on 127.0.0.1 with a discovery document and a JWK Set, counting every request. The journey trusts
// the issuer from the token's hover (after confirming the host), sees the token verified and the issuer
// with its key in the Keys view, rotates the key (a new kid: exactly one more JWK Set request), takes the
// server down (the cached keys still verify) and serves a bad JWK Set (a clear error on the issuer's row,
// and nothing of it cached). Nothing the token names (its jku) is ever requested.
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import type { KeyObject } from 'node:crypto';
import { SignJWT } from 'jose';
import type { EditorSession } from './harness';
import { journey, normalize, poll, timeouts } from './harness';
import { activeEditorText, answerStep, expectCleanActivation, expectNoErrors, fromContextMenu, hoverShows, keysView, showKeysView } from './journeys';
import { keyPair } from '../keyPairs';

const escape = (text: string): string => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/**
 * What the hover says, in one place. The link is this extension's own (tokenHoverProvider.ts); the other
 * lines are the core's words (hoverBlocks.ts): "Issued by <url>, an issuer you have not trusted…",
 * "verified by issuer <url> (kid …, keys fetched …)", and the adapter's note about a failed fetch.
 */
const words = {
  trustLink: 'Trust issuer and fetch its keys',
  offer: [/Issued by http:\/\/127\.0\.0\.1:\d+\/realms\/demo, an issuer you have not trusted/],
  /** The inline hint's signature word for a verified token starts with a check mark (insights.ts, signatureWords). */
  hintVerified: (subject: string): RegExp => new RegExp(`ES256 · ${subject} · expires in \\d+ h · ✓`),
  verifiedBy: (issuer: string, kid: string): RegExp =>
    new RegExp(`verified by issuer ${escape(issuer)} \\(kid ${escape(kid)}, keys fetched`),
  failedFetchNote: [/The last fetch failed: .*could not reach .*ECONNREFUSED.*still verify/],
};

interface SigningKey {
  kid: string;
  privateKey: KeyObject;
  jwk: Record<string, unknown>;
}

function signingKey(kid: string): SigningKey {
  const { privateKey, publicKey } = keyPair('ec', { namedCurve: 'P-256' });
  return { kid, privateKey, jwk: { ...publicKey.export({ format: 'jwk' }), kid, alg: 'ES256', use: 'sig' } };
}

/** The identity provider: a discovery document and a JWK Set on 127.0.0.1, and what was asked of it. */
class IdentityProvider {
  readonly requests: string[] = [];
  /** What the JWK Set URL answers. */
  jwks: { body: string; type: string } = { body: '{"keys":[]}', type: 'application/json' };
  private server: Server | undefined;
  private port = 0;

  get base(): string {
    return `http://127.0.0.1:${this.port}`;
  }
  get issuer(): string {
    return `${this.base}/realms/demo`;
  }
  get host(): string {
    return `127.0.0.1:${this.port}`;
  }
  count(path: string): number {
    return this.requests.filter((p) => p === path).length;
  }
  serveKeys(keys: SigningKey[]): void {
    this.jwks = { body: JSON.stringify({ keys: keys.map((k) => k.jwk) }), type: 'application/json' };
  }

  /** Starts on a free port, or on the port it had before (the issuer URL holds the port). */
  async start(): Promise<void> {
    const server = createServer((req, res) => {
      const path = req.url ?? '';
      this.requests.push(path);
      if (path === '/realms/demo/.well-known/openid-configuration') {
        res.writeHead(200, { 'Content-Type': 'application/json' });
        res.end(JSON.stringify({ issuer: this.issuer, jwks_uri: `${this.issuer}/protocol/openid-connect/certs`, id_token_signing_alg_values_supported: ['ES256'] }));
      } else if (path === '/realms/demo/protocol/openid-connect/certs') {
        res.writeHead(200, { 'Content-Type': this.jwks.type });
        res.end(this.jwks.body);
      } else {
        res.writeHead(404).end();
      }
    });
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(this.port, '127.0.0.1', () => resolve());
    });
    this.server = server;
    this.port = (server.address() as AddressInfo).port;
  }

  async stop(): Promise<void> {
    const server = this.server;
    this.server = undefined;
    if (!server) return;
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }
}

const CERTS = '/realms/demo/protocol/openid-connect/certs';

function sign(idp: IdentityProvider, key: SigningKey, subject: string): Promise<string> {
  // The jku points at the provider too: the editor must never fetch what a token names.
  return new SignJWT({ sub: subject, azp: 'demo-app', scope: 'openid profile' })
    .setProtectedHeader({ alg: 'ES256', typ: 'JWT', kid: key.kid, jku: `${idp.base}/jku-from-the-token` })
    .setIssuer(idp.issuer)
    .setAudience('demo-app')
    .setIssuedAt()
    .setExpirationTime('2h')
    .sign(key.privateKey);
}

function writeTokens(editor: EditorSession, tokens: string[]): void {
  const lines = tokens.map((token, i) => `export const accessToken${i + 1} = '${token}';`);
  writeFileSync(join(editor.workspace, 'idp.ts'), `// Tokens from the demo realm.\n${lines.join('\n')}\n`);
}

/** Drags the side bar's edge so the Keys view's rows show their descriptions in the screenshots. */
async function widenSideBar(editor: EditorSession): Promise<void> {
  const box = await editor.page.locator('.part.sidebar').boundingBox();
  if (!box) return;
  const edge = box.x + box.width;
  // The sash on the side bar's edge is what a person drags.
  const sashes = await editor.page.locator('.monaco-sash.vertical').evaluateAll((els) => els.map((el) => el.getBoundingClientRect()).map((r) => ({ x: r.x + r.width / 2, y: r.y + r.height / 2, height: r.height })));
  const sash = sashes.find((s) => Math.abs(s.x - edge) < 4 && s.height > box.height / 2);
  if (!sash) return;
  await editor.page.mouse.move(sash.x, sash.y);
  await editor.page.mouse.down();
  await editor.page.mouse.move(sash.x + 260, sash.y, { steps: 8 });
  await editor.page.mouse.up();
  // Off the sash, onto the empty part of the side bar, so the screenshots show it at rest.
  await editor.page.mouse.move(box.x + 40, box.y + box.height - 40);
}

/** The quick fixes offered at `token` (Ctrl+.), as their titles. */
async function quickFixesAt(editor: EditorSession, token: string): Promise<string[]> {
  await editor.revealText(token);
  const rows = editor.page.locator('.action-widget .monaco-list-row');
  const titles = await poll('the quick fixes', timeouts.ui, async () => {
    await editor.page.keyboard.press('Control+.');
    // "Replace the token with …" is offered for every finding: once it shows, the list is complete.
    const shown = await rows.filter({ hasText: 'Replace the token with' }).first().waitFor({ timeout: 2_000 }).then(() => true, () => false);
    const all = shown ? await rows.allInnerTexts() : undefined;
    await editor.page.keyboard.press('Escape');
    return all;
  });
  return titles.map(normalize);
}

/** The issuer's row in the Keys view, once it reads `expected`. */
async function issuerRowShows(editor: EditorSession, issuer: string, expected: RegExp): Promise<string> {
  const row = keysView(editor).locator('.monaco-list-row', { hasText: issuer }).first();
  return poll(`the issuer row to read ${String(expected)}`, timeouts.ui, async () => {
    const text = normalize(await row.innerText().catch(() => ''));
    return expected.test(text) ? text : undefined;
  }).catch(async (error: unknown) => {
    throw new Error(`${error instanceof Error ? error.message : String(error)}; the Keys view shows:\n${await keysView(editor).innerText().catch(() => '')}`);
  });
}

/** An entry the setting already holds, which no issuer URL may be (plain http to another machine). */
const BAD_ENTRY = 'http://login.example.com/realms/plain-http';
// Wrapped, so the inline hint after a token is on screen, and whole.
const settings = { 'editor.wordWrap': 'on', 'editor.inlayHints.maximumLength': 0, 'jwtStudio.trustedIssuers': [BAD_ENTRY] };

journey('trusted issuer: trust from the hover, verify, rotate, go offline, refuse a bad JWK Set', { fixture: 'basic', settings }, async (editor) => {
  const idp = new IdentityProvider();
  await idp.start();
  try {
    await expectCleanActivation(editor);
    const first = signingKey('demo-1');
    idp.serveKeys([first]);
    const token1 = await sign(idp, first, 'ada');
    writeTokens(editor, [token1]);

    // Nobody trusts the issuer yet: the hover offers it, and nothing is fetched.
    const offered = await hoverShows(editor, 'idp.ts', token1, [words.trustLink, 'Open decoded', ...words.offer]);
    assert.doesNotMatch(offered, /verified by/);
    assert.deepEqual(idp.requests, [], 'the hover fetched something');
    await editor.screenshot('trusted-issuer-offer');

    const hover = editor.page.locator('.monaco-hover:not(.hidden)').first();
    await hover.locator('a', { hasText: words.trustLink }).first().click();
    const dialog = editor.page.locator('.monaco-dialog-box');
    await dialog.waitFor({ timeout: timeouts.ui });
    const asked = normalize(await dialog.innerText());
    assert.ok(asked.includes(`Fetch the keys of issuer ${idp.issuer} from ${idp.host}?`), asked);
    assert.match(asked, /no cookies, credentials or tokens/);
    assert.deepEqual(idp.requests, [], 'something was fetched before the host was confirmed');
    await editor.screenshot('trusted-issuer-confirm-host');
    await dialog.locator('.monaco-button', { hasText: 'Fetch' }).first().click();

    await poll('the keys to be fetched', timeouts.ui, async () => (await editor.notifications()).some((n) => n.message.includes(`1 key of issuer ${idp.issuer} fetched`)));
    assert.deepEqual(idp.requests, ['/realms/demo/.well-known/openid-configuration', CERTS]);
    const trustedInUserSettings = (): unknown => (JSON.parse(readFileSync(join(editor.userDataDir, 'User', 'settings.json'), 'utf8')) as Record<string, unknown>)['jwtStudio.trustedIssuers'];
    await poll('the issuer in the user settings', timeouts.ui, () => JSON.stringify(trustedInUserSettings()) !== JSON.stringify([BAD_ENTRY]));
    assert.deepEqual(trustedInUserSettings(), [BAD_ENTRY, idp.issuer], 'the entry joined the list, which is otherwise kept as written');

    await hoverShows(editor, 'idp.ts', token1, [words.verifiedBy(idp.issuer, 'demo-1')]);
    await editor.screenshot('trusted-issuer-verified');
    const afterVerify = idp.requests.length;
    // Hints and diagnostics read the same verdict: a live credential, but not one JWT Studio can re-sign.
    await editor.page.keyboard.press('Escape');
    await poll('the inline hint of the verified token', timeouts.ui, async () => words.hintVerified('ada').test((await activeEditorText(editor)).replace(/\s+/g, ' ')));
    await editor.page.locator('.squiggly-warning').first().waitFor({ timeout: timeouts.ui });
    const fixes = await quickFixesAt(editor, token1);
    assert.ok(fixes.some((f) => f.startsWith('Replace the token with')), fixes.join('\n'));
    assert.ok(!fixes.some((f) => /Re-sign/.test(f)), `an issuer's token was offered for re-signing:\n${fixes.join('\n')}`);

    await showKeysView(editor);
    await widenSideBar(editor);
    await issuerRowShows(editor, idp.issuer, /1 key · fetched just now/);
    const keyRow = keysView(editor).locator('.monaco-list-row', { hasText: 'demo-1' }).first();
    await keyRow.waitFor({ timeout: timeouts.ui });
    assert.match(normalize(await keyRow.innerText()), /ES256 · EC · P-256/);
    // The entry that cannot be used is shown, not dropped in silence.
    const problem = keysView(editor).locator('.monaco-list-row', { hasText: 'Setting entry not used' }).first();
    assert.match(normalize(await problem.innerText()), /Entry 1 in user settings: .*http/);
    await editor.screenshot('trusted-issuer-keys-view');

    // The issuer rotates: it now publishes a second key, and a token signed with it turns up.
    const second = signingKey('demo-2');
    idp.serveKeys([first, second]);
    const token2 = await sign(idp, second, 'grace');
    const certsBefore = idp.count(CERTS);
    writeTokens(editor, [token1, token2]);
    await editor.openFile('idp.ts');
    await poll('the editor to show the second token', timeouts.ui, async () => (await activeEditorText(editor)).includes('accessToken2'));
    await hoverShows(editor, 'idp.ts', token2, [words.verifiedBy(idp.issuer, 'demo-2')]);
    await editor.page.waitForTimeout(1_000);
    assert.equal(idp.count(CERTS), certsBefore + 1, 'an unknown kid fetched the JWK Set exactly once');
    await issuerRowShows(editor, idp.issuer, /2 keys · fetched just now/);

    // Offline: the provider is down; a refresh fails, and the cached keys still verify.
    await idp.stop();
    await editor.runCommand('JWT: Refresh Issuer Keys', { opensInput: true });
    await answerStep(editor, 'Refresh Issuer Keys', '1/1', idp.issuer);
    await poll('the failed refresh to be reported', timeouts.ui, async () =>
      (await editor.notifications()).some((n) => n.severity === 'warning' && n.message.includes('were not fetched') && n.message.includes('ECONNREFUSED') && n.message.includes('still verify')),
    );
    await issuerRowShows(editor, idp.issuer, /2 keys · last fetch failed: .*could not reach 127\.0\.0\.1:\d+ \(ECONNREFUSED\)/);
    await hoverShows(editor, 'idp.ts', token1, [words.verifiedBy(idp.issuer, 'demo-1'), ...words.failedFetchNote]);
    await editor.screenshot('trusted-issuer-offline');

    // Back, but serving a broken JWK Set: Refresh from the issuer's row reports it, and keeps the keys.
    await idp.start();
    idp.jwks = { body: '{"keys": "nope"}', type: 'application/json' };
    await fromContextMenu(editor, keysView(editor).locator('.monaco-list-row', { hasText: idp.issuer }).first(), 'Refresh Issuer Keys');
    await issuerRowShows(editor, idp.issuer, /2 keys · last fetch failed: the JWK Set at .* was refused/);
    await hoverShows(editor, 'idp.ts', token2, [words.verifiedBy(idp.issuer, 'demo-2')]);
    await hoverShows(editor, 'idp.ts', token1, [words.verifiedBy(idp.issuer, 'demo-1')]);
    await editor.screenshot('trusted-issuer-bad-jwks');

    // Remove: after a confirmation, from the setting and with its keys; the hover offers the issuer again.
    await fromContextMenu(editor, keysView(editor).locator('.monaco-list-row', { hasText: idp.issuer }).first(), 'Remove Trusted Issuer');
    await dialog.waitFor({ timeout: timeouts.ui });
    const removal = normalize(await dialog.innerText());
    assert.ok(removal.includes(`Stop trusting issuer ${idp.issuer}?`), removal);
    assert.match(removal, /removed from user settings, and its 2 keys fetched are deleted/);
    await dialog.locator('.monaco-button', { hasText: 'Remove' }).first().click();
    await poll('the issuer to leave the user settings', timeouts.ui, () => JSON.stringify(trustedInUserSettings()) === JSON.stringify([BAD_ENTRY]));
    await keysView(editor).locator('.monaco-list-row', { hasText: idp.issuer }).first().waitFor({ state: 'detached', timeout: timeouts.ui });
    const offeredAgain = await hoverShows(editor, 'idp.ts', token1, [words.trustLink]);
    assert.doesNotMatch(offeredAgain, /verified by/);

    assert.equal(idp.count('/jku-from-the-token'), 0, "the token's jku was fetched");
    assert.ok(idp.requests.length > afterVerify, 'the provider was asked again after the first fetch');
    await expectNoErrors(editor);
  } finally {
    await idp.stop();
  }
});
