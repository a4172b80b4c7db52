import * as vscode from 'vscode';
import { Commands } from '../../commands/ids';
import { keyName } from '../../core/keys/names';
import type { KeyRing } from '../keyRing';
import { keyIdProblem } from '../keyRingNames';
import { describeEntry, keyFromArgOrPick } from './keyCommandSupport';
import type { Choice } from './steps';
import { askText, confirmModal, pickOne } from './steps';

/** JWT: Rename Key — a new ring id (the secret moves with it). */
export async function renameKeyCommand(ring: KeyRing, arg?: unknown): Promise<void> {
  const fromTree = arg !== undefined;
  const total = fromTree ? 1 : 2;
  const entry = await keyFromArgOrPick(ring, arg, { title: 'Rename Key', step: 1, totalSteps: total });
  if (!entry) return;
  const taken = ring.entries().map((e) => e.id).filter((id) => id !== entry.id);
  const newId = await askText({
    title: `Rename Key: ${entry.id}`,
    step: total,
    totalSteps: total,
    prompt: 'New ring id (profiles that name the old id need the new one too)',
    value: entry.id,
    validate: (value) => keyIdProblem(value, taken),
  });
  if (newId === undefined || newId === entry.id) return;
  await ring.rename(entry.id, newId);
  void vscode.window.showInformationMessage(`Key '${entry.id}' is now '${newId}'. Its kid (${entry.kid}) is unchanged.`);
}

/** JWT: Delete Key — asks first; the private half cannot be recovered. */
export async function deleteKeyCommand(ring: KeyRing, arg?: unknown): Promise<void> {
  const entry = await keyFromArgOrPick(ring, arg, { title: 'Delete Key', step: 1, totalSteps: 1 });
  if (!entry) return;
  const detail = entry.hasPrivate
    ? `${describeEntry(ring, entry)}\n\nThe ${entry.kty === 'oct' ? 'shared secret' : 'private key'} is removed from secret storage and cannot be recovered. Tokens signed with it keep verifying only where its public key is still kept.`
    : `${describeEntry(ring, entry)}\n\nThis is a verify-only key; you can import it again later.`;
  if (!(await confirmModal(`Delete key ${keyName(entry.id, entry.kid)}?`, detail, 'Delete'))) return;
  await ring.remove(entry.id);
  void vscode.window.showInformationMessage(`Key ${keyName(entry.id, entry.kid)} deleted.`);
}

/** Copies a key's kid (from the tree's context menu). */
export async function copyKeyIdCommand(ring: KeyRing, arg?: unknown): Promise<void> {
  const entry = await keyFromArgOrPick(ring, arg, { title: 'Copy kid', step: 1, totalSteps: 1 });
  if (!entry) return;
  await vscode.env.clipboard.writeText(entry.kid);
  void vscode.window.setStatusBarMessage(`kid of '${entry.id}' copied`, 3000);
}

type KeyAction = 'export' | 'showJwk' | 'copyKid' | 'rename' | 'delete';

/** JWT: Show Keys — every key with what can be done to it. */
export async function showKeysCommand(ring: KeyRing): Promise<void> {
  await vscode.commands.executeCommand('jwtStudio.keys.focus');
  const entry = await keyFromArgOrPick(ring, undefined, { title: 'Keys', step: 1, totalSteps: 2 });
  if (!entry) return;
  const actions: Choice<KeyAction>[] = [
    ...(entry.kty !== 'oct'
      ? [
          { label: '$(export) Export Public Key', value: 'export' as const },
          { label: '$(json) Show Key JWK', value: 'showJwk' as const },
        ]
      : []),
    { label: '$(copy) Copy kid', description: entry.kid, value: 'copyKid' },
    { label: '$(edit) Rename Key', value: 'rename' },
    { label: '$(trash) Delete Key', value: 'delete' },
  ];
  const action = await pickOne(actions, { title: `Keys: ${entry.id}`, step: 2, totalSteps: 2, placeholder: describeEntry(ring, entry) });
  if (!action) return;
  const command = { export: Commands.exportPublicKey, showJwk: Commands.showKeyJwk, copyKid: Commands.copyKeyId, rename: Commands.renameKey, delete: Commands.deleteKey }[action];
  await vscode.commands.executeCommand(command, entry);
}
