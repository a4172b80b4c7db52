// The Token Editor's form in the real editor: claims with a type written as
// YAML of that type and in block style, iss / sub switched off and on beside
// the generated claims, a problem shown under the control it is about, and a
// status line that answers the last action without covering the buttons.
// Every token signed here is verified with jose in the test process, outside
// the editor.
import assert from 'node:assert/strict';
import type { KeyObject } from 'node:crypto';
import { decodeJwt, importSPKI, jwtVerify } from 'jose';
import type { FrameLocator, Locator } from 'playwright-core';
import type { EditorSession } from './harness';
import { journey, poll, timeouts, textNow } from './harness';
import {
  chooseOption,
  expectNoErrors,
  importKeyFromClipboard,
  openInTokenEditor,
  openPortalWithItsKey,
  pickColorTheme,
  THEMES,
  typeOver,
  valueOf,
  yamlBeside,
} from './journeys';
import { keyPair } from '../keyPairs';

const GENERIC = `# A token for the staging API gateway.
preset: generic
key: ap-e2e                # a key-ring id
ttl: 15m
claims: {}
`;

const IDENTITY = `# A token for the staging API gateway.
preset: generic
key: ap-e2e
ttl: 15m
claims:
  iss: https://issuer.example
  sub: user-1
  role: admin
`;

const EC = `preset: generic
key: es384-e2e
ttl: 15m
claims:
  sub: user-1
`;

/** Signs with the form's Sign button and returns the token shown, once its signature line says it verified. */
async function signFromForm(page: FrameLocator): Promise<string> {
  const before = await textNow(page.locator('#signed-token'));
  await page.locator('#sign').click();
  return poll('a freshly signed token in the form', timeouts.ui, async () => {
    const shown = (await textNow(page.locator('#signed-token'))).replace(/\s/g, '');
    const verified = (await page.locator('#signature-status', { hasText: '✓' }).count()) === 1;
    return verified && shown !== '' && shown !== before.replace(/\s/g, '') ? shown : undefined;
  });
}

/** Verifies `token` with jose against the ring key's public half, as the receiving side would. */
async function verifiedPayload(token: string, publicKey: KeyObject, alg: string, options: { issuer?: string; subject?: string } = {}): Promise<Record<string, unknown>> {
  const key = await importSPKI(publicKey.export({ type: 'spki', format: 'pem' }).toString(), alg);
  const { payload, protectedHeader } = await jwtVerify(token, key, { algorithms: [alg], ...options });
  assert.equal(protectedHeader.alg, alg);
  return payload as Record<string, unknown>;
}

/** Fills the add box (name, type, the value as typed) and presses Add; waits for the new row unless `refused`. */
async function addClaim(editor: EditorSession, page: FrameLocator, name: string, type: string, value: string, { refused = false } = {}): Promise<void> {
  // In the middle of the view, so the type list has room to open below it.
  await page.locator('#add-claim-name').evaluate((el) => el.scrollIntoView({ block: 'center' }));
  await page.locator('#add-claim-name').click();
  await editor.page.keyboard.type(name);
  await chooseOption(page, '#add-claim-type', type);
  // The name typed stays in its box when focus moves on.
  assert.equal(await page.locator('#add-claim-name').evaluate((el) => (el.shadowRoot?.querySelector('input') as HTMLInputElement | null)?.value), name);
  await page.locator('#add-claim-value').click();
  await editor.page.keyboard.type(value);
  await page.locator('#add-claim').click();
  if (!refused) await page.locator(`#claim-value-${name}`).waitFor({ timeout: timeouts.ui });
}

function overlaps(a: { x: number; y: number; width: number; height: number }, b: { x: number; y: number; width: number; height: number }): boolean {
  return a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height;
}

async function box(locator: Locator): Promise<{ x: number; y: number; width: number; height: number }> {
  const b = await locator.boundingBox();
  assert.ok(b, 'the element is on screen');
  return b;
}

journey('token editor form: a boolean and an object claim are written as YAML of their type, in block style; a type change converts or says why not', { fixture: 'profiles', files: { 'gateway.jwt.yaml': GENERIC }, viewport: { width: 1400, height: 1000 } }, async (editor) => {
  const publicKey = await openPortalWithItsKey(editor);
  const page = await openInTokenEditor(editor, 'gateway.jwt.yaml');
  await page.locator('#add-claim-type').waitFor({ timeout: timeouts.ui });

  await addClaim(editor, page, 'admin', 'boolean', 'true');
  assert.equal(await page.locator('#claim-value-admin').evaluate((el) => (el as HTMLInputElement).checked), true, 'the new claim is a switch, on');
  await addClaim(editor, page, 'org', 'object', '{"id": 7, "name": "Acme"}');
  await addClaim(editor, page, 'note', 'string', 'true');
  assert.equal(await valueOf(page.locator('#claim-type-note')), 'string');
  // A value that does not read as the chosen type is refused in the box, with the reason; nothing is written.
  await addClaim(editor, page, 'admin2', 'number', 'lots', { refused: true });
  await page.locator('.local-error', { hasText: '"lots" is not a number' }).waitFor({ timeout: timeouts.ui });
  assert.equal(await page.locator('#claim-value-admin2').count(), 0);
  // A number that would change on the way (a zip code's leading zero) is refused too, saying what it would become.
  await typeOver(editor, page.locator('#add-claim-value'), '007');
  await page.locator('#add-claim').click();
  await page.locator('.local-error', { hasText: '"007" would be stored as 7' }).waitFor({ timeout: timeouts.ui });
  assert.equal(await page.locator('#claim-value-admin2').count(), 0);

  // Text "true" becomes the boolean true when its type is changed; an object cannot become a number, and says so under its row.
  await chooseOption(page, '#claim-type-note', 'boolean');
  await poll('note as a switch', timeouts.ui, async () => (await page.locator('#claim-value-note').evaluate((el) => el.tagName)) === 'VSCODE-CHECKBOX');
  await page.locator('#status', { hasText: 'now boolean' }).waitFor({ timeout: timeouts.ui });
  await chooseOption(page, '#claim-type-org', 'number');
  await page.locator('#claim-notes-org', { hasText: 'cannot become a number; it is kept as it is' }).waitFor({ timeout: timeouts.ui });
  assert.equal(await valueOf(page.locator('#claim-type-org')), 'object', 'the chooser goes back to the value\'s type');
  await editor.screenshot('token-editor-form-typed-claims');

  const yaml = await yamlBeside(editor, page);
  assert.match(yaml, /^key: ap-e2e +# a key-ring id$/m, `the rest of the file is untouched:\n${yaml}`);
  assert.match(yaml, /^claims:\n {2}admin: true\n {2}org:\n {4}id: 7\n {4}name: Acme\n {2}note: true$/m, `typed values in block style:\n${yaml}`);
  assert.doesNotMatch(yaml, /[{}"]/, 'no flow mapping and no quoted "true"');

  const token = await signFromForm(page);
  const payload = await verifiedPayload(token, publicKey, 'RS256');
  assert.equal(payload.admin, true);
  assert.equal(payload.note, true);
  assert.deepEqual(payload.org, { id: 7, name: 'Acme' });
  await expectNoErrors(editor);
});

journey('token editor form: iss and sub switched off and on beside the generated claims; the YAML and the signed token follow', { fixture: 'profiles', files: { 'identity.jwt.yaml': IDENTITY }, viewport: { width: 1400, height: 1000 } }, async (editor) => {
  const publicKey = await openPortalWithItsKey(editor);
  const page = await openInTokenEditor(editor, 'identity.jwt.yaml');
  const issSwitch = page.locator('#registered-iss');
  const subSwitch = page.locator('#registered-sub');
  await issSwitch.waitFor({ timeout: timeouts.ui });
  const checked = (l: Locator) => l.evaluate((el) => (el as HTMLInputElement).checked);
  assert.equal(await checked(issSwitch), true);
  assert.equal(await valueOf(page.locator('#section-registered #claim-value-iss')), 'https://issuer.example', 'the value sits beside its switch');
  assert.equal(await page.locator('#section-claims #claim-value-iss').count(), 0, 'not a claim row as well');
  // Adding a claim named iss would overwrite the value beside the switch: refused, and the value stays.
  await addClaim(editor, page, 'iss', 'string', 'https://other.example', { refused: true });
  await page.locator('.local-error', { hasText: 'beside its switch' }).waitFor({ timeout: timeouts.ui });
  assert.equal(await valueOf(page.locator('#section-registered #claim-value-iss')), 'https://issuer.example', 'the value beside the switch is untouched');

  await subSwitch.click();
  await page.locator('#claim-value-sub').waitFor({ state: 'detached', timeout: timeouts.ui });
  await page.locator('#section-registered', { hasText: 'user-1 comes back when switched on' }).waitFor({ timeout: timeouts.ui });
  await issSwitch.click();
  await page.locator('#claim-value-iss').waitFor({ state: 'detached', timeout: timeouts.ui });
  await editor.screenshot('token-editor-form-iss-sub-off');
  let yaml = await yamlBeside(editor, page);
  assert.match(yaml, /^claims:\n {2}role: admin$/m, `iss and sub are out of claims:\n${yaml}`);
  assert.doesNotMatch(yaml, /iss:|sub:/);

  const without = await verifiedPayload(await signFromForm(page), publicKey, 'RS256');
  assert.equal(without.iss, undefined);
  assert.equal(without.sub, undefined);
  assert.equal(without.role, 'admin');

  // Switched on again, each comes back with the value it had.
  await subSwitch.click();
  await poll('sub back with its value', timeouts.ui, async () => (await valueOf(page.locator('#claim-value-sub')).catch(() => '')) === 'user-1');
  await issSwitch.click();
  await poll('iss back with its value', timeouts.ui, async () => (await valueOf(page.locator('#claim-value-iss')).catch(() => '')) === 'https://issuer.example');
  yaml = await yamlBeside(editor, page);
  assert.match(yaml, /^claims:\n {2}role: admin\n {2}sub: user-1\n {2}iss: https:\/\/issuer\.example$/m, `back in claims, block style:\n${yaml}`);
  const back = await verifiedPayload(await signFromForm(page), publicKey, 'RS256', { issuer: 'https://issuer.example', subject: 'user-1' });
  assert.equal(back.role, 'admin');
  await expectNoErrors(editor);
});

journey('token editor form: RS384 with an ES384 key is explained under the algorithm, linked from the summary; Show JWK sits beside both key pickers', { fixture: 'profiles', files: { 'ec.jwt.yaml': EC }, viewport: { width: 1280, height: 1000 } }, async (editor) => {
  await editor.waitForActivation();
  const ec = keyPair('ec', { namedCurve: 'P-384' });
  await importKeyFromClipboard(editor, ec.privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(), 'es384-e2e');
  const partner = keyPair('rsa', { modulusLength: 2048 });
  await importKeyFromClipboard(editor, JSON.stringify({ ...partner.publicKey.export({ format: 'jwk' }), alg: 'RSA-OAEP-256', use: 'enc' }), 'partner-enc');
  const page = await openInTokenEditor(editor, 'ec.jwt.yaml');
  await page.locator('#alg').waitFor({ timeout: timeouts.ui });
  assert.equal(await page.locator('#alg-problems').count(), 0);

  await chooseOption(page, '#alg', 'RS384');
  const reason = page.locator('#alg-problems');
  await reason.waitFor({ timeout: timeouts.ui });
  assert.match(await reason.innerText(), /es384-e2e.*ES384.*RS384/);
  assert.match((await page.locator('#alg').getAttribute('aria-describedby')) ?? '', /\balg-problems\b/);
  // Right under the algorithm, above the next control (the lifetime).
  const alg = await box(page.locator('#alg'));
  const under = await box(reason);
  const next = await box(page.locator('#ttl-5m'));
  assert.ok(under.y >= alg.y + alg.height - 1 && under.y + under.height <= next.y + 1, `the reason sits between the algorithm and the lifetime: ${JSON.stringify({ alg, under, next })}`);
  assert.equal(await page.locator('#problems', { hasText: 'ES384' }).count(), 0, 'not repeated at the bottom');
  // The summary at the top says how many and links to it.
  const summary = page.locator('#problem-summary');
  assert.match(await summary.innerText(), /1 error/);
  await summary.locator('button', { hasText: 'Algorithm' }).click();
  await poll('focus on the algorithm', timeouts.ui, async () => (await page.locator('body').evaluate(() => document.activeElement?.id)) === 'alg');

  // Show JWK is the next stop after the key picker, for the keyboard too.
  await page.locator('#show-key').waitFor({ timeout: timeouts.ui });
  await page.locator('#key').focus();
  await editor.page.keyboard.press('Tab');
  await poll('Tab from the key picker reaches Show JWK', timeouts.ui, async () => (await page.locator('body').evaluate(() => document.activeElement?.id)) === 'show-key');
  assert.match((await page.locator('#show-key').getAttribute('aria-label')) ?? '', /es384-e2e/);
  await page.locator('#section-encrypt-header').click();
  await page.locator('#encrypt').click();
  await page.locator('#show-encrypt-key').waitFor({ timeout: timeouts.ui });
  await page.locator('#encrypt-key').focus();
  await editor.page.keyboard.press('Tab');
  await poll('Tab from the recipient picker reaches Show JWK', timeouts.ui, async () => (await page.locator('body').evaluate(() => document.activeElement?.id)) === 'show-encrypt-key');
  await page.locator('#encrypt').click();
  await page.locator('#show-encrypt-key').waitFor({ state: 'detached', timeout: timeouts.ui });

  await page.locator('#section-token').scrollIntoViewIfNeeded();
  await editor.runCommand('Notifications: Clear All Notifications');
  const body = page.locator('body');
  for (const [theme, name] of THEMES) {
    await pickColorTheme(editor, body, theme, name);
    await editor.screenshot(`token-editor-form-problem-${name}`);
  }

  // The algorithm that fits the key: the reason and the summary go, and the token verifies outside with ES384.
  await chooseOption(page, '#alg', 'ES384');
  await reason.waitFor({ state: 'detached', timeout: timeouts.ui });
  assert.equal(await summary.count(), 0);
  const payload = await verifiedPayload(await signFromForm(page), ec.publicKey, 'ES384', { subject: 'user-1' });
  assert.equal(payload.sub, 'user-1');
  await expectNoErrors(editor);
});

journey('token editor form: the status line sits under the output buttons, never over them, and the next action replaces it', { fixture: 'profiles', viewport: { width: 1280, height: 700 } }, async (editor) => {
  const publicKey = await openPortalWithItsKey(editor);
  const page = await openInTokenEditor(editor, 'portal.jwt.yaml');
  await page.locator('#copy-token').waitFor({ timeout: timeouts.ui });
  await page.locator('#copy-token').scrollIntoViewIfNeeded();
  await editor.page.evaluate(() => navigator.clipboard.writeText('nothing yet'));
  await page.locator('#copy-token').click();
  const status = page.locator('#status');
  await status.filter({ hasText: 'copied' }).waitFor({ timeout: timeouts.ui });
  const copied = await poll('the token on the clipboard', timeouts.ui, async () => {
    const text = await editor.page.evaluate(() => navigator.clipboard.readText());
    return text.split('.').length === 3 ? text : undefined;
  });
  assert.equal((await verifiedPayload(copied, publicKey, 'RS256')).externalUserId, 'user_42');

  await status.scrollIntoViewIfNeeded();
  const shown = await box(status);
  for (const id of ['#copy-token', '#copy-url', '#open-url', '#copy-snippet', '#copy-code', '#sign']) {
    const button = page.locator(id);
    if ((await button.count()) === 0) continue;
    assert.ok(!overlaps(shown, await box(button)), `the status line covers ${id}`);
  }
  // Below the last row of buttons (Copy Integration Code's).
  const buttons = await box(page.locator('.output-row').last());
  assert.ok(shown.y >= buttons.y + buttons.height - 1, 'the status is below the buttons');
  // Scrolled so the buttons are at the bottom of the view, the status is not drawn over them either.
  await page.locator('#copy-token').evaluate((el) => el.scrollIntoView({ block: 'end' }));
  assert.ok(!overlaps(await box(status), await box(page.locator('#copy-token'))));
  await editor.screenshot('token-editor-form-status');

  // An edit replaces "copied"; so does signing.
  await page.locator('#ttl-5m').click();
  await poll('the status to clear after an edit', timeouts.ui, async () => (await status.innerText()).trim() === '');
  await page.locator('#copy-token').click();
  await status.filter({ hasText: 'copied' }).waitFor({ timeout: timeouts.ui });
  const token = await signFromForm(page);
  assert.equal((await status.innerText()).trim(), '', 'the signed token replaces the old status');
  const payload = await verifiedPayload(token, publicKey, 'RS256');
  assert.equal(Number(payload.exp) - Number(payload.iat), 300, 'signed with the 5 min lifetime');
  assert.equal(decodeJwt(token).externalUserId, 'user_42');
  await expectNoErrors(editor);
});
