import * as vscode from 'vscode';
import { keyName } from '../../core/keys/names';
import type { KeyRing } from '../keyRing';
import type { KeyEntry, KeyScope } from '../keyRingApi';
import { shortDate } from '../keyRingNames';
import type { Choice, Step } from './steps';
import { pickOne } from './steps';

/** A line describing a key for lists: algorithm, shape, scope, created, and what it can do. */
export function describeEntry(ring: KeyRing, entry: KeyEntry): string {
  const parts = [entry.alg, entry.size, entry.scope, shortDate(entry.created)];
  if (ring.isSecretMissing(entry.id)) parts.push('secret missing');
  else if (!entry.hasPrivate) parts.push('verify-only');
  return parts.join(' · ');
}

/** The key passed from the tree or by ring id, or one the person picks; undefined when there is none or they cancel. */
export async function keyFromArgOrPick(
  ring: KeyRing,
  arg: unknown,
  step: Step,
  filter: (entry: KeyEntry) => boolean = () => true,
  emptyMessage = 'The key ring is empty: run "JWT: Generate Key" or "JWT: Import Key" first.',
): Promise<KeyEntry | undefined> {
  if (typeof arg === 'string') {
    const named = ring.entry(arg);
    if (named) return named;
    void vscode.window.showErrorMessage(`${step.title}: there is no key ${keyName(arg)} in the key ring. Run "JWT: Show Keys" to see the keys it holds.`);
    return undefined;
  }
  if (isEntryArg(arg)) {
    const current = ring.entry(arg.id);
    if (current) return current;
  }
  const entries = ring.entries().filter(filter);
  if (entries.length === 0) {
    void vscode.window.showInformationMessage(emptyMessage);
    return undefined;
  }
  const items: Choice<KeyEntry>[] = entries.map((entry) => ({
    label: `$(key) ${entry.id}`,
    description: describeEntry(ring, entry),
    detail: keyDetail(entry),
    value: entry,
  }));
  return pickOne(items, { ...step, placeholder: 'Choose a key' });
}

/** The second line of a key in a list: its label when it has its own, and its whole kid. */
export function keyDetail(entry: Pick<KeyEntry, 'id' | 'label' | 'kid'>): string {
  return entry.label !== entry.id ? `${entry.label} · kid ${entry.kid}` : `kid ${entry.kid}`;
}

function isEntryArg(arg: unknown): arg is KeyEntry {
  return typeof arg === 'object' && arg !== null && typeof (arg as { id?: unknown }).id === 'string';
}

/** Where to keep a key; workspace first because that is what most projects want. */
export function pickScope(step: Step): Promise<KeyScope | undefined> {
  return pickOne<KeyScope>(
    [
      { label: '$(folder) This workspace', description: 'only this workspace sees the key', value: 'workspace' },
      { label: '$(globe) Every workspace (global)', description: 'the key is shared by all your workspaces on this machine', value: 'global' },
    ],
    { ...step, placeholder: 'Where should the key be kept?' },
  );
}
