// The `*.jwt.yaml` profile adapter: diagnostics, completions, hovers, CodeLens
// and the sign / embed commands. It is a bundle of its own (dist/profiles.js)
// because the YAML parser and the schema validator it needs would more than
// double the size of the main bundle, and most windows never open a profile.
//
// This file is the bundle's entry (`activateProfiles`, loaded by lazy.ts in the
// main bundle) and holds the commands. Beside it: providers.ts (diagnostics,
// completion items, hovers, CodeLens in VS Code's types), signing.ts (the
// signing pipeline and embed rendering), hostConfirm.ts (confirm a new host;
// warn before clear text), profileErrors.ts (the log channel and ProfileError),
// profileFiles.ts (which files are profiles and presets), integrationCode.ts
// (Copy Integration Code, over the core's codegen in its own bundle).

import * as vscode from 'vscode';
import { readFile, stat } from 'node:fs/promises';
import { checkPreset, completionsAt, listPresets, newProfileTemplate, parseProfile } from '../core';
import type { Preset, ProfileKeyInfo, ProfileParse, RenderedEmbed } from '../core';
import { algorithmFits } from '../core/profiles/keyFit';
import type { KeyRingReader } from '../keys/keyRingApi';
import { TokenEditorProvider } from '../tokenEditor/provider';
import { openText } from '../tokenEditor/handlers';
import { closeTextTabs, closingUntitledTextIsQuiet, textTabBeforeForm } from '../tokenEditor/textTabs';
import { Views } from '../commands/ids';
import { isProfileUri } from './profileFiles';
import type { OutputAction } from '../shared/protocol';
import { readConfig } from '../config';
import { describeFailure, log, ProfileError, setLog } from './profileErrors';
import type { ProblemPlace } from './profileErrors';
import type { LensCommandIds } from './providers';
import { firstError, presetDiagnostics, profileHover, profileLenses, toCompletionItem, toDiagnostic } from './providers';
import type { SignedProfile } from './signing';
import { renderProfileEmbed, signProfile } from './signing';
import { confirmSend } from './hostConfirm';
import { copyIntegrationCode } from './integrationCode';

export const PROFILE_SELECTOR: vscode.DocumentSelector = { pattern: '**/*.jwt.yaml' };
const USER_PRESETS_GLOB = '.vscode/jwt-presets/*.yaml';
/** A preset is a few hundred lines; a larger file in a workspace is not even read. */
const MAX_PRESET_FILE_BYTES = 1_000_000;
const DIAGNOSTIC_DELAY_MS = 300;
/** How long New Token waits for the form's page before it leaves the extra text tab open. */
const FORM_SHOWN_MS = 10_000;

/** What the main bundle calls; every command takes an optional document URI (CodeLens passes one). */
export interface ProfilesApi extends vscode.Disposable {
  signToken(uri?: vscode.Uri): Promise<void>;
  copyEmbedUrl(uri?: vscode.Uri): Promise<void>;
  copyEmbedSnippet(uri?: vscode.Uri): Promise<void>;
  openEmbedUrl(uri?: vscode.Uri): Promise<void>;
  copyIntegrationCode(uri?: vscode.Uri): Promise<void>;
  newProfile(): Promise<void>;
  /** The Token Editor, registered by the main bundle at start and resolved here on first use. */
  readonly tokenEditor: vscode.CustomTextEditorProvider;
}

export function isProfileDocument(document: vscode.TextDocument): boolean {
  return isProfileUri(document.uri);
}

export type ProfileCommandIds = LensCommandIds;

export function activateProfiles(context: vscode.ExtensionContext, keyRing: KeyRingReader, commandIds: ProfileCommandIds, logChannel: vscode.LogOutputChannel): ProfilesApi {
  setLog(logChannel);
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
      integrationCode: (doc) => this.integrationCode(doc),
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
    return profileHover(doc, position, this.context_());
  }

  private lenses(doc: vscode.TextDocument): vscode.CodeLens[] {
    return profileLenses(doc, this.parse(doc).preset, this.ids);
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

  async copyIntegrationCode(uri?: vscode.Uri): Promise<void> {
    // It says what it copied itself, wherever it was asked from (the form's button too).
    await this.run('Copy Integration Code', async () => void (await this.integrationCode(await this.profileDocument(uri))));
  }

  private async integrationCode(doc: vscode.TextDocument): Promise<string | undefined> {
    return copyIntegrationCode(doc, this.parse(doc), this.keyRing, this.context.globalState);
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
        if (!(await confirmSend(this.context.globalState, rendered, verb))) return undefined;
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
        if (!(await confirmSend(this.context.globalState, rendered, 'copy'))) return undefined;
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
      const keys = this.keyInfos().filter((k) => k.hasPrivate && algorithmFits(k.alg, picked.preset.alg.allowed));
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
      if (readConfig().newTokenOpensIn !== 'tokenEditor') {
        await vscode.workspace.applyEdit(edit);
        await vscode.window.showTextDocument(doc);
        return;
      }
      // The form first, then the template: VS Code opens a text tab for an unsaved buffer that no editor shows
      // 800 ms after it appears (its dirty-file tracker), so the form must be there before that.
      const shown = this.tokenEditor.formShown(doc.uri, FORM_SHOWN_MS);
      await vscode.commands.executeCommand('vscode.openWith', doc.uri, Views.tokenEditor);
      const column = vscode.window.tabGroups.activeTabGroup.viewColumn;
      await vscode.workspace.applyEdit(edit);
      // Should that text tab still come, in the form's group, one tab of that name is enough (Edit as YAML shows
      // the text, beside it). One that came after the form is closed once the form's page has loaded: closed
      // earlier, on a slow machine, VS Code asks whether to save the buffer. One that came before the form
      // (a busy machine) stays: closing it asks, form or not. Older VS Code asks whenever that tab closes (it does
      // not count the form as an editor of it), so there the tab stays.
      if (textTabBeforeForm(doc.uri, column)) {
        log().info('New Token: VS Code opened a text tab for the new profile before its form; it stays open (closing it would ask whether to save).');
        return;
      }
      if (closingUntitledTextIsQuiet() && (await shown)) closeTextTabs(doc.uri, column);
    });
  }

  // ---- helpers

  private async run(what: string, body: () => Promise<void>): Promise<void> {
    try {
      await body();
    } catch (error) {
      const message = `JWT Studio: ${describeFailure(what, error)}`;
      const problem = error instanceof ProfileError ? error.problem : undefined;
      if (!problem) {
        void vscode.window.showErrorMessage(message);
        return;
      }
      void vscode.window.showErrorMessage(message, SHOW_PROBLEM).then((choice) => (choice === SHOW_PROBLEM ? showProblem(problem) : undefined));
    }
  }

  private async profileDocument(uri?: vscode.Uri): Promise<vscode.TextDocument> {
    if (uri instanceof vscode.Uri) return vscode.workspace.openTextDocument(uri);
    const active = vscode.window.activeTextEditor?.document;
    if (active && isProfileDocument(active)) return active;
    // A Token Editor in front: its profile.
    const tab = vscode.window.tabGroups.activeTabGroup.activeTab?.input;
    if (tab instanceof vscode.TabInputCustom && tab.viewType === Views.tokenEditor) return vscode.workspace.openTextDocument(tab.uri);
    const open = vscode.workspace.textDocuments.filter(isProfileDocument);
    if (open.length === 1 && open[0]) return open[0];
    throw new ProfileError('Open a *.jwt.yaml profile first (or create one with "JWT: New Token").');
  }

  /** The signed JWT (`jws`) and what to hand out (`token`: the JWE around it when the profile says `encrypt`). */
  private async sign(doc: vscode.TextDocument): Promise<SignedProfile> {
    return signProfile(doc, this.parse(doc), this.keyRing);
  }

  private async render(doc: vscode.TextDocument): Promise<RenderedEmbed> {
    const parsed = this.parse(doc);
    return renderProfileEmbed(parsed, () => this.sign(doc));
  }
}

const SHOW_PROBLEM = 'Show Problem';

/** The profile's text at the problem's line, where the YAML is already on screen, else beside. */
async function showProblem(problem: ProblemPlace): Promise<void> {
  await openText(await vscode.workspace.openTextDocument(problem.uri), problem.line);
}

async function exists(uri: vscode.Uri): Promise<boolean> {
  return vscode.workspace.fs.stat(uri).then(
    () => true,
    () => false,
  );
}
