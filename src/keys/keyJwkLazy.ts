// Registers the key JWK tabs' scheme and commands at activation, and loads their code
// (dist/keyJwk.js, entry keys/commands/showKeyJwk.ts) the first time a JWK is shown or a tab
// restored from an earlier session asks for its text. Only types come from that bundle here.
import * as vscode from 'vscode';
import { Commands, Schemes } from '../commands/ids';
import { tokenCore } from '../bundles/tokenCore';
import { log } from '../log';
import type * as KeyJwkModule from './commands/showKeyJwk';
import type { KeyRing } from './keyRing';

type Api = ReturnType<typeof KeyJwkModule.createKeyJwk>;

export function registerKeyJwk(ring: KeyRing, command: (id: string, name: string, run: (arg?: unknown) => Promise<unknown>) => vscode.Disposable): vscode.Disposable[] {
  const changed = new vscode.EventEmitter<vscode.Uri>();
  let api: Api | undefined;
  const load = (): Api => {
    if (!api) {
      // A relative require of the sibling bundle; the build leaves it external.
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      const module = require('./keyJwk.js') as typeof KeyJwkModule;
      api = module.createKeyJwk({ ring, core: tokenCore, changed });
      log().info('Key JWK support loaded');
    }
    return api;
  };
  return [
    changed,
    vscode.workspace.registerTextDocumentContentProvider(Schemes.keyJwk, {
      onDidChange: changed.event,
      provideTextDocumentContent: (uri) => load().documents.provideTextDocumentContent(uri),
    }),
    { dispose: () => api?.documents.dispose() },
    command(Commands.showKeyJwk, 'Show Key JWK', (arg) => load().showKeyJwk(arg)),
    command(Commands.showPrivateKeyJwk, 'Show Private Key JWK', (arg) => load().showPrivateKeyJwk(arg)),
  ];
}
