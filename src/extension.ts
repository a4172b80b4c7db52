// Must stay the first import: it notes when the bundle's code starts to run.
import { moduleEvaluationStartedAt } from './loadClock';
import * as vscode from 'vscode';
import { Commands } from './commands/ids';
import { copyTokenJson } from './commands/copyTokenJson';
import { decodeTokenCommand } from './commands/decodeToken';
import { verifyTokenCommand } from './commands/verifyToken';
import { onConfigChange, readConfig } from './config';
import { DecodedDocuments, MAX_COMMAND_TOKEN_LENGTH } from './documents/decodedDocuments';
import { resignTokenCommand, TokenCodeActions } from './documents/tokenCodeActions';
import { TokenDiagnostics } from './documents/tokenDiagnostics';
import { TokenHoverProvider } from './documents/tokenHoverProvider';
import { TokenInlayHints } from './documents/tokenInlayHints';
import { TokenRefs } from './documents/tokenRefs';
import { TokenVerifier } from './documents/tokenVerifier';
import { registerKeyRingUi } from './keys/keyCommands';
import { KeyRing } from './keys/keyRing';
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
  const verifier = new TokenVerifier(keyRing);
  const refs = new TokenRefs();
  const hints = new TokenInlayHints(() => config, verifier);
  const diagnostics = new TokenDiagnostics(() => config, verifier);
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
    vscode.commands.registerCommand(Commands.decodeToken, () =>
      decodeTokenCommand(decoded, MAX_COMMAND_TOKEN_LENGTH).catch((error: unknown) => {
        log().error('Decode Token failed', error);
        void vscode.window.showErrorMessage('JWT Studio: could not decode the token. See the "JWT Studio" log for details.');
      }),
    ),
    vscode.commands.registerCommand(Commands.verifyToken, (arg?: unknown) =>
      verifyTokenCommand(keyRing, arg === undefined ? undefined : refs.resolve(arg)).catch((error: unknown) => {
        log().error('Verify Token failed', error);
        void vscode.window.showErrorMessage('JWT Studio: could not verify the token. See the "JWT Studio" log for details.');
      }),
    ),
    vscode.commands.registerCommand(Commands.openDecoded, (arg?: unknown) => {
      const token = refs.resolve(arg);
      return token === undefined ? decodeTokenCommand(decoded, MAX_COMMAND_TOKEN_LENGTH) : decoded.open(token);
    }),
    vscode.commands.registerCommand(Commands.copyPayloadJson, (arg?: unknown) => copyTokenJson(refs.resolve(arg), 'payload', verifier)),
    vscode.commands.registerCommand(Commands.copyHeaderJson, (arg?: unknown) => copyTokenJson(refs.resolve(arg), 'header', verifier)),
    vscode.commands.registerCommand(Commands.resignToken, (location?: Parameters<typeof resignTokenCommand>[0]) =>
      resignTokenCommand(location, keyRing, verifier, config).catch((error: unknown) => {
        log().error('Re-signing failed', error);
        void vscode.window.showErrorMessage('JWT Studio: could not re-sign the token. See the "JWT Studio" log for details.');
      }),
    ),
    vscode.commands.registerCommand(Commands.showLog, () => log().show()),
    keyRing,
    ...registerKeyRingUi(keyRing),
    ...registerProfiles(context, keyRing),
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
