import * as vscode from 'vscode';
import { Commands, Views } from '../commands/ids';
import { exportPublicKeyCommand } from './commands/exportPublicKeyCommand';
import { algorithmsFrom, generateKeyCommand } from './commands/generateKeyCommand';
import { importKeyCommand } from './commands/importKeyCommand';
import { keyCommand } from './commands/keyCommandSupport';
import { copyKeyIdCommand, deleteKeyCommand, renameKeyCommand, showKeysCommand } from './commands/manageKeys';
import { registerKeyJwk } from './keyJwkLazy';
import type { KeyRing } from './keyRing';
import { KeysTreeProvider } from './keysTreeProvider';

/** The Keys view and every key-ring command, ready for `context.subscriptions`. */
export function registerKeyRingUi(ring: KeyRing): vscode.Disposable[] {
  const tree = new KeysTreeProvider(ring);
  const command = (id: string, name: string, run: (arg?: unknown) => Promise<unknown>): vscode.Disposable =>
    vscode.commands.registerCommand(id, keyCommand(name, run));
  return [
    tree,
    vscode.window.createTreeView(Views.keys, { treeDataProvider: tree, showCollapseAll: false }),
    command(Commands.generateKey, 'Generate Key', (arg) => generateKeyCommand(ring, algorithmsFrom(arg))),
    command(Commands.importKey, 'Import Key', () => importKeyCommand(ring)),
    command(Commands.exportPublicKey, 'Export Public Key', (arg) => exportPublicKeyCommand(ring, arg)),
    command(Commands.renameKey, 'Rename Key', (arg) => renameKeyCommand(ring, arg)),
    command(Commands.deleteKey, 'Delete Key', (arg) => deleteKeyCommand(ring, arg)),
    command(Commands.copyKeyId, 'Copy kid', (arg) => copyKeyIdCommand(ring, arg)),
    command(Commands.showKeys, 'Show Keys', () => showKeysCommand(ring)),
    ...registerKeyJwk(ring, command),
  ];
}
