// Must stay the first import: it notes when the bundle's code starts to run.
import { moduleEvaluationStartedAt } from './loadClock';
import * as vscode from 'vscode';
import { Views } from './commands/ids';
import { commandTable, registerCommands } from './commands/table';
import { onConfigChange, readConfig } from './config';
import { DecodedDocuments } from './documents/decodedDocuments';
import { TokenCodeActions } from './documents/tokenCodeActions';
import { TokenDiagnostics } from './documents/tokenDiagnostics';
import { TokenHoverProvider } from './documents/tokenHoverProvider';
import { TokenInlayHints } from './documents/tokenInlayHints';
import { TokenRefs } from './documents/tokenRefs';
import { TokenVerifier } from './documents/tokenVerifier';
import { LazyIssuers } from './issuers/lazy';
import { registerKeyJwk } from './keys/keyJwkLazy';
import { KeyRing } from './keys/keyRing';
import { KeysTreeProvider } from './keys/keysTreeProvider';
import { log } from './log';
import { registerProfiles } from './profiles/lazy';

// Every bundled module has been evaluated by the time this line runs.
const moduleLoadedAt = performance.now();

// Composition root: create, register, push to subscriptions. Nothing slow here:
// no crypto, no schema compilation, no file scans at activation.
export function activate(context: vscode.ExtensionContext): void {
  const bodyStartedAt = performance.now();
  let config = readConfig();
  const decoded = new DecodedDocuments();
  // Reads only the state index at start; SecretStorage is checked in the background.
  const keyRing = new KeyRing(context);
  const refs = new TokenRefs();
  // Only watches the setting at start: its bundle, cache and fetches wait for a token or a command.
  const issuers = new LazyIssuers(context.globalState, refs);
  const verifier = new TokenVerifier(keyRing, issuers);
  const hints = new TokenInlayHints(() => config, verifier);
  const diagnostics = new TokenDiagnostics(() => config, verifier);
  const tree = new KeysTreeProvider(keyRing, issuers);
  const keysView = vscode.window.createTreeView(Views.keys, { treeDataProvider: tree, showCollapseAll: false });
  const keyJwk = registerKeyJwk(keyRing);
  const profiles = registerProfiles(context, keyRing);
  context.subscriptions.push(
    log(),
    decoded,
    onConfigChange((next) => {
      config = next;
      log().info('Settings changed');
      hints.refresh();
      diagnostics.refreshAll();
    }),
    verifier,
    hints,
    diagnostics,
    vscode.languages.registerHoverProvider('*', new TokenHoverProvider(() => config, verifier, refs)),
    vscode.languages.registerInlayHintsProvider('*', hints),
    vscode.languages.registerCodeActionsProvider('*', new TokenCodeActions(verifier), { providedCodeActionKinds: TokenCodeActions.kinds }),
    keyRing,
    issuers,
    tree,
    keysView,
    // "fetched 12 min ago" is read again when the view comes back into sight.
    keysView.onDidChangeVisibility((event) => {
      if (event.visible) tree.refresh();
    }),
    ...keyJwk.disposables,
    ...profiles.disposables,
    ...registerCommands(commandTable({ decoded, keyRing, refs, verifier, issuers, config: () => config, profiles: profiles.load, keyJwk: keyJwk.load })),
  );
  // Our own time (running the bundle's modules, then activate()), and the span from module load to the
  // end of activate(), which also holds VS Code's wait before it calls activate().
  const now = performance.now();
  const evaluation = moduleLoadedAt - moduleEvaluationStartedAt;
  const body = now - bodyStartedAt;
  log().info(
    `JWT Studio ${String(context.extension.packageJSON.version)} activated in ${(evaluation + body).toFixed(1)} ms ` +
      `(module evaluation ${evaluation.toFixed(1)} ms + activate() ${body.toFixed(1)} ms; ` +
      `${(now - moduleEvaluationStartedAt).toFixed(1)} ms from module load to the end of activate(), VS Code's wait in between included)`,
  );
}

export function deactivate(): void {
  // Everything is disposed through context.subscriptions.
}
