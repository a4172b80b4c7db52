// Copy Integration Code: the code a backend runs to make the profile's token,
// in the language picked, opened in an untitled editor beside the profile and
// copied to the clipboard. The core writes it (src/core/codegen/, its own
// bundle dist/codegen.js, loaded the first time the command runs). Only the
// key ring's public index is read here, for the kid the token carries: the
// code reads the key itself from an environment variable when it runs.

import * as vscode from 'vscode';
import type * as CodegenModule from '../core/codegen/codegen';
import type { CodeKeyFacts, CodeLanguage, CodeModel, GeneratedCode } from '../core/codegen/codegen';
import type { Preset, ProfileParse, Result } from '../core';
import { keyFitsPreset } from '../core/profiles/keyFit';
import type { KeyRingReader } from '../keys/keyRingApi';
import { log, ProfileError } from './profileErrors';
import { checkedProfile } from './signing';

/** The language picked last (globalState), offered first next time. */
const LAST_LANGUAGE = 'jwtStudio.integrationCodeLanguage';

/**
 * The name of the untitled document the code opens in: its tab's title, the name Save As offers, and so the
 * editor's language. Java's and C#'s are the class the code declares; the JavaScript is an ES module.
 */
const FILE_NAMES: Record<CodeLanguage, string> = {
  node: 'issue-token.mjs',
  'node-jsonwebtoken': 'issue-token.mjs',
  python: 'issue_token.py',
  go: 'main.go',
  java: 'IntegrationToken.java',
  csharp: 'IntegrationToken.cs',
  php: 'issue_token.php',
  ruby: 'issue_token.rb',
};
const SAVE_AS = 'Save As…';

let codegen: typeof CodegenModule | undefined;

/** The integration code bundle, required on first use (the build leaves the sibling bundle external). */
function loadCodegen(): typeof CodegenModule {
  if (!codegen) {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    codegen = require('./codegen.js') as typeof CodegenModule;
    log().info('Integration code support loaded');
  }
  return codegen;
}

interface LanguageItem extends vscode.QuickPickItem {
  lang?: CodeLanguage;
}

/**
 * Asks for a language, then opens the profile's integration code beside it and copies it; says what was
 * copied, where the code reads its key from, and (as a warning) what the language's library leaves out.
 * Returns what was done in words, undefined when the person cancelled; throws ProfileError with what to fix.
 */
export async function copyIntegrationCode(doc: vscode.TextDocument, parsed: ProfileParse, keyRing: KeyRingReader, state: vscode.Memento): Promise<string | undefined> {
  const { name, preset } = checkedProfile(doc, parsed);
  const core = loadCodegen();
  const { profile, facts } = withRingKeys(parsed, preset, keyRing);
  const built = core.buildCodeModel(profile, preset, facts);
  if (!built.ok) {
    const kidFromRing = preset.header?.kid === 'required' && facts.kid === undefined && profile.key !== undefined;
    const ringAdvice = built.error.code === 'HEADER_REFUSED' && kidFromRing ? ` Or put key '${profile.key}' in the key ring ("JWT: Import Key"; its public half is enough): the code carries its kid.` : '';
    throw new ProfileError(`${built.error.message}${ringAdvice}`);
  }
  const model = built.model;
  // Every language at once (plain string work): the list can say which ones cannot do this profile, and why.
  const rendered = Object.fromEntries(core.CODE_LANGUAGES.map((lang) => [lang, core.renderCode(model, lang)])) as Record<CodeLanguage, Result<GeneratedCode>>;
  const lang = await pickLanguage(core, rendered, state, name);
  if (!lang) return undefined;
  const code = rendered[lang];
  if (!code.ok) throw new ProfileError(code.error.message);
  await state.update(LAST_LANGUAGE, lang);

  const library = core.LIBRARIES[lang];
  const editor = await openBeside(FILE_NAMES[lang], code.code);
  await vscode.env.clipboard.writeText(code.code);
  log().info(`Integration code for ${name} (${lang}) copied and opened`);

  const copied = `${library.language} code copied: ${keyWhere(model)}. The code (${library.library}, for ${name}) is open beside the profile as ${editor.document.uri.path}; no key is written into it.`;
  // What the library leaves out makes it a warning. With a button, a notification shows all of its text (else one line).
  const notes = [...model.notes, ...code.notes];
  const message = notes.length > 0 ? `${copied} Note: ${notes.join(' ')}` : copied;
  const text = `JWT Studio: ${message}`;
  const shown = notes.length > 0 ? vscode.window.showWarningMessage(text, SAVE_AS) : vscode.window.showInformationMessage(text, SAVE_AS);
  void shown.then(async (choice) => {
    if (choice !== SAVE_AS || editor.document.isClosed) return;
    await vscode.window.showTextDocument(editor.document, { viewColumn: editor.viewColumn });
    await vscode.commands.executeCommand('workbench.action.files.saveAs');
  });
  return message;
}

/** A new untitled document named `fileName` (or `name-2.ext`… when one of that name is open) holding `text`, shown beside. */
async function openBeside(fileName: string, text: string): Promise<vscode.TextEditor> {
  const open = new Set(vscode.workspace.textDocuments.filter((d) => d.isUntitled).map((d) => d.uri.path));
  const dot = fileName.lastIndexOf('.');
  let path = fileName;
  for (let n = 2; open.has(path); n += 1) path = `${fileName.slice(0, dot)}-${n}${fileName.slice(dot)}`;
  // Its language follows the name. Filled once shown: VS Code opens a tab of its own for an unsaved buffer that no editor shows.
  const document = await vscode.workspace.openTextDocument(vscode.Uri.from({ scheme: 'untitled', path }));
  const editor = await vscode.window.showTextDocument(document, { viewColumn: vscode.ViewColumn.Beside, preview: false });
  await editor.edit((edit) => edit.insert(new vscode.Position(0, 0), text), { undoStopBefore: false, undoStopAfter: false });
  editor.selection = new vscode.Selection(0, 0, 0, 0);
  return editor;
}

/**
 * The profile as the code signs it, and the facts the ring gives: the key the profile names must fit the
 * preset as it must to sign, its algorithm is the one signed with (a profile without `alg:` signs with the
 * key's), and its kid is the kid the token carries. A key that is not in the ring gives no facts: the code is
 * still made where the preset needs no kid. The recipient's algorithm and kid come the same way.
 */
function withRingKeys(parsed: ProfileParse, preset: Preset, keyRing: KeyRingReader): { profile: ProfileParse['profile']; facts: CodeKeyFacts } {
  const entries = keyRing.entries();
  const facts: CodeKeyFacts = {};
  let profile = parsed.profile;
  const key = entries.find((e) => e.id === profile.key);
  if (key) {
    const fit = keyFitsPreset(key, preset, profile.alg);
    if (!fit.ok) throw new ProfileError(fit.message);
    facts.kid = key.kid;
    if (profile.alg === undefined) profile = { ...profile, alg: key.alg as NonNullable<typeof profile.alg> };
  }
  const recipient = profile.encrypt ? entries.find((e) => e.id === profile.encrypt?.key) : undefined;
  if (recipient) facts.recipient = { alg: recipient.alg, kid: recipient.kid };
  return { profile, facts };
}

async function pickLanguage(core: typeof CodegenModule, rendered: Record<CodeLanguage, Result<GeneratedCode>>, state: vscode.Memento, name: string): Promise<CodeLanguage | undefined> {
  const last = state.get<string>(LAST_LANGUAGE);
  const item = (lang: CodeLanguage): LanguageItem => {
    const library = core.LIBRARIES[lang];
    const code = rendered[lang];
    const problem = code.ok ? (code.notes.length > 0 ? `$(warning) ${code.notes.join(' ')}` : '') : `$(error) ${code.error.message}`;
    return { label: `${library.language}: ${library.library}`, description: library.install, ...(problem ? { detail: problem } : {}), lang };
  };
  const items = core.CODE_LANGUAGES.map(item);
  const first = items.findIndex((i) => i.lang === last);
  const ordered: LanguageItem[] =
    first < 0
      ? items
      : [{ label: 'last used', kind: vscode.QuickPickItemKind.Separator }, items[first] as LanguageItem, { label: 'other languages', kind: vscode.QuickPickItemKind.Separator }, ...items.filter((_, i) => i !== first)];
  const picked = await vscode.window.showQuickPick(ordered, { title: 'Copy Integration Code', placeHolder: `Which language does the backend that makes ${name}'s tokens use?`, matchOnDescription: true, matchOnDetail: true });
  return picked?.lang;
}

/** Where the code reads its keys from, as what to set. */
function keyWhere(model: CodeModel): string {
  const signing = `set ${model.key.env} to key '${model.key.id}' to run it (or ${model.key.fileEnv} to the path of a file holding it)`;
  const encrypt = model.encrypt;
  return `${signing}${encrypt ? `, and ${encrypt.key.env} to the recipient's key '${encrypt.key.id}'` : ''}`;
}
