import * as vscode from 'vscode';
import { Commands } from './commands/ids';
import { decodeTokenCommand } from './commands/decodeToken';
import { onConfigChange, readConfig } from './config';
import { DecodedDocuments, MAX_COMMAND_TOKEN_LENGTH } from './decode/decodedDocuments';
import { TokenHoverProvider } from './decode/tokenHoverProvider';
import { log } from './log';

// Composition root: create, register, push to subscriptions. Nothing slow here:
// no crypto, no schema compilation, no file scans at activation.
export function activate(context: vscode.ExtensionContext): void {
  let config = readConfig();
  const decoded = new DecodedDocuments();
  context.subscriptions.push(
    log(),
    decoded,
    onConfigChange((next) => {
      config = next;
      log().info('Settings changed');
    }),
    vscode.languages.registerHoverProvider('*', new TokenHoverProvider(() => config)),
    vscode.commands.registerCommand(Commands.decodeToken, () =>
      decodeTokenCommand(decoded, MAX_COMMAND_TOKEN_LENGTH).catch((error: unknown) => {
        log().error('Decode Token failed', error);
        void vscode.window.showErrorMessage('JWT Studio: could not decode the token. See the "JWT Studio" log for details.');
      }),
    ),
    vscode.commands.registerCommand(Commands.showLog, () => log().show()),
  );
  log().info(`JWT Studio ${String(context.extension.packageJSON.version)} activated`);
}

export function deactivate(): void {
  // Everything is disposed through context.subscriptions.
}
