// The `*.jwt.yaml` profile adapter: diagnostics, completions, hovers, CodeLens
// and the sign / embed commands. It is a bundle of its own (dist/profiles.js)
// because the YAML parser and the schema validator it needs would more than
// double the size of the main bundle, and most windows never open a profile.

import * as vscode from 'vscode';
import { readFile, stat } from 'node:fs/promises';
import { buildTokenRequest, checkPreset, completionsAt, encryptToken, escapeMarkdown, hoverAt, listPresets, newProfileTemplate, parseProfile, renderEmbed, signToken } from '../core';
import type { Completion, Preset, ProfileDiagnostic, ProfileKeyInfo, ProfileParse } from '../core';
import { keyName } from '../core/keys/names';
import type { KeyRingReader } from '../keys/keyRingApi';
import { TokenEditorProvider } from '../tokenEditor/provider';
import { closeTextTabs } from '../tokenEditor/textTabs';
import { Views } from '../commands/ids';
import { isProfileUri, profileDisplayName } from './profileFiles';
import type { OutputAction } from '../shared/protocol';
import { readConfig } from '../config';

export const PROFILE_SELECTOR: vscode.DocumentSelector = { pattern: '**/*.jwt.yaml' };
const USER_PRESETS_GLOB = '.vscode/jwt-presets/*.yaml';
/** A preset is a few hundred lines; a larger file in a workspace is not even read. */
const MAX_PRESET_FILE_BYTES = 1_000_000;
const CONFIRMED_HOSTS_KEY = 'jwtStudio.confirmedEmbedHosts';
const DIAGNOSTIC_DELAY_MS = 300;

/** What the main bundle calls; every command takes an optional document URI (CodeLens passes one). */
export interface ProfilesApi extends vscode.Disposable {
  signToken(uri?: vscode.Uri): Promise<void>;
  copyEmbedUrl(uri?: vscode.Uri): Promise<void>;
  copyEmbedSnippet(uri?: vscode.Uri): Promise<void>;
  openEmbedUrl(uri?: vscode.Uri): Promise<void>;
  newProfile(): Promise<void>;
  /** The Token Editor, registered by the main bundle at start and resolved here on first use. */
  readonly tokenEditor: vscode.CustomTextEditorProvider;
}

export function isProfileDocument(document: vscode.TextDocument): boolean {
  return isProfileUri(document.uri);
}

export interface ProfileCommandIds {
  signToken: string;
  copyEmbedUrl: string;
  copyEmbedSnippet: string;
  openTokenEditor: string;
}

// The main bundle's log channel, handed over so both bundles write to one channel.
let channel: vscode.LogOutputChannel | undefined;
function log(): vscode.LogOutputChannel {
  if (!channel) throw new Error('activateProfiles has not run');
  return channel;
}

/** Thrown for failures the user can fix; the message says how. */
class ProfileError extends Error {}

export function activateProfiles(context: vscode.ExtensionContext, keyRing: KeyRingReader, commandIds: ProfileCommandIds, logChannel: vscode.LogOutputChannel): ProfilesApi {
  channel = logChannel;
  return new Profiles(context, keyRing, commandIds);
}

class Profiles implements ProfilesApi {
  private readonly disposables: vscode.Disposable[] = [];
  private readonly collection = vscode.languages.createDiagnosticCollection('jwt-profile');
  /** Why a workspace preset was refused (or what is doubtful in it), on the preset file itself. */
  private readonly presetProblems = vscode.languages.createDiagnosticCollection('jwt-presets');
  private readonly timers = new Map<string, ReturnType<typeof setTimeout>>();
  private userPresets: Preset[] = [];
  private presets: Preset[] = listPresets();
  private readonly lensChanged = new vscode.EventEmitter<void>();
  readonly tokenEditor: TokenEditorProvider;

  constructor(
    private readonly context: vscode.ExtensionContext,
    private readonly keyRing: KeyRingReader,
    private readonly ids: ProfileCommandIds,
  ) {
    this.disposables.push(
      this.collection,
      this.presetProblems,
      this.lensChanged,
      vscode.workspace.onDidOpenTextDocument((doc) => this.schedule(doc, 0)),
      vscode.workspace.onDidChangeTextDocument((event) => this.schedule(event.document, DIAGNOSTIC_DELAY_MS)),
      vscode.workspace.onDidCloseTextDocument((doc) => {
        this.cancel(doc);
        this.collection.delete(doc.uri);
      }),
      keyRing.onDidChange(() => this.refreshAll()),
      vscode.languages.registerCompletionItemProvider(PROFILE_SELECTOR, { provideCompletionItems: (doc, pos) => this.completions(doc, pos) }, ':', ' ', '-'),
      vscode.languages.registerHoverProvider(PROFILE_SELECTOR, { provideHover: (doc, pos) => this.hover(doc, pos) }),
      vscode.languages.registerCodeLensProvider(PROFILE_SELECTOR, { onDidChangeCodeLenses: this.lensChanged.event, provideCodeLenses: (doc) => this.lenses(doc) }),
    );
    this.tokenEditor = new TokenEditorProvider(context.extensionUri, {
      keyRing,
      presets: () => this.presets,
      keys: () => this.keyInfos(),
      onDidChange: this.lensChanged.event,
      sign: (doc) => this.sign(doc),
      output: (doc, action, snippet) => this.output(doc, action, snippet),
      describeFailure: (what, error) => describeFailure(what, error),
      log: log(),
    });
    this.disposables.push(this.tokenEditor);
    this.watchUserPresets();
    this.refreshAll();
  }

  dispose(): void {
    for (const timer of this.timers.values()) clearTimeout(timer);
    this.timers.clear();
    for (const d of this.disposables) d.dispose();
  }

  // ---- presets and keys

  private keyInfos(): ProfileKeyInfo[] {
    return this.keyRing.entries().map((e) => ({ id: e.id, alg: e.alg, use: e.use, kty: e.kty, hasPrivate: e.hasPrivate, kid: e.kid, ...(e.kidGiven !== undefined ? { kidGiven: e.kidGiven } : {}) }));
  }

  private context_(): { presets: Preset[]; keys: ProfileKeyInfo[] } {
    return { presets: this.presets, keys: this.keyInfos() };
  }

  private watchUserPresets(): void {
    if (!vscode.workspace.workspaceFolders?.length) return;
    const watcher = vscode.workspace.createFileSystemWatcher(USER_PRESETS_GLOB);
    const reload = (): void => void this.loadUserPresets();
    this.disposables.push(watcher, watcher.onDidChange(reload), watcher.onDidCreate(reload), watcher.onDidDelete(reload));
    reload();
  }

  private async loadUserPresets(): Promise<void> {
    try {
      const files = await vscode.workspace.findFiles(USER_PRESETS_GLOB, undefined, 50);
      const loaded: Preset[] = [];
      const problems: [vscode.Uri, vscode.Diagnostic[]][] = [];
      for (const uri of files) {
        // Only local files: presets are read with fs, which needs a real path.
        if (uri.scheme !== 'file') continue;
        const name = vscode.workspace.asRelativePath(uri);
        const size = await stat(uri.fsPath).then((s) => s.size, () => undefined);
        if (size === undefined) continue;
        if (size > MAX_PRESET_FILE_BYTES) {
          const message = `This preset is ${(size / 1e6).toFixed(1)} MB and was not read: a preset is a few hundred lines (at most 1 MB).`;
          problems.push([uri, presetDiagnostics('', [{ start: 0, end: 0, severity: 'error', code: 'TOO_LARGE', message }])]);
          log().warn(`Preset ${name} was skipped: over 1 MB`);
          continue;
        }
        const text = await readFile(uri.fsPath, 'utf8').catch(() => undefined);
        if (text === undefined) continue;
        const checked = checkPreset(text, name);
        problems.push([uri, presetDiagnostics(text, checked.diagnostics)]);
        if (checked.preset) loaded.push(checked.preset);
        else log().warn(`Preset ${name} was skipped: ${firstError(checked.diagnostics)}`);
      }
      this.presetProblems.clear();
      this.presetProblems.set(problems);
      this.userPresets = loaded;
      this.presets = listPresets(this.userPresets);
      this.refreshAll();
    } catch (error) {
      log().error('Reading user presets failed', error);
    }
  }

  // ---- diagnostics

  private refreshAll(): void {
    for (const doc of vscode.workspace.textDocuments) this.schedule(doc, 0);
    this.lensChanged.fire();
  }

  private cancel(doc: vscode.TextDocument): void {
    const key = doc.uri.toString();
    const timer = this.timers.get(key);
    if (timer) clearTimeout(timer);
    this.timers.delete(key);
  }

  private schedule(doc: vscode.TextDocument, delay: number): void {
    if (!isProfileDocument(doc)) return;
    this.cancel(doc);
    const key = doc.uri.toString();
    this.timers.set(
      key,
      setTimeout(() => {
        this.timers.delete(key);
        if (!doc.isClosed) this.collection.set(doc.uri, this.parse(doc).diagnostics.map((d) => toDiagnostic(doc, d)));
      }, delay),
    );
  }

  private parse(doc: vscode.TextDocument): ProfileParse {
    return parseProfile(doc.getText(), this.context_());
  }

  // ---- completions and hovers

  private completions(doc: vscode.TextDocument, position: vscode.Position): vscode.CompletionItem[] {
    const offset = doc.offsetAt(position);
    return completionsAt(doc.getText(), offset, this.context_()).map((c) => toCompletionItem(doc, position, c));
  }

  private hover(doc: vscode.TextDocument, position: vscode.Position): vscode.Hover | undefined {
    const found = hoverAt(doc.getText(), doc.offsetAt(position), this.context_());
    if (!found) return undefined;
    // The core already escaped the text; keep links and HTML inert anyway.
    const markdown = new vscode.MarkdownString(found.markdownSafeText);
    markdown.isTrusted = false;
    markdown.supportHtml = false;
    return new vscode.Hover(markdown, new vscode.Range(doc.positionAt(found.range.start), doc.positionAt(found.range.end)));
  }

  private lenses(doc: vscode.TextDocument): vscode.CodeLens[] {
    const top = new vscode.Range(0, 0, 0, 0);
    const args = [doc.uri];
    const lenses = [
      new vscode.CodeLens(top, { title: 'Open in Token Editor', command: this.ids.openTokenEditor, arguments: args }),
      new vscode.CodeLens(top, { title: 'Sign & Copy Token', command: this.ids.signToken, arguments: args }),
    ];
    const { preset } = this.parse(doc);
    if (preset?.embed?.url) lenses.push(new vscode.CodeLens(top, { title: 'Copy Embed URL', command: this.ids.copyEmbedUrl, arguments: args }));
    if (preset?.embed?.snippets && Object.keys(preset.embed.snippets).length > 0) {
      lenses.push(new vscode.CodeLens(top, { title: 'Copy Snippet', command: this.ids.copyEmbedSnippet, arguments: args }));
    }
    return lenses;
  }

  // ---- commands

  async signToken(uri?: vscode.Uri): Promise<void> {
    await this.command('Sign Token', uri, 'copyToken');
  }

  async copyEmbedUrl(uri?: vscode.Uri): Promise<void> {
    await this.command('Copy Embed URL', uri, 'copyUrl');
  }

  async openEmbedUrl(uri?: vscode.Uri): Promise<void> {
    await this.command('Open Embed URL', uri, 'openUrl');
  }

  async copyEmbedSnippet(uri?: vscode.Uri): Promise<void> {
    await this.command('Copy Embed Snippet', uri, 'copySnippet');
  }

  private async command(what: string, uri: vscode.Uri | undefined, action: OutputAction): Promise<void> {
    await this.run(what, async () => {
      const message = await this.output(await this.profileDocument(uri), action);
      if (message && action !== 'openUrl') void vscode.window.showInformationMessage(`JWT Studio: ${message}`);
    });
  }

  /** Signs a fresh token and delivers it; returns what happened in words, undefined when the user cancelled. */
  private async output(doc: vscode.TextDocument, action: OutputAction, snippetName?: string): Promise<string | undefined> {
    switch (action) {
      case 'copyToken': {
        const { token, name, encrypted } = await this.sign(doc);
        await vscode.env.clipboard.writeText(token);
        return `${encrypted ? 'encrypted token' : 'token'} from ${name} copied to the clipboard.`;
      }
      case 'copyUrl':
      case 'openUrl': {
        const rendered = await this.render(doc);
        if (!rendered.url) throw new ProfileError('This preset delivers its token in a snippet, not a URL: use "JWT: Copy Embed Snippet".');
        const verb = action === 'openUrl' ? 'open' : 'copy';
        if (!(await this.confirmCleartext(rendered.cleartextHost, verb)) || !(await this.confirmHost(rendered.host, verb))) return undefined;
        if (action === 'openUrl') {
          const target = vscode.Uri.parse(rendered.url, true);
          if (target.scheme !== 'https' && target.scheme !== 'http') throw new ProfileError(`The embed URL is a "${target.scheme}:" URL; only https:// (or http://) URLs are opened.`);
          await vscode.env.openExternal(target);
          return `embed URL opened${rendered.host ? ` at ${rendered.host}` : ''} (with a freshly signed token).`;
        }
        await vscode.env.clipboard.writeText(rendered.url);
        return `embed URL for ${rendered.host ?? 'the embed'} copied (with a freshly signed token).`;
      }
      case 'copySnippet': {
        const parsed = this.parse(doc);
        const names = Object.keys(parsed.preset?.embed?.snippets ?? {});
        if (names.length === 0) throw new ProfileError(`The ${parsed.preset?.name ?? 'profile'} preset has no snippets; use Copy Embed URL or Sign Token instead.`);
        const name = snippetName !== undefined && names.includes(snippetName) ? snippetName : names.length === 1 ? names[0] : await vscode.window.showQuickPick(names, { title: 'Copy Embed Snippet', placeHolder: 'Which snippet?' });
        if (!name) return undefined;
        const rendered = await this.render(doc);
        const snippet = rendered.snippets[name];
        if (snippet === undefined) throw new ProfileError(`The "${name}" snippet needs more values: ${rendered.skipped[name] ?? 'see the embed section of the preset'}.`);
        if (!(await this.confirmCleartext(rendered.cleartextHost, 'copy')) || !(await this.confirmHost(rendered.host, 'copy'))) return undefined;
        await vscode.env.clipboard.writeText(snippet);
        return `"${name}" snippet copied (with a freshly signed token).`;
      }
    }
  }

  async newProfile(): Promise<void> {
    await this.run('New Token', async () => {
      const picked = await vscode.window.showQuickPick(
        this.presets.map((p) => ({ label: p.name, description: p.id, preset: p })),
        { title: 'New Token', placeHolder: 'Which service is the token for?', matchOnDescription: true },
      );
      if (!picked) return;
      const keys = this.keyInfos().filter((k) => k.hasPrivate && (picked.preset.alg.allowed as string[]).includes(k.alg));
      const text = newProfileTemplate(picked.preset, keys[0]?.id);
      const folder = vscode.workspace.workspaceFolders?.[0];
      if (!folder) {
        const doc = await vscode.workspace.openTextDocument({ language: 'yaml', content: text });
        await vscode.window.showTextDocument(doc);
        return;
      }
      let target = vscode.Uri.joinPath(folder.uri, `${picked.preset.id}.jwt.yaml`);
      // A name neither on disk nor taken by an unsaved profile still open (which the same untitled URI would reopen).
      const unsaved = new Set(vscode.workspace.textDocuments.filter((d) => d.isUntitled).map((d) => d.uri.path));
      for (let n = 2; unsaved.has(target.path) || (await exists(target)); n += 1) target = vscode.Uri.joinPath(folder.uri, `${picked.preset.id}-${n}.jwt.yaml`);
      // An unsaved file at the target path: nothing is written until the user saves.
      const doc = await vscode.workspace.openTextDocument(target.with({ scheme: 'untitled' }));
      const edit = new vscode.WorkspaceEdit();
      edit.insert(doc.uri, new vscode.Position(0, 0), text);
      await vscode.workspace.applyEdit(edit);
      if (readConfig().newTokenOpensIn !== 'tokenEditor') {
        await vscode.window.showTextDocument(doc);
        return;
      }
      await vscode.commands.executeCommand('vscode.openWith', doc.uri, Views.tokenEditor);
      // VS Code opens a text tab for the filled buffer too, a moment later, in the form's group: one tab of that
      // name is enough (Edit as YAML shows the text, beside it). Older VS Code asks whether to save the buffer when
      // that tab closes (it does not count the form as an editor of it), so there the tab stays.
      if (closingUntitledTextIsQuiet()) closeTextTabs(doc.uri, vscode.window.tabGroups.activeTabGroup.viewColumn);
    });
  }

  // ---- helpers

  private async run(what: string, body: () => Promise<void>): Promise<void> {
    try {
      await body();
    } catch (error) {
      void vscode.window.showErrorMessage(`JWT Studio: ${describeFailure(what, error)}`);
    }
  }

  private async profileDocument(uri?: vscode.Uri): Promise<vscode.TextDocument> {
    if (uri instanceof vscode.Uri) return vscode.workspace.openTextDocument(uri);
    const active = vscode.window.activeTextEditor?.document;
    if (active && isProfileDocument(active)) return active;
    const open = vscode.workspace.textDocuments.filter(isProfileDocument);
    if (open.length === 1 && open[0]) return open[0];
    throw new ProfileError('Open a *.jwt.yaml profile first (or create one with "JWT: New Token").');
  }

  /** The signed JWT (`jws`) and what to hand out (`token`: the JWE around it when the profile says `encrypt`). */
  private async sign(doc: vscode.TextDocument): Promise<{ token: string; jws: string; encrypted: boolean; name: string }> {
    const name = profileDisplayName(doc.uri, (uri) => vscode.workspace.asRelativePath(uri));
    const parsed = this.parse(doc);
    const errors = parsed.diagnostics.filter((d) => d.severity === 'error');
    if (errors[0]) {
      const line = doc.positionAt(errors[0].start).line + 1;
      throw new ProfileError(`${name} has ${errors.length} problem${errors.length === 1 ? '' : 's'} to fix first; line ${line}: ${errors[0].message}`);
    }
    if (!parsed.preset) throw new ProfileError(`${name} names no known preset: add \`preset: <id>\` (see "JWT: New Token").`);
    const request = buildTokenRequest(parsed.profile, parsed.preset, Date.now());
    if (!request.ok) throw new ProfileError(request.error.message);
    const entry = this.keyRing.entries().find((e) => e.id === request.keyId);
    if (!entry) throw new ProfileError(`Key '${request.keyId}' is not in the key ring: add it with "JWT: Import Key" or "JWT: Generate Key", or change \`key:\` in ${name}.`);
    if (!vscode.workspace.isTrusted && entry.scope !== 'workspace') {
      throw new ProfileError(`Key ${keyName(entry.id, entry.kid)} is a global key, and this workspace is not trusted: trust the workspace, or import a key for this workspace only.`);
    }
    if (!entry.hasPrivate) throw new ProfileError(`Key ${keyName(entry.id, entry.kid)} can only verify (no private key or secret is stored): import its private key or secret to sign.`);
    const alg = parsed.profile.alg ?? entry.alg;
    if (entry.alg !== alg || !(parsed.preset.alg.allowed as string[]).includes(entry.alg)) {
      throw new ProfileError(`Key ${keyName(entry.id, entry.kid)} is ${entry.alg}; this profile asks for ${(parsed.preset.alg.allowed as string[]).includes(alg) ? alg : parsed.preset.alg.allowed.join(' or ')}: pick another key or change \`alg\`.`);
    }
    const key = await this.keyRing.material(entry.id);
    if (!key?.privateJwk) throw new ProfileError(`The secret of key ${keyName(entry.id, entry.kid)} is missing from this machine's secret storage: import the key again.`);
    const signed = await signToken({ key, ...request.sign });
    if (!signed.ok) throw new ProfileError(signed.error.message);
    for (const warning of signed.warnings) log().warn(`Signing ${name}: ${warning}`);
    log().info(`Signed a token from ${name} with key ${entry.id} (${entry.alg}, ${entry.scope})`);
    const encrypt = parsed.profile.encrypt;
    if (!encrypt) return { token: signed.token, jws: signed.token, encrypted: false, name };
    const recipient = this.keyRing.entries().find((e) => e.id === encrypt.key);
    if (!recipient) throw new ProfileError(`Encryption key '${encrypt.key}' is not in the key ring: import the recipient's public key with "JWT: Import Key", or change encrypt.key in ${name}.`);
    const recipientKey = await this.keyRing.material(recipient.id);
    if (!recipientKey) throw new ProfileError(`Key ${keyName(recipient.id, recipient.kid)} could not be read from secret storage: import it again.`);
    // A PBES2 key was chosen as such when it was generated or imported (an opt-in with its iteration count shown).
    const encrypted = await encryptToken({ key: recipientKey, enc: encrypt.enc ?? 'A256GCM', plaintext: signed.token, allowPbes2: recipientKey.alg.startsWith('PBES2-') });
    if (!encrypted.ok) throw new ProfileError(encrypted.error.message);
    log().info(`Encrypted the token from ${name} to key ${recipient.id} (${recipient.alg}, ${encrypt.enc ?? 'A256GCM'})`);
    return { token: encrypted.token, jws: signed.token, encrypted: true, name };
  }

  private async render(doc: vscode.TextDocument): Promise<{ url?: string; host?: string; cleartextHost?: string; snippets: Record<string, string>; skipped: Record<string, string> }> {
    const parsed = this.parse(doc);
    if (!parsed.preset?.embed) throw new ProfileError(`The ${parsed.preset?.name ?? 'profile'} preset has no embed URL or snippet; use "JWT: Sign Token" instead.`);
    // Signed now, at the moment of copying, so the token's lifetime starts when it is used.
    const { token } = await this.sign(doc);
    const rendered = renderEmbed(parsed.preset, parsed.profile.embed, token);
    if (!rendered.ok) throw new ProfileError(rendered.error.message);
    return rendered;
  }

  /** Plain http:// to a host other than this machine: the user chooses, every time, whether the token may travel in clear text. */
  private async confirmCleartext(host: string | undefined, verb: 'copy' | 'open'): Promise<boolean> {
    if (!host) return true;
    const action = verb === 'open' ? 'Open over http anyway' : 'Copy anyway';
    const answer = await vscode.window.showWarningMessage(
      `The token would travel to ${host} in clear text.`,
      { modal: true, detail: `This embed uses http://, not https://, so anyone on the network between you and ${host} can read the token and use it until it expires (RFC 6750 §5.3). Use an https:// address in the profile if the service has one.` },
      action,
    );
    return answer === action;
  }

  /** The first time a token goes to a host, the user confirms the host; confirmed hosts are remembered. */
  private async confirmHost(host: string | undefined, verb: 'copy' | 'open'): Promise<boolean> {
    if (!host) return true;
    const confirmed = this.context.globalState.get<string[]>(CONFIRMED_HOSTS_KEY, []);
    if (confirmed.includes(host)) return true;
    const action = verb === 'open' ? 'Open' : 'Copy';
    const answer = await vscode.window.showWarningMessage(
      `Send a signed token to ${host}?`,
      { modal: true, detail: `This is the first time a token from a profile goes to ${host}. Anyone who receives the URL can use the token until it expires.` },
      action,
    );
    if (answer !== action) return false;
    await this.context.globalState.update(CONFIRMED_HOSTS_KEY, [...confirmed, host].slice(-200));
    return true;
  }
}

function describeFailure(what: string, error: unknown): string {
  if (error instanceof ProfileError) {
    log().warn(`${what}: ${error.message}`);
    return error.message;
  }
  log().error(`${what} failed`, error);
  return `${what} failed. See the "JWT Studio" log for details.`;
}

async function exists(uri: vscode.Uri): Promise<boolean> {
  return vscode.workspace.fs.stat(uri).then(
    () => true,
    () => false,
  );
}

const SEVERITIES: Record<ProfileDiagnostic['severity'], vscode.DiagnosticSeverity> = {
  error: vscode.DiagnosticSeverity.Error,
  warning: vscode.DiagnosticSeverity.Warning,
  info: vscode.DiagnosticSeverity.Information,
  hint: vscode.DiagnosticSeverity.Hint,
};

function toDiagnostic(doc: vscode.TextDocument, d: ProfileDiagnostic): vscode.Diagnostic {
  const start = doc.positionAt(d.start);
  let end = doc.positionAt(Math.max(d.end, d.start));
  // An empty range would not show a squiggle: cover at least one character of the line.
  if (end.isEqual(start)) end = doc.lineAt(start.line).range.end.isEqual(start) ? start : start.translate(0, 1);
  const diagnostic = new vscode.Diagnostic(new vscode.Range(start, end), d.message, SEVERITIES[d.severity]);
  diagnostic.source = 'JWT Studio';
  diagnostic.code = d.code;
  return diagnostic;
}

/** A preset's diagnostics at their offsets in `text` (the file is read from disk, so there is no TextDocument to ask); line starts are found once. */
function presetDiagnostics(text: string, list: readonly ProfileDiagnostic[]): vscode.Diagnostic[] {
  const starts = [0];
  for (let at = text.indexOf('\n'); at >= 0; at = text.indexOf('\n', at + 1)) starts.push(at + 1);
  const positionAt = (offset: number): vscode.Position => {
    const clamped = Math.max(0, Math.min(offset, text.length));
    let lo = 0;
    let hi = starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if ((starts[mid] as number) <= clamped) lo = mid;
      else hi = mid - 1;
    }
    return new vscode.Position(lo, clamped - (starts[lo] as number));
  };
  return list.map((d) => {
    const diagnostic = new vscode.Diagnostic(new vscode.Range(positionAt(d.start), positionAt(Math.max(d.end, d.start + 1))), d.message, SEVERITIES[d.severity]);
    diagnostic.source = 'JWT Studio';
    diagnostic.code = d.code;
    return diagnostic;
  });
}

function firstError(diagnostics: readonly ProfileDiagnostic[]): string {
  return (diagnostics.find((d) => d.severity === 'error')?.message ?? 'not a valid preset').split('\n')[0] ?? '';
}

const KINDS: Record<Completion['kind'], vscode.CompletionItemKind> = {
  preset: vscode.CompletionItemKind.Module,
  key: vscode.CompletionItemKind.Reference,
  alg: vscode.CompletionItemKind.EnumMember,
  claim: vscode.CompletionItemKind.Field,
  value: vscode.CompletionItemKind.Value,
  ttl: vscode.CompletionItemKind.Unit,
  property: vscode.CompletionItemKind.Property,
};

function toCompletionItem(doc: vscode.TextDocument, position: vscode.Position, c: Completion): vscode.CompletionItem {
  const item = new vscode.CompletionItem(c.label, KINDS[c.kind]);
  item.insertText = c.insertText;
  if (c.detail) item.detail = c.detail;
  if (c.documentation) {
    // Preset text may come from a user preset: escape it so it renders as plain text.
    const markdown = new vscode.MarkdownString(escapeMarkdown(c.documentation));
    markdown.isTrusted = false;
    markdown.supportHtml = false;
    item.documentation = markdown;
  }
  // Required claims sort before optional ones.
  item.sortText = `${c.required ? '0' : '1'}${c.sortText ?? c.label}`;
  if (c.required) item.preselect = false;
  if (c.replaceStart !== undefined && c.replaceEnd !== undefined) {
    const start = doc.positionAt(c.replaceStart);
    const end = doc.positionAt(c.replaceEnd);
    if (start.line === position.line && end.line === position.line && start.isBeforeOrEqual(position) && end.isAfterOrEqual(position)) {
      item.range = new vscode.Range(start, end);
    }
  }
  return item;
}

/** VS Code 1.139 and later close the text tab of an unsaved buffer that a form still shows without asking (1.90 asks). */
function closingUntitledTextIsQuiet(): boolean {
  const [major = 0, minor = 0] = vscode.version.split('.').map((n) => Number.parseInt(n, 10));
  return major > 1 || (major === 1 && minor >= 139);
}
