// Drives JWT Studio inside a real VS Code workbench (code-server) through
// Debian's Chromium. Each journey gets its own code-server with a fresh
// user-data dir, extensions dir and copy of a fixture workspace under
// .e2e/<journey>/, and everything is torn down even when the journey fails.
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { test } from 'node:test';
import { chromium } from 'playwright-core';
import type { Browser, BrowserContext, Locator, Page } from 'playwright-core';
import {
  chromiumArgs,
  chromiumPath,
  editorLabel,
  ensureEditorHost,
  extensionFolderName,
  extensionId,
  installVsix,
  linkDevelopmentExtension,
  projectRoot,
  selectedEditor,
  startCodeServer,
  writeUserSettings,
} from '../../scripts/editor-host.mjs';
import type { CodeServer } from '../../scripts/editor-host.mjs';

/** The editor this run drives (JWT_STUDIO_EDITOR, newest by default); journeys on the oldest keep their files apart. */
export const editor = selectedEditor();
const editorFolder = editor.id === 'newest' ? '' : editor.id;
export const e2eRoot = join(projectRoot, '.e2e', editorFolder);
export const screenshotDir = join(projectRoot, 'test-results', 'screenshots', editorFolder);
export const readmeScreenshotDir = join(screenshotDir, 'readme');
const fixturesRoot = join(projectRoot, 'test', 'e2e', 'fixtures');

/** Generous bounds for a 2-core machine; every wait polls a condition within them. */
export const timeouts = { workbench: 60_000, activation: 30_000, ui: 15_000 };

export interface EditorOptions {
  /** Names the journey's folder under .e2e/ and its screenshot. */
  name: string;
  /** `samples` (the demo workspace) or a folder name under test/e2e/fixtures/. */
  fixture?: string;
  /** Install this packaged extension instead of loading the project folder. */
  vsix?: string;
  viewport?: { width: number; height: number };
  settings?: Record<string, unknown>;
  /**
   * Extra files written into the copy of the fixture before the editor starts
   * (workspace-relative path → text): for files too large or too odd to commit.
   * A file written after the editor starts may not show in Quick Open until its
   * file watcher catches up.
   */
  files?: Record<string, string>;
  /** Also save the end state as test-results/screenshots/readme/<readmeImage>.png for `npm run screenshots`. */
  readmeImage?: string;
  /** Part of the smoke set that also runs on the oldest editor. */
  smoke?: boolean;
}

export interface Notification {
  severity: 'error' | 'warning' | 'info';
  message: string;
}

export class EditorSession {
  /** Workspace-relative path of the file opened last with openFile(). */
  private currentFile: string | undefined;

  private constructor(
    readonly name: string,
    readonly dir: string,
    readonly workspace: string,
    readonly userDataDir: string,
    readonly host: CodeServer,
    private readonly browser: Browser,
    readonly context: BrowserContext,
    readonly page: Page,
    private readonly browserLog: string[],
  ) {}

  static async launch(options: EditorOptions): Promise<EditorSession> {
    ensureEditorHost();
    const dir = join(e2eRoot, options.name);
    rmSync(dir, { recursive: true, force: true });
    const userDataDir = join(dir, 'user-data');
    const extensionsDir = join(dir, 'extensions');
    mkdirSync(extensionsDir, { recursive: true });
    writeUserSettings(userDataDir, options.settings);
    if (options.vsix) installVsix(options.vsix, { userDataDir, extensionsDir });
    else linkDevelopmentExtension(extensionsDir);

    const fixture = options.fixture ?? 'basic';
    const source = fixture === 'samples' ? join(projectRoot, 'samples') : join(fixturesRoot, fixture);
    if (!existsSync(source)) throw new Error(`no fixture workspace at ${source}`);
    // The folder name shows in the explorer, so keep the fixture's own.
    const workspace = join(dir, 'workspace', fixture === 'samples' ? 'jwt-studio-demo' : fixture);
    cpSync(source, workspace, { recursive: true });
    for (const [relativePath, text] of Object.entries(options.files ?? {})) {
      mkdirSync(dirname(join(workspace, relativePath)), { recursive: true });
      writeFileSync(join(workspace, relativePath), text);
    }

    const host = await startCodeServer({ userDataDir, extensionsDir, workspace, logFile: join(dir, 'code-server.log') });
    let browser: Browser | undefined;
    let session: EditorSession | undefined;
    try {
      browser = await chromium.launch({ executablePath: chromiumPath, args: chromiumArgs, headless: true });
      const context = await browser.newContext({
        viewport: options.viewport ?? { width: 1280, height: 800 },
        deviceScaleFactor: 1,
      });
      await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: host.url.replace(/\/$/, '') });
      // Toasts hide themselves after a while; record every one as it appears
      // so a journey can assert on notifications it did not watch live.
      await context.addInitScript({ content: toastRecorder });
      const page = await context.newPage();
      const browserLog: string[] = [];
      page.on('console', (message) => {
        if (message.type() === 'error' || message.type() === 'warning') browserLog.push(`[${message.type()}] ${message.text()}`);
      });
      page.on('pageerror', (error) => browserLog.push(`[pageerror] ${error.message}`));
      session = new EditorSession(options.name, dir, workspace, userDataDir, host, browser, context, page, browserLog);
      await page.goto(host.folderUrl(workspace));
      await page.waitForSelector('.monaco-workbench', { timeout: timeouts.workbench });
      // The explorer shows the folder once the remote file system is wired up.
      await page.locator('.explorer-folders-view, .explorer-viewlet').first().waitFor({ timeout: timeouts.workbench });
      return session;
    } catch (error) {
      // A workbench that never came up is a failure too: show why.
      const shot = await session?.screenshot(`${options.name}.failed`).catch(() => undefined);
      const logs = session?.diagnostics() ?? tail(existsSync(join(dir, 'code-server.log')) ? readFileSync(join(dir, 'code-server.log'), 'utf8') : '', 40);
      console.error(`\n✗ the editor for ${options.name} did not start${shot ? `; screenshot: ${shot}` : ''}\n${logs}\n`);
      await browser?.close().catch(() => undefined);
      await host.stop();
      throw error;
    }
  }

  /** Logs of this session, newest run folder first. */
  private logsDir(): string | undefined {
    const root = join(this.userDataDir, 'logs');
    if (!existsSync(root)) return undefined;
    const runs = readdirSync(root).sort().reverse();
    return runs[0] ? join(root, runs[0]) : undefined;
  }

  extensionHostLogFile(): string | undefined {
    const logs = this.logsDir();
    if (!logs) return undefined;
    for (const entry of readdirSync(logs)) {
      const file = join(logs, entry, 'remoteexthost.log');
      if (entry.startsWith('exthost') && existsSync(file)) return file;
    }
    return undefined;
  }

  /** The file behind the "JWT Studio" log output channel, once the extension has written to it. */
  extensionLogFile(): string | undefined {
    const hostLog = this.extensionHostLogFile();
    if (!hostLog) return undefined;
    const folder = join(hostLog, '..', extensionId());
    if (!existsSync(folder)) return undefined;
    const file = readdirSync(folder).find((name) => name.endsWith('.log'));
    return file ? join(folder, file) : undefined;
  }

  extensionLog(): string {
    const file = this.extensionLogFile();
    return file ? readFileSync(file, 'utf8') : '';
  }

  extensionHostLog(): string {
    const file = this.extensionHostLogFile();
    return file ? readFileSync(file, 'utf8') : '';
  }

  codeServerLog(): string {
    const file = join(this.dir, 'code-server.log');
    return existsSync(file) ? readFileSync(file, 'utf8') : '';
  }

  /** Waits until the extension host has activated JWT Studio; fails on an activation error. */
  async waitForActivation(): Promise<void> {
    const id = extensionId();
    await poll(`extension ${id} to activate`, timeouts.activation, () => {
      const hostLog = this.extensionHostLog();
      const failed = activationFailure(hostLog, id);
      if (failed) throw new Error(`activation of ${id} failed:\n${failed}`);
      return hostLog.includes(`_doActivateExtension ${id}`) && this.extensionLogFile() !== undefined;
    });
  }

  /** Lines of the extension's log channel at error level. */
  extensionLogErrors(): string[] {
    return this.extensionLog().split('\n').filter((line) => /\[error\]/.test(line));
  }

  /** Error entries of the extension host log that concern this extension (activation failures, uncaught errors). */
  extensionHostErrors(): string[] {
    const markers = [extensionId(), extensionFolderName(), join(projectRoot, 'dist', 'extension.js')];
    return errorEntries(this.extensionHostLog()).filter((entry) => markers.some((marker) => entry.includes(marker)));
  }

  /** Every notification toast seen since the page loaded, plus those on screen now. */
  async notifications(): Promise<Notification[]> {
    const seen = await this.page.evaluate('globalThis.__jwtStudioToasts');
    if (!Array.isArray(seen)) throw new Error('the notification recorder is not running in the page');
    return seen as Notification[];
  }

  /** Focuses the workbench so keyboard shortcuts reach it rather than the browser. */
  private async focusWorkbench(): Promise<void> {
    await this.page.locator('.monaco-workbench').focus().catch(() => undefined);
  }

  /** Opens a workspace file through Quick Open (Ctrl+P) and waits for its editor. */
  async openFile(relativePath: string): Promise<Locator> {
    const fileName = basename(relativePath);
    const row = this.page.locator('.quick-input-list .monaco-list-row', { hasText: fileName }).first();
    // Quick Open caches its file list while it is open, and a file written a
    // moment ago may be missing from it: close it and ask again until it shows.
    await poll(`${relativePath} in Quick Open`, timeouts.ui, async () => {
      await this.focusWorkbench();
      const input = await this.openQuickInput('Control+P');
      await input.fill(relativePath);
      if (await row.waitFor({ timeout: 3_000 }).then(() => true, () => false)) return true;
      await this.page.keyboard.press('Escape');
      return false;
    });
    await this.page.keyboard.press('Enter');
    await this.page.locator('.quick-input-widget').waitFor({ state: 'hidden', timeout: timeouts.ui });
    await this.page.locator('.tabs-container .tab.active', { hasText: fileName }).waitFor({ timeout: timeouts.ui });
    const editor = this.activeEditor();
    await editor.locator('.view-lines .view-line').first().waitFor({ timeout: timeouts.ui });
    this.currentFile = relativePath;
    return editor;
  }

  /** The text editor of the active editor group. */
  activeEditor(): Locator {
    return this.page.locator('.editor-group-container.active .monaco-editor').first();
  }

  private async openQuickInput(shortcut: string): Promise<Locator> {
    const input = this.page.locator('.quick-input-widget .quick-input-box input');
    // The first key press can land before the workbench has bound its
    // keybindings, so retry until the widget shows.
    await poll(`the quick input (${shortcut})`, timeouts.ui, async () => {
      if (await input.isVisible()) return true;
      await this.page.keyboard.press(shortcut);
      return input.waitFor({ state: 'visible', timeout: 1_000 }).then(() => true, () => false);
    });
    return input;
  }

  /**
   * Runs a command by its palette title (e.g. "JWT: Decode Token"), as a person would with F1.
   * `{ opensInput: true }` for commands that show their own quick input straight away.
   */
  async runCommand(title: string, { opensInput = false } = {}): Promise<void> {
    await this.focusWorkbench();
    const input = await this.openQuickInput('F1');
    await input.fill(`>${title}`);
    const row = this.page
      .locator('.quick-input-list .monaco-list-row')
      .filter({ has: this.page.locator('.monaco-highlighted-label', { hasText: title }) })
      .first();
    await row.waitFor({ timeout: timeouts.ui });
    await row.click();
    if (opensInput) return;
    await this.page.locator('.quick-input-widget').waitFor({ state: 'hidden', timeout: timeouts.ui });
  }

  /**
   * Puts the cursor just inside the first occurrence of `text` in the file
   * opened last (with Go to Line/Column, which scrolls no more than needed)
   * and returns the on-screen box of the cursor.
   */
  async revealText(text: string): Promise<Box> {
    if (!this.currentFile) throw new Error('revealText needs a file opened with openFile()');
    const content = readFileSync(join(this.workspace, this.currentFile), 'utf8');
    const index = content.indexOf(text);
    if (index < 0) throw new Error(`${this.currentFile} does not contain ${JSON.stringify(text.slice(0, 60))}`);
    const before = content.slice(0, index).split('\n');
    const line = before.length;
    const column = (before.at(-1)?.length ?? 0) + 2; // 1-based, one character in
    // Click inside the visible text area: `.view-lines` is as wide as the longest line, and clicking its
    // centre made the browser scroll the editor's DOM behind Monaco's back, leaving the text off screen.
    await this.activeEditor().locator('.overflow-guard').click();
    const input = await this.openQuickInput('Control+G');
    await input.fill(`:${line}:${column}`);
    await this.page.keyboard.press('Enter');
    await this.page.locator('.quick-input-widget').waitFor({ state: 'hidden', timeout: timeouts.ui });
    await this.page.locator('.statusbar-item', { hasText: `Ln ${line}, Col ${column}` }).waitFor({ timeout: timeouts.ui });
    const cursor = this.activeEditor().locator('.cursors-layer .cursor').first();
    return poll('the cursor to be on screen', timeouts.ui, async () => {
      const box = await cursor.boundingBox();
      return box && box.height > 0 ? box : undefined;
    });
  }

  /** Whether the cursor is still drawn where `target` was worked out from (the view has not scrolled since), inside the visible text. */
  private async cursorAt(target: { x: number; y: number }): Promise<boolean> {
    const editor = this.activeEditor();
    const [box, view] = await Promise.all([editor.locator('.cursors-layer .cursor').first().boundingBox(), editor.locator('.overflow-guard').boundingBox()]);
    if (!box || !view || box.height <= 0 || box.x < view.x || box.x > view.x + view.width) return false;
    return Math.abs(box.x + 4 - target.x) < 2 && Math.abs(box.y + box.height / 2 - target.y) < 2;
  }

  /** Scrolls the active editor so the cursor's line sits two lines below its top, leaving room under it. */
  private async scrollCursorNearTop(cursor: Box): Promise<Box> {
    const editor = this.activeEditor();
    const top = (await editor.locator('.overflow-guard').boundingBox())?.y ?? 0;
    const delta = cursor.y - top - 2 * cursor.height;
    if (delta <= 0) return cursor;
    // Ctrl+Down scrolls the view one line without moving the cursor.
    for (let line = 0; line < Math.round(delta / cursor.height); line += 1) await this.page.keyboard.press('Control+ArrowDown');
    const caret = editor.locator('.cursors-layer .cursor').first();
    return poll('the editor to scroll', timeouts.ui, async () => {
      const box = await caret.boundingBox();
      return box && box.y < cursor.y - delta / 2 ? box : undefined;
    });
  }

  /**
   * Moves the mouse onto `text` in the active editor and waits for a hover
   * whose text contains `expected`; `nearTop` first scrolls the text up so a
   * hover below it has room to grow.
   */
  async hoverText(text: string, expected: string | RegExp, { nearTop = false } = {}): Promise<Locator> {
    const place = async (): Promise<{ x: number; y: number }> => {
      let cursor = await this.revealText(text);
      if (nearTop) cursor = await this.scrollCursorNearTop(cursor);
      // The cursor sits after the first character, so just right of it is the second.
      return { x: cursor.x + 4, y: cursor.y + cursor.height / 2 };
    };
    let target = await place();
    const hover = this.page.locator('.monaco-hover:not(.hidden)').first();
    const matches = (shown: string): boolean => (typeof expected === 'string' ? shown.includes(expected) : expected.test(shown));
    let shown = '';
    let tries = 0;
    await poll(`a hover containing ${String(expected)}`, timeouts.ui, async () => {
      // A view that scrolled since (a late layout on a long line) leaves the text elsewhere: find it again.
      if (tries++ > 0 && !(await this.cursorAt(target))) target = await place();
      // Move off the text and back so each try is a fresh hover request.
      await this.page.mouse.move(target.x, Math.max(target.y - 200, 5));
      await this.page.mouse.move(target.x, target.y, { steps: 4 });
      const visible = await hover.waitFor({ state: 'visible', timeout: 3_000 }).then(() => true, () => false);
      if (!visible) return false;
      // Hovers fill in as providers answer; give the text a moment to arrive.
      return poll('hover text', 2_000, async () => {
        shown = normalize(await hover.innerText().catch(() => ''));
        return matches(shown);
      }).catch(() => false);
    }).catch((error: unknown) => {
      throw new Error(`${error instanceof Error ? error.message : String(error)}; last hover shown: ${JSON.stringify(shown)}`);
    });
    return hover;
  }

  /**
   * Drags the open hover's free edge until its whole content shows (as far
   * as the window allows), the way a person resizes a hover that scrolls.
   */
  async expandHover(): Promise<void> {
    const resizable = this.page.locator('.monaco-resizable-hover').filter({ has: this.page.locator('.monaco-hover:not(.hidden)') }).first();
    const content = resizable.locator('.monaco-hover-content').first();
    // A widget that shows up late (the code-action light bulb) can close the hover first: say so at once.
    if (!(await resizable.isVisible())) throw new HoverClosed();
    const closed = (): never => {
      throw new HoverClosed();
    };
    const missing = await content.evaluate((node) => node.scrollHeight - node.clientHeight, undefined, { timeout: 2_000 }).catch(closed);
    if (missing <= 0) return;
    const box = await resizable.boundingBox({ timeout: 2_000 }).catch(closed);
    if (!box) return;
    // The free edge is the one away from the text: the top when the hover sits above it.
    const up = (await resizable.locator(':scope > .monaco-sash.orthogonal-edge-north:not(.disabled)').count()) > 0;
    const x = box.x + box.width / 2;
    const edge = up ? box.y + 1 : box.y + box.height - 1;
    const to = up ? edge - missing - 8 : edge + missing + 8;
    // Stay inside the hover all the way, or it closes.
    await this.page.mouse.move(x, up ? edge + 20 : edge - 20, { steps: 2 });
    await this.page.mouse.move(x, edge, { steps: 2 });
    await this.page.mouse.down();
    await this.page.mouse.move(x, to, { steps: 8 });
    await this.page.mouse.up();
    await this.page.mouse.move(x, up ? to + 20 : to - 20, { steps: 2 });
    await poll('the hover to grow', timeouts.ui, async () => {
      const grown = await resizable.boundingBox();
      return grown !== null && grown.height > box.height + missing / 2;
    });
  }

  /**
   * Waits, within a bound and without failing, for the status bar to stop
   * showing background work (extensions activating, TypeScript analysing),
   * so screenshots show the editor at rest.
   */
  async settle(timeoutMs = 10_000): Promise<void> {
    const busy = this.page.locator('.statusbar .codicon-loading, .statusbar .codicon-modifier-spin');
    await poll('the status bar to be idle', timeoutMs, async () => (await busy.count()) === 0).catch(() => undefined);
  }

  /** Saves the page as `<dir>/<name>.png` (test-results/screenshots/ by default) and returns the path. */
  async screenshot(name = this.name, dir = screenshotDir): Promise<string> {
    mkdirSync(dir, { recursive: true });
    const file = join(dir, `${name}.png`);
    await this.page.screenshot({ path: file });
    return file;
  }

  /** The last lines of every log that helps explain a failure. */
  diagnostics(lines = 40): string {
    const parts = [
      ['code-server output', this.codeServerLog()],
      [`extension log (${this.extensionLogFile() ?? 'not written'})`, this.extensionLog()],
      [`extension host log (${this.extensionHostLogFile() ?? 'not written'})`, this.extensionHostLog()],
      ['browser console errors', this.browserLog.join('\n')],
    ];
    return parts.map(([title, text]) => `── ${title} ──\n${tail(text ?? '', lines)}`).join('\n');
  }

  /** What the workbench shows (tabs by group, notifications, the open quick input), for a failure report. */
  async workbenchState(): Promise<string> {
    const texts = (selector: string): Promise<string[]> =>
      this.page.locator(selector).allInnerTexts().then((all) => all.map((t) => t.replace(/\s+/g, ' ').trim()), () => []);
    const groups = await this.page.locator('.editor-group-container').evaluateAll((els) =>
      els.map((el) => [...el.querySelectorAll('.tabs-container .tab')].map((tab) => `${tab.classList.contains('active') ? '*' : ''}${(tab.textContent ?? '').trim()}`)),
    ).catch(() => []);
    const lines = [
      `tabs by group (* active): ${JSON.stringify(groups)}`,
      `notifications: ${JSON.stringify(await texts('.notification-toast .notification-list-item-message'))}`,
      `quick input: ${JSON.stringify(await texts('.quick-input-widget:visible .quick-input-title, .quick-input-widget:visible .monaco-list-row'))}`,
      `webview frames: ${await this.page.locator('iframe.webview').count()} (ready and visible: ${await this.page.locator('iframe.webview.ready >> visible=true').count()})`,
    ];
    return `── workbench ──\n${lines.join('\n')}`;
  }

  async close(): Promise<void> {
    await this.browser.close().catch(() => undefined);
    await this.host.stop();
    rmSync(join(this.dir, 'workspace'), { recursive: true, force: true });
  }
}

/** Runs `check` until it returns a truthy value or `timeoutMs` passes; errors thrown by `check` end the wait. */
/** The hover closed before it could be resized; hover again. */
export class HoverClosed extends Error {
  constructor() {
    super('the hover closed before it could be expanded');
  }
}

/**
 * The text a locator shows now, or '' when nothing matches: for polls, which
 * must not wait out Playwright's action timeout on an element not there yet.
 */
export async function textNow(locator: Locator): Promise<string> {
  if ((await locator.count()) === 0) return '';
  return locator.first().innerText({ timeout: 1_000 }).catch(() => '');
}

export async function poll<T>(what: string, timeoutMs: number, check: () => T | Promise<T>, intervalMs = 200): Promise<NonNullable<T>> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value) return value as NonNullable<T>;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, intervalMs));
  }
}

type Box = { x: number; y: number; width: number; height: number };

/**
 * Toasts hide themselves after a while; this records every one as it
 * appears so a journey can assert on notifications it did not watch live.
 */
const toastRecorder = `(() => {
  const seen = [];
  globalThis.__jwtStudioToasts = seen;
  const record = (item) => {
    const cls = (item.querySelector('.notification-list-item-icon') || {}).className || '';
    const severity = /error/.test(cls) ? 'error' : /warning/.test(cls) ? 'warning' : 'info';
    const messageNode = item.querySelector('.notification-list-item-message');
    const message = (messageNode ? messageNode.textContent : item.textContent) || '';
    if (!seen.some((s) => s.message === message && s.severity === severity)) seen.push({ severity, message });
  };
  new MutationObserver(() => {
    document.querySelectorAll('.notification-toast .notification-list-item').forEach(record);
  }).observe(document, { childList: true, subtree: true });
})();`;

/** `[error]` entries of a VS Code log, each with the stack lines that follow it. */
function errorEntries(log: string): string[] {
  const entries: string[] = [];
  let current: string[] | undefined;
  for (const line of log.split('\n')) {
    if (/^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d\.\d{3} \[/.test(line)) {
      if (current) entries.push(current.join('\n'));
      current = line.includes('[error]') ? [line] : undefined;
    } else if (current) {
      current.push(line);
    }
  }
  if (current) entries.push(current.join('\n'));
  return entries;
}

function activationFailure(hostLog: string, id: string): string | undefined {
  const lines = hostLog.split('\n');
  const index = lines.findIndex((line) => line.includes(`Activating extension ${id} failed`));
  return index < 0 ? undefined : lines.slice(index, index + 12).join('\n');
}

/** Text as rendered, with Monaco's non-breaking spaces made plain. */
export function normalize(text: string): string {
  return text.replace(/\u00a0/g, ' ');
}

function tail(text: string, lines: number): string {
  const all = text.trimEnd().split('\n');
  return all.slice(-lines).join('\n') || '(empty)';
}

/** Milliseconds each journey took, printed at the end of the run. */
export const journeyTimes = new Map<string, number>();

/**
 * A node:test test around one editor session: launches it, runs `body`,
 * saves the end-state screenshot, and on failure prints the tails of the
 * editor's and the extension's logs. The session is always torn down.
 */
/**
 * One journey in a fresh editor. On the newest editor every journey runs; on
 * the oldest only the smoke set (`smoke: true`). The test's name says which
 * editor it ran on, so a failure names the version.
 */
export function journey(name: string, options: Omit<EditorOptions, 'name'>, body: (editor: EditorSession) => Promise<void>): void {
  if (editor.id !== 'newest' && !options.smoke) return;
  const label = `${name} [${editorLabel(editor)}]`;
  test(label, async () => {
    const started = Date.now();
    const slug = name.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '');
    const session = await EditorSession.launch({ ...options, name: slug });
    try {
      await body(session);
      await session.settle();
      await session.screenshot(slug);
      if (options.readmeImage && editor.id === 'newest') await session.screenshot(options.readmeImage, readmeScreenshotDir);
    } catch (error) {
      const shot = await session.screenshot(`${slug}.failed`).catch(() => undefined);
      const state = await session.workbenchState().catch((e: unknown) => `── workbench ──\n(not read: ${String(e)})`);
      console.error(`\n✗ ${label} failed${shot ? `; screenshot: ${shot}` : ''}\n${state}\n${session.diagnostics()}\n`);
      throw error;
    } finally {
      await session.close();
      journeyTimes.set(label, Date.now() - started);
      console.log(`  ${label}: ${((Date.now() - started) / 1000).toFixed(1)} s`);
    }
  });
}

/**
 * The packaged extension: JWT_STUDIO_VSIX when set, else a fresh
 * `npm run package`. Packaging minifies dist/, so the development build is
 * restored afterwards for the journeys that load the project folder.
 */
export function packagedVsix(): string {
  if (process.env.JWT_STUDIO_VSIX) return process.env.JWT_STUDIO_VSIX;
  const vsix = join(projectRoot, 'dist', 'jwt-studio.vsix');
  rmSync(vsix, { force: true });
  const run = spawnSync('npm', ['run', 'package'], { cwd: projectRoot, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
  const rebuilt = spawnSync(process.execPath, ['scripts/build.mjs'], { cwd: projectRoot, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
  if (run.status !== 0 || !existsSync(vsix) || statSync(vsix).size === 0) {
    throw new Error(`npm run package failed (exit ${run.status}):\n${tail(`${run.stdout}${run.stderr}`, 40)}`);
  }
  if (rebuilt.status !== 0) throw new Error(`node scripts/build.mjs failed after packaging:\n${tail(`${rebuilt.stdout}${rebuilt.stderr}`, 40)}`);
  return vsix;
}
