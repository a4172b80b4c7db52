// Registers the key JWK tabs' scheme at activation, and loads their code (dist/keyJwk.js, entry
// keys/commands/showKeyJwk.ts) the first time a JWK is shown (the commands, in commands/table.ts, call
// load()) or a tab restored from an earlier session asks for its text. Only types come from that bundle here.
import * as vscode from 'vscode';
import { Schemes } from '../commands/ids';
import { tokenCore } from '../bundles/tokenCore';
import { log } from '../log';
import type * as KeyJwkModule from './commands/showKeyJwk';
import type { KeyRing } from './keyRing';

/** What the key JWK bundle offers: its documents and the two commands' bodies. */
export type KeyJwkApi = ReturnType<typeof KeyJwkModule.createKeyJwk>;

/** The JWK scheme's registration (for `context.subscriptions`) and the loader of the bundle. */
export function registerKeyJwk(ring: KeyRing): { load: () => KeyJwkApi; disposables: vscode.Disposable[] } {
  const changed = new vscode.EventEmitter<vscode.Uri>();
  let api: KeyJwkApi | undefined;
  const load = (): KeyJwkApi => {
    if (!api) {
      // A relative require of the sibling bundle; the build leaves it external.
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      const module = require('./keyJwk.js') as typeof KeyJwkModule;
      api = module.createKeyJwk({ ring, core: tokenCore, changed });
      log().info('Key JWK support loaded');
    }
    return api;
  };
  const disposables = [
    changed,
    vscode.workspace.registerTextDocumentContentProvider(Schemes.keyJwk, {
      onDidChange: changed.event,
      provideTextDocumentContent: (uri) => load().documents.provideTextDocumentContent(uri),
    }),
    { dispose: () => api?.documents.dispose() },
  ];
  return { load, disposables };
}
