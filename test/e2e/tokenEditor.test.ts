// The Token Editor in the real editor: a form over the same document as the
// YAML text. Edits made in the form show up in the YAML (and undo through
// VS Code), the YAML drives the form, output buttons sign through the host,
// and the page runs under a CSP that refuses inline script.
import assert from 'node:assert/strict';
import { compactDecrypt, importSPKI, jwtVerify } from 'jose';
import type { FrameLocator } from 'playwright-core';
import type { EditorSession } from './harness';
import { journey, poll, readmeScreenshotDir, timeouts, textNow } from './harness';
import { answerStep, chooseOption, expectNoErrors, importKeyFromClipboard, openInTokenEditor, openPortalWithItsKey, pickColorTheme, THEMES, tokenEditorPage, valueOf, yamlBeside, typeOver } from './journeys';
import { keyPair } from '../keyPairs';

/** Opens portal.jwt.yaml (with its key in the ring) in the Token Editor through its CodeLens and waits for the form. */
async function openPortalInTokenEditor(editor: EditorSession): Promise<{ page: FrameLocator; publicKey: Awaited<ReturnType<typeof openPortalWithItsKey>> }> {
  const publicKey = await openPortalWithItsKey(editor);
  const lens = editor.activeEditor().locator('.codelens-decoration a', { hasText: 'Open in Token Editor' });
  await lens.waitFor({ timeout: timeouts.ui });
  await lens.click();
  const page = tokenEditorPage(editor);
  await page.locator('#claim-value-firstName').waitFor({ timeout: timeouts.ui });
  return { page, publicKey };
}

journey('token editor: a claim added from its suggestions lands in the YAML; undo takes it out', { fixture: 'profiles', readmeImage: 'token-editor', viewport: { width: 1600, height: 1000 } }, async (editor) => {
  const { page } = await openPortalInTokenEditor(editor);
  assert.equal(await valueOf(page.locator('#claim-value-firstName')), 'Ada');
  // No encryption key in the ring yet: the JWE switch is off and says how to get one.
  await page.locator('#section-encrypt-header').click();
  assert.equal(await page.locator('#encrypt').getAttribute('disabled'), '');
  assert.match(await page.locator('#section-encrypt').innerText(), /Import Key/);
  await page.locator('#section-encrypt-header').click();

  // The add-claim box suggests the schema's claims: pick "role" by typing, as a person would.
  const add = page.locator('#add-claim-name');
  await add.click();
  await editor.page.keyboard.type('role');
  // The filtered list shows the schema's "role" with its description before Enter picks it.
  await page.locator('#add-claim-name li[role="option"]', { hasText: 'role' }).first().waitFor({ timeout: timeouts.ui });
  await editor.page.keyboard.press('Enter');
  await page.locator('#add-claim').click();
  const role = page.locator('#claim-value-role');
  await role.waitFor({ timeout: timeouts.ui });
  assert.match(await valueOf(role), /^(EDITOR|VIEWER|ADMIN)$/i, 'the new row starts from the schema example');
  // The tab is dirty: the form edited the document, nothing was saved.
  await editor.page.locator('.tabs-container .tab.active.dirty', { hasText: 'portal.jwt.yaml' }).waitFor({ timeout: timeouts.ui });

  // Undo from the form goes through VS Code's own undo stack.
  await page.locator('h1, header').first().click();
  await editor.page.keyboard.press('Control+Z');
  await role.waitFor({ state: 'detached', timeout: timeouts.ui });
  await editor.page.keyboard.press('Control+Shift+Z');
  await role.waitFor({ timeout: timeouts.ui });
  await editor.screenshot('token-editor-added-claim');

  // The YAML has the new claim inside `claims:`, after the others, with the comment on top kept.
  const yaml = await yamlBeside(editor, page);
  assert.match(yaml, /^# Activepieces embedding for the customer portal\./m);
  assert.match(yaml, /lastName: Lovelace\n {2}role: \w+\nembed:/, `the claim sits at the end of claims:\n${yaml}`);

  // Typing in the YAML drives the form.
  await editor.revealText('Ada');
  await editor.page.keyboard.press('End');
  await editor.page.keyboard.press('Backspace');
  await editor.page.keyboard.press('Backspace');
  await editor.page.keyboard.press('Backspace');
  await editor.page.keyboard.type('Grace');
  const formPage = tokenEditorPage(editor);
  await poll('the form to follow the YAML', timeouts.ui, async () => (await valueOf(formPage.locator('#claim-value-firstName'))) === 'Grace');
  // The README picture: the claims beside their YAML.
  await formPage.locator('#section-claims').scrollIntoViewIfNeeded();
  await expectNoErrors(editor);
});

journey('token editor: Ctrl+Enter signs; Copy Embed URL, Copy Snippet, Open URL and an encrypted Copy Token give tokens that verify', { smoke: true, fixture: 'profiles' }, async (editor) => {
  // The partner's public encryption key goes into the ring first (a JWK that says what it is for).
  const partner = keyPair('rsa', { modulusLength: 2048 });
  const partnerJwk = { ...partner.publicKey.export({ format: 'jwk' }), alg: 'RSA-OAEP-256', use: 'enc' };
  await editor.waitForActivation();
  await importKeyFromClipboard(editor, JSON.stringify(partnerJwk), 'partner-enc');
  const { page, publicKey } = await openPortalInTokenEditor(editor);
  // Keyboard only: type a new value and sign straight away with the shortcut; the token carries what was typed.
  await typeOver(editor, page.locator('#claim-value-firstName'), 'Grace');
  await editor.page.keyboard.press('Control+Enter');
  const token = page.locator('#signed-token');
  await token.waitFor({ timeout: timeouts.ui });
  assert.equal(await token.locator('.seg-header, .seg-payload, .seg-signature').count(), 3, 'the token is coloured by segment');
  await page.locator('#signature-status', { hasText: '✓' }).waitFor({ timeout: timeouts.ui });
  const shown = (await token.innerText()).replace(/\s/g, '');
  assert.equal(JSON.parse(Buffer.from(shown.split('.')[1] ?? '', 'base64url').toString()).firstName, 'Grace');
  assert.equal(await page.locator('#signed-stale').count(), 0, 'the token is from the current text');
  await editor.runCommand('Notifications: Clear All Notifications');
  await editor.screenshot('token-editor-signed');
  await editor.screenshot('token-editor-signed', readmeScreenshotDir);

  // Another tab in front and back again: the page reloads, and the token is still shown.
  const signedText = await token.innerText();
  await page.locator('body').evaluate((b) => b.setAttribute('data-before-hiding', ''));
  await editor.page.locator('.tabs-container .tab', { hasText: 'portal.jwt.yaml' }).first().click();
  await editor.page.locator('.tabs-container .tab', { hasText: 'portal.jwt.yaml' }).last().click();
  await poll('the token after the tab came back', timeouts.ui, async () => {
    const back = tokenEditorPage(editor);
    const reloaded = (await back.locator('body[data-before-hiding]').count().catch(() => 1)) === 0;
    return reloaded && (await textNow(back.locator('#signed-token'))) === signedText;
  });

  await editor.page.evaluate(() => navigator.clipboard.writeText('nothing yet'));
  await page.locator('#copy-url').click();
  const dialog = editor.page.locator('.monaco-dialog-box');
  await dialog.waitFor({ timeout: timeouts.ui });
  await dialog.locator('.dialog-buttons a.monaco-button', { hasText: 'Copy' }).first().click();
  const url = await poll('the embed URL on the clipboard', timeouts.ui, async () => {
    const text = await editor.page.evaluate(() => navigator.clipboard.readText());
    return text.startsWith('https://') ? text : undefined;
  });
  const jwt = new URL(url).searchParams.get('jwtToken');
  assert.ok(jwt, 'the URL carries the token');
  const key = await importSPKI(publicKey.export({ type: 'spki', format: 'pem' }).toString(), 'RS256');
  const { payload } = await jwtVerify(jwt, key, { algorithms: ['RS256'] });
  assert.equal(payload.externalUserId, 'user_42');
  await page.locator('#status', { hasText: 'copied' }).waitFor({ timeout: timeouts.ui });

  // The iframe snippet, picked from the snippet list, carries a fresh token in its src.
  await chooseOption(page, '#snippet', 'iframe');
  await page.locator('#copy-snippet').click();
  const snippet = await poll('the iframe snippet on the clipboard', timeouts.ui, async () => {
    const text = await editor.page.evaluate(() => navigator.clipboard.readText());
    return text.startsWith('<iframe') ? text : undefined;
  });
  const src = /src="([^"]+)"/.exec(snippet)?.[1]?.replace(/&amp;/g, '&') ?? '';
  await jwtVerify(new URL(src).searchParams.get('jwtToken') ?? '', key, { algorithms: ['RS256'] });

  // Open URL hands the embed URL to the browser: a new tab asks for it (the host does not exist, so it goes no further).
  const asked = editor.context.waitForEvent('request', { predicate: (r) => r.url().startsWith('https://cloud.activepieces.example/'), timeout: timeouts.ui });
  await page.locator('#open-url').click();
  const openLink = editor.page.locator('.monaco-dialog-box .dialog-buttons a.monaco-button', { hasText: /^Open$/ });
  // The workbench may ask once before opening an outside link.
  const request = await Promise.race([asked, openLink.waitFor({ timeout: timeouts.ui }).then(() => openLink.click()).then(() => asked)]);
  const openedToken = new URL(request.url()).searchParams.get('jwtToken') ?? '';
  await jwtVerify(openedToken, key, { algorithms: ['RS256'] });
  for (const tab of editor.context.pages()) if (tab !== editor.page) await tab.close();

  // Encryption: switch it on in the JWE section; the YAML gains `encrypt:` and Copy Token hands out a JWE.
  await page.locator('#section-encrypt-header').click();
  await page.locator('#encrypt').click();
  await page.locator('#encrypt-key').waitFor({ timeout: timeouts.ui });
  assert.equal(await valueOf(page.locator('#encrypt-key')), 'partner-enc');
  await editor.page.evaluate(() => navigator.clipboard.writeText('nothing yet'));
  await page.locator('#copy-token').click();
  const jwe = await poll('an encrypted token on the clipboard', timeouts.ui, async () => {
    const text = await editor.page.evaluate(() => navigator.clipboard.readText());
    return text.split('.').length === 5 ? text : undefined;
  });
  const { plaintext, protectedHeader } = await compactDecrypt(jwe, partner.privateKey);
  assert.equal(protectedHeader.cty, 'JWT');
  const inner = await jwtVerify(new TextDecoder().decode(plaintext), key, { algorithms: ['RS256'] });
  assert.equal(inner.payload.externalUserId, 'user_42');
  await expectNoErrors(editor);
});

journey('token editor: the page refuses inline script and shows hostile names as text; light, dark and high-contrast themes', { fixture: 'profiles' }, async (editor) => {
  const { page } = await openPortalInTokenEditor(editor);
  const body = page.locator('body');
  const csp = await page.locator('meta[http-equiv="Content-Security-Policy"]').getAttribute('content');
  assert.match(csp ?? '', /default-src 'none'/);
  assert.match(csp ?? '', /script-src 'nonce-[A-Za-z0-9+/=]{16,}'/);
  assert.doesNotMatch(csp ?? '', /unsafe-inline|unsafe-eval/);
  // A script element without the nonce, as an injected payload would be: the browser must refuse it.
  const probe = await body.evaluate(async () => {
    const w = window as unknown as { cspProbe?: number };
    const violation = new Promise<string>((resolve) => {
      document.addEventListener('securitypolicyviolation', (event) => resolve(event.violatedDirective), { once: true });
      setTimeout(() => resolve('none reported'), 2000);
    });
    const script = document.createElement('script');
    script.textContent = 'window.cspProbe = 1';
    document.body.append(script);
    const directive = await violation;
    return { ran: w.cspProbe === 1, directive };
  });
  assert.equal(probe.ran, false, 'inline script ran inside the Token Editor');
  assert.match(probe.directive, /script-src/);

  // After a reload the page comes back as it was left: a closed section stays closed.
  await page.locator('#section-registered-header').click();
  assert.equal(await page.locator('#section-registered').getAttribute('open'), null);
  await body.evaluate(() => document.body.setAttribute('data-before-reload', ''));
  await editor.runCommand('Developer: Reload Webviews');
  await poll('the reloaded form', timeouts.ui, async () => {
    const fresh = (await page.locator('body[data-before-reload]').count().catch(() => 1)) === 0;
    return fresh && (await page.locator('#claim-value-firstName').count().catch(() => 0)) === 1;
  });
  assert.equal(await page.locator('#section-registered').getAttribute('open'), null, 'the closed section stayed closed');
  assert.notEqual(await page.locator('#section-claims').getAttribute('open'), null);

  // Hostile claim names and values are text: nothing they spell out becomes markup or runs.
  const hostile = await openInTokenEditor(editor, 'hostile.jwt.yaml');
  await hostile.locator('[role="listitem"][aria-label^="Claim <img"]').waitFor({ timeout: timeouts.ui });
  const planted = await hostile.locator('body').evaluate((b) => ({
    ran: (window as unknown as { hostileRan?: number }).hostileRan,
    images: b.querySelectorAll('img').length,
    // The page's own bundle is the only script; the preset's docs link the only link.
    scripts: b.querySelectorAll('script:not([src])').length,
    links: [...b.querySelectorAll('a')].map((a) => a.getAttribute('href')).filter((href) => !href?.startsWith('https://')),
    polluted: ({} as Record<string, unknown>).polluted,
  }));
  assert.deepEqual(planted, { ran: undefined, images: 0, scripts: 0, links: [], polluted: undefined });
  assert.equal(await valueOf(hostile.locator('[role="listitem"][aria-label^="Claim <img"] vscode-textfield').nth(1)), '<script>window.hostileRan=2</script>');
  await editor.screenshot('token-editor-hostile');

  await editor.runCommand('Notifications: Clear All Notifications');
  for (const [theme, name] of THEMES) {
    await pickColorTheme(editor, body, theme, name);
    await editor.screenshot(`token-editor-${name}`);
    if (name === 'light') await editor.screenshot('token-editor-light', readmeScreenshotDir);
  }
  await expectNoErrors(editor);
});

journey('token editor: "Generate new key…" offers what the preset accepts and names the new key; broken YAML makes the form read-only', { fixture: 'profiles' }, async (editor) => {
  await editor.waitForActivation();
  const page = await openInTokenEditor(editor, 'draft.jwt.yaml');
  await page.locator('#key').waitFor({ timeout: timeouts.ui });
  await chooseOption(page, '#key', 'Generate new key…');
  // Activepieces takes RS256 only, so that is all the generator offers.
  const rows = editor.page.locator('.quick-input-widget .quick-input-list .monaco-list-row');
  await rows.first().waitFor({ timeout: timeouts.ui });
  const offered = await rows.allInnerTexts();
  assert.ok(offered.length > 0 && offered.every((row) => row.includes('RS256')), `only RS256 keys are offered:\n${offered.join('\n')}`);
  // RS256 then its modulus: every choice left has the same steps, so the first shows the total.
  await answerStep(editor, 'Generate Key', '1/6');
  await answerStep(editor, 'Generate Key', '2/6', 'RSA 2048');
  await answerStep(editor, 'Generate Key', '3/6', 'ap-generated');
  await answerStep(editor, 'Generate Key', '4/6');
  await answerStep(editor, 'Generate Key', '5/6');
  await answerStep(editor, 'Generate Key', '6/6', 'This workspace');
  await poll('the new key in the profile', timeouts.ui * 2, async () => (await valueOf(page.locator('#key'))) === 'ap-generated');
  await page.locator('#status', { hasText: "Key 'ap-generated'" }).waitFor({ timeout: timeouts.ui });

  // A problem's line link (under its control, or in the list) takes you to its line in the YAML.
  const link = page.locator('.line-link[aria-label^="Show line"]').first();
  const line = Number(/\d+/.exec(await link.innerText())?.[0]);
  await link.click();
  await editor.page.locator('.editor-group-container.active .tab.active', { hasText: 'draft.jwt.yaml' }).waitFor({ timeout: timeouts.ui });
  await editor.page.locator('.statusbar-item', { hasText: new RegExp(`^Ln ${line}, Col \\d+$`) }).waitFor({ timeout: timeouts.ui });

  const yaml = await yamlBeside(editor, page);
  assert.match(yaml, /^key: ap-generated$/m);
  // The YAML the problem link opened is brought forward, not opened in yet another group.
  assert.equal(await editor.page.locator('.editor-group-container').count(), 2, 'the form and one YAML editor');
  // A syntax error in the YAML: the form says where, and stops editing.
  await editor.page.keyboard.press('Control+End');
  await editor.page.keyboard.type('\nbroken: a: b');
  const form = tokenEditorPage(editor);
  const banner = form.locator('#read-only');
  await banner.waitFor({ timeout: timeouts.ui });
  assert.match(await banner.innerText(), /line \d+/);
  assert.equal(await form.locator('#sign').getAttribute('disabled'), '', 'Sign is disabled');
  await editor.screenshot('token-editor-read-only');
  await expectNoErrors(editor);
});

journey('token editor: a team preset from .vscode/jwt-presets drives the form; an enum claim is set from its list', { fixture: 'profiles' }, async (editor) => {
  await editor.waitForActivation();
  const page = await openInTokenEditor(editor, 'acme.jwt.yaml');
  const plan = page.locator('#claim-value-plan');
  await plan.waitFor({ timeout: timeouts.ui });
  assert.equal(await valueOf(page.locator('#preset')), 'acme-sso');
  assert.match(await page.locator('body').innerText(), /Acme portal SSO \(team preset\)/);
  assert.match(await page.locator('[role="listitem"][aria-label="Claim email"]').innerText(), /required/);
  // Enum selects hold each member as JSON, so lists of numbers work the same way.
  assert.equal(JSON.parse(await valueOf(plan)), 'pro');

  await chooseOption(page, '#claim-value-plan', 'enterprise');
  await poll('the chosen plan in the form', timeouts.ui, async () => JSON.parse(await valueOf(plan)) === 'enterprise');
  const yaml = await yamlBeside(editor, page);
  assert.match(yaml, /^ {2}plan: enterprise$/m);
  assert.match(yaml, /^# Single sign-on into the Acme portal, from the team's own preset\.$/m);
  await expectNoErrors(editor);
});
