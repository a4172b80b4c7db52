// The key's JWK in read-only tabs: its own bundle (dist/keyJwk.js), loaded by keys/keyJwkLazy.ts the
// first time a JWK is shown or a restored tab asks for its text. The token core and the change event
// come from the first bundle, so this one opens no log channel and loads no second core.
import * as vscode from 'vscode';
import { Schemes } from '../../commands/ids';
import { keyName, shortKid } from '../../core/keys/names';
import { Disposable } from '../../disposable';
import type * as TokenCore from '../../bundles/coreBundle';
import type { KeyRing } from '../keyRing';
import type { KeyEntry } from '../keyRingApi';
import { keyFromArgOrPick } from './keyCommandSupport';
import { confirmModal } from './steps';

const KEY_JWK_SCHEME = Schemes.keyJwk;

/** What the first bundle hands over. */
export interface KeyJwkDeps {
  ring: KeyRing;
  core: () => Pick<typeof TokenCore, 'exportPublicKey' | 'exportPrivateJwk'>;
  /** The content provider's change event, registered by the first bundle. */
  changed: vscode.EventEmitter<vscode.Uri>;
}

/** The JWK tabs and the two commands that open them. */
export function createKeyJwk(deps: KeyJwkDeps): {
  documents: KeyJwkDocuments;
  showKeyJwk: (arg?: unknown) => Promise<void>;
  showPrivateKeyJwk: (arg?: unknown) => Promise<void>;
} {
  const documents = new KeyJwkDocuments(deps);
  return {
    documents,
    showKeyJwk: (arg) => showKeyJwkCommand(deps.ring, documents, arg),
    showPrivateKeyJwk: (arg) => showPrivateKeyJwkCommand(deps.ring, documents, arg),
  };
}

type Half = 'public' | 'private';

/** What an open private JWK tab was granted: the key it shows, as it was when confirmed. */
interface Grant {
  id: string;
  kid: string;
  scope: KeyEntry['scope'];
  created: string;
}

const PUBLIC_SUFFIX = '.jwk.json';
const PRIVATE_SUFFIX = '.private.jwk.json';

/**
 * Read-only tabs showing a key's JWK (JWT: Show Key JWK, JWT: Show Private Key JWK…). The public
 * JWK is made from the ring's index each time it is asked for, so it follows the key; a renamed
 * key's tab is replaced by one with the new name, a deleted key's tab is closed. A private JWK is
 * shown only for a URI granted after the confirmation (a random query, never the key in the URI),
 * read from secret storage when VS Code asks for the text, and the grant is dropped when its last
 * tab closes: the document is then emptied, so nothing of it stays in the editor's memory.
 */
export class KeyJwkDocuments extends Disposable {
  private readonly grants = new Map<string, Grant>();
  private readonly ring: KeyRing;
  private readonly core: KeyJwkDeps['core'];
  private readonly changed: vscode.EventEmitter<vscode.Uri>;

  constructor(deps: KeyJwkDeps) {
    super();
    this.ring = deps.ring;
    this.core = deps.core;
    this.changed = deps.changed;
    this._register(this.ring.onDidChange(() => void this.ringChanged()));
    this._register(vscode.window.tabGroups.onDidChangeTabs((e) => this.forgetClosed(e.closed)));
    this._register(
      vscode.workspace.onDidCloseTextDocument((doc) => {
        if (doc.uri.scheme === KEY_JWK_SCHEME) this.grants.delete(doc.uri.toString());
      }),
    );
  }

  /** Opens the key's JWK in a read-only tab beside the active editor (or in the current group). */
  async show(entry: KeyEntry, half: Half): Promise<void> {
    const uri = uriFor(entry, half);
    if (half === 'private') this.grants.set(uri.toString(), { id: entry.id, kid: entry.kid, scope: entry.scope, created: entry.created });
    else this.changed.fire(uri);
    const document = await vscode.workspace.openTextDocument(uri);
    const viewColumn = vscode.window.activeTextEditor ? vscode.ViewColumn.Beside : vscode.ViewColumn.Active;
    await vscode.window.showTextDocument(document, { viewColumn, preview: false });
  }

  async provideTextDocumentContent(uri: vscode.Uri): Promise<string> {
    const half = halfOf(uri);
    if (half === 'private') {
      const grant = this.grants.get(uri.toString());
      if (!grant) return 'This private JWK was closed. Run "JWT: Show Private Key JWK…" to show it again.\n';
      const entry = this.ring.entry(grant.id);
      if (!entry || !sameKey(entry, grant)) return 'This key is no longer in the key ring.\n';
      const key = await this.ring.material(entry.id);
      if (!key) return `The private half of key ${keyName(entry.id, entry.kid)} is not in this machine's secret storage. Import the key again.\n`;
      const text = this.core().exportPrivateJwk(key);
      return text.ok ? text.text : `${text.error.message}\n`;
    }
    const entry = this.ring.entry(idOf(uri));
    if (!entry) return 'This key is no longer in the key ring.\n';
    if (entry.kty === 'oct') return `Key ${keyName(entry.id, entry.kid)} is a shared secret: it has no public half.\n`;
    const text = await this.core().exportPublicKey({ kid: entry.kid, alg: entry.alg, use: entry.use, kty: entry.kty, size: entry.size, ...(entry.publicJwk ? { publicJwk: entry.publicJwk } : {}) }, 'jwk');
    return text.ok ? text.text : `${text.error.message}\n`;
  }

  /** Every tab of ours, by URI. */
  private tabs(): Map<string, vscode.Tab[]> {
    const out = new Map<string, vscode.Tab[]>();
    for (const group of vscode.window.tabGroups.all) {
      for (const tab of group.tabs) {
        if (!(tab.input instanceof vscode.TabInputText) || tab.input.uri.scheme !== KEY_JWK_SCHEME) continue;
        const key = tab.input.uri.toString();
        out.set(key, [...(out.get(key) ?? []), tab]);
      }
    }
    return out;
  }

  /** A private JWK whose last tab closed is forgotten, and its document emptied. */
  private forgetClosed(closed: readonly vscode.Tab[]): void {
    const open = this.tabs();
    for (const tab of closed) {
      if (!(tab.input instanceof vscode.TabInputText) || tab.input.uri.scheme !== KEY_JWK_SCHEME) continue;
      const key = tab.input.uri.toString();
      if (open.has(key) || !this.grants.delete(key)) continue;
      this.changed.fire(tab.input.uri);
    }
  }

  /** Renamed keys' tabs follow the new name; deleted keys' tabs close; the others are refreshed. */
  private async ringChanged(): Promise<void> {
    for (const [key, tabs] of this.tabs()) {
      const uri = vscode.Uri.parse(key);
      if (halfOf(uri) === 'private') {
        const grant = this.grants.get(key);
        const current = grant ? this.ring.entry(grant.id) : undefined;
        if (current && grant && sameKey(current, grant)) {
          this.changed.fire(uri);
          continue;
        }
        // A private JWK never follows a rename: showing it again asks again.
        this.grants.delete(key);
        await vscode.window.tabGroups.close(tabs, true);
        this.changed.fire(uri);
        continue;
      }
      // A renamed key keeps its kid: its public tab follows it to the new name.
      const current = this.ring.entry(idOf(uri)) ?? this.renamedFrom(uri);
      const target = current && current.kty !== 'oct' ? uriFor(current, 'public') : undefined;
      if (target?.toString() === key) {
        this.changed.fire(uri);
        continue;
      }
      if (target) {
        await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(target), { viewColumn: tabs[0]?.group.viewColumn, preview: false, preserveFocus: true });
      }
      await vscode.window.tabGroups.close(tabs, true);
    }
  }

  /** The one ring key with the kid a public tab shows (read back from its text), when it has no tab of its own yet. */
  private renamedFrom(uri: vscode.Uri): KeyEntry | undefined {
    const text = vscode.workspace.textDocuments.find((d) => d.uri.toString() === uri.toString())?.getText() ?? '';
    let kid: unknown;
    try {
      kid = text.length <= 100_000 ? (JSON.parse(text) as { kid?: unknown }).kid : undefined;
    } catch {
      return undefined;
    }
    const matches = this.ring.entries().filter((e) => e.kid === kid && e.kty !== 'oct');
    const only = matches.length === 1 ? matches[0] : undefined;
    return only && !this.tabs().has(uriFor(only, 'public').toString()) ? only : undefined;
  }
}

function sameKey(entry: KeyEntry, grant: Grant): boolean {
  return entry.id === grant.id && entry.kid === grant.kid && entry.scope === grant.scope && entry.created === grant.created;
}

/** "/ap-prod (kid 2024-01).jwk.json": the tab's title is the key's name. A private JWK's URI carries a random grant. */
function uriFor(entry: KeyEntry, half: Half): vscode.Uri {
  const kid = entry.kid === entry.id ? '' : ` (kid ${shortKid(entry.kid).replace(/[/\\]/g, '_')})`;
  const path = `/${entry.id}${kid}${half === 'private' ? PRIVATE_SUFFIX : PUBLIC_SUFFIX}`;
  const query = half === 'private' ? `private=${randomGrant()}` : '';
  return vscode.Uri.from({ scheme: KEY_JWK_SCHEME, path, query });
}

function halfOf(uri: vscode.Uri): Half {
  return uri.query.startsWith('private=') ? 'private' : 'public';
}

/** The ring id in a public JWK's URI: ring ids hold no spaces, so it ends at the first space or the suffix. */
function idOf(uri: vscode.Uri): string {
  const name = uri.path.slice(1);
  const space = name.indexOf(' ');
  return space >= 0 ? name.slice(0, space) : name.endsWith(PUBLIC_SUFFIX) ? name.slice(0, -PUBLIC_SUFFIX.length) : name;
}

function randomGrant(): string {
  const bytes = new Uint8Array(12);
  crypto.getRandomValues(bytes);
  return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
}

const SHOW_TITLE = 'Show Key JWK';
const PRIVATE_TITLE = 'Show Private Key JWK';

/** JWT: Show Key JWK — the public JWK of a key pair in a read-only tab. Shared secrets have none. */
export async function showKeyJwkCommand(ring: KeyRing, documents: KeyJwkDocuments, arg?: unknown): Promise<void> {
  const entry = await keyFromArgOrPick(
    ring,
    arg,
    { title: SHOW_TITLE, step: 1, totalSteps: 1 },
    (e) => e.kty !== 'oct',
    'There is no key pair to show: shared secrets have no public half. Run "JWT: Generate Key" to make a key pair.',
  );
  if (!entry) return;
  if (entry.kty === 'oct') {
    void vscode.window.showInformationMessage(
      `Key ${keyName(entry.id, entry.kid)} is a shared secret: it has no public half to show. Its secret is shown only on request, with "JWT: Show Private Key JWK…".`,
    );
    return;
  }
  await documents.show(entry, 'public');
}

/** JWT: Show Private Key JWK… — the private JWK (or a secret's oct JWK), only after a modal confirmation. */
export async function showPrivateKeyJwkCommand(ring: KeyRing, documents: KeyJwkDocuments, arg?: unknown): Promise<void> {
  const entry = await keyFromArgOrPick(
    ring,
    arg,
    { title: PRIVATE_TITLE, step: 1, totalSteps: 1 },
    (e) => e.hasPrivate && !ring.isSecretMissing(e.id),
    'No key in the ring has a private half or secret stored on this machine.',
  );
  if (!entry) return;
  const name = keyName(entry.id, entry.kid);
  if (!entry.hasPrivate) {
    void vscode.window.showInformationMessage(`Key ${name} has no private half: only its public key was imported. "JWT: Show Key JWK" shows that.`);
    return;
  }
  if (ring.isSecretMissing(entry.id)) {
    void vscode.window.showErrorMessage(`The ${entry.kty === 'oct' ? 'secret' : 'private half'} of key ${name} is not in this machine's secret storage. Import the key again.`);
    return;
  }
  const { message, detail, action } = privateJwkConfirmation(entry);
  if (!(await confirmModal(message, detail, action))) return;
  await documents.show(entry, 'private');
}

/** The words of the confirmation: what will be shown, and that it is a secret. */
export function privateJwkConfirmation(entry: Pick<KeyEntry, 'id' | 'kid' | 'kty' | 'use'>): { message: string; detail: string; action: string } {
  const secret = entry.kty === 'oct';
  const members = { RSA: 'd, p, q, dp, dq, qi', EC: 'd', OKP: 'd', AKP: 'priv', oct: 'k' }[entry.kty];
  const power = entry.use === 'enc' ? 'decrypt every token encrypted to it' : 'sign tokens that verify as yours';
  return {
    message: `Show the ${secret ? 'shared secret' : 'private key'} of key ${keyName(entry.id, entry.kid)}?`,
    detail:
      `It opens as a JWK with its secret member${members.includes(',') ? 's' : ''} (${members}) in a read-only tab. ` +
      `This is a secret: anyone who sees it can ${power}. It is not written to disk or logged, and it is forgotten when the tab closes. ` +
      'Make sure no one else can see your screen.',
    action: secret ? 'Show Secret' : 'Show Private Key',
  };
}
