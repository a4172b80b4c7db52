import * as vscode from 'vscode';
import { core } from '../../lazyCore';
import type { GenerateKeySpec, Result } from '../../core';
import { Commands } from '../../commands/ids';
import type { KeyMaterial } from '../../core';
import type { KeyRing } from '../keyRing';
import { keyIdProblem, keyLabelProblem, suggestKeyId } from '../keyRingNames';
import { pickScope } from './keyCommandSupport';
import type { Choice } from './steps';
import { askText, pickOne } from './steps';

const TITLE = 'Generate Signing Key';
const STEPS = 5;

interface AlgChoice {
  spec: GenerateKeySpec;
  idBase: string;
}

const separator = (label: string): Choice<AlgChoice> => ({ label, kind: vscode.QuickPickItemKind.Separator });
const choice = (label: string, description: string, spec: GenerateKeySpec, idBase: string): Choice<AlgChoice> => ({
  label,
  description,
  value: { spec, idBase },
});

// The shapes vendors ask for: RS256 with 2048 bits is the common "paste your public key" default.
const ALGORITHMS: Choice<AlgChoice>[] = [
  separator('Key pair: you paste the public key into the vendor'),
  choice('RS256 · RSA 2048', 'RSA PKCS#1 v1.5 with SHA-256: the most widely accepted', { alg: 'RS256', modulusLength: 2048 }, 'rs256'),
  choice('RS256 · RSA 3072', 'RSA with SHA-256, longer modulus', { alg: 'RS256', modulusLength: 3072 }, 'rs256'),
  choice('RS256 · RSA 4096', 'RSA with SHA-256, longest modulus (slow to generate)', { alg: 'RS256', modulusLength: 4096 }, 'rs256'),
  choice('PS256 · RSA 2048', 'RSA-PSS with SHA-256', { alg: 'PS256', modulusLength: 2048 }, 'ps256'),
  choice('ES256 · P-256', 'ECDSA on P-256 with SHA-256', { alg: 'ES256' }, 'es256'),
  choice('ES384 · P-384', 'ECDSA on P-384 with SHA-384', { alg: 'ES384' }, 'es384'),
  choice('ES512 · P-521', 'ECDSA on P-521 with SHA-512', { alg: 'ES512' }, 'es512'),
  choice('EdDSA · Ed25519', 'Ed25519 signatures', { alg: 'EdDSA' }, 'ed25519'),
  separator('Shared secret: the same secret on both sides'),
  choice('HS256 · 32-byte secret', 'HMAC with SHA-256', { alg: 'HS256' }, 'hs256'),
  choice('HS384 · 48-byte secret', 'HMAC with SHA-384', { alg: 'HS384' }, 'hs384'),
  choice('HS512 · 64-byte secret', 'HMAC with SHA-512', { alg: 'HS512' }, 'hs512'),
];

/** What a caller may pass to the command: `{ algorithms }` narrows the list to what a preset accepts. */
export function algorithmsFrom(arg: unknown): readonly string[] | undefined {
  const algorithms = (arg as { algorithms?: unknown } | null | undefined)?.algorithms;
  return Array.isArray(algorithms) && algorithms.every((a) => typeof a === 'string') ? algorithms : undefined;
}

/** The choices for these algorithms, each group's heading kept only when something is left under it. */
function choicesFor(algorithms: readonly string[] | undefined): Choice<AlgChoice>[] {
  if (!algorithms) return ALGORITHMS;
  const kept = ALGORITHMS.filter((c) => c.kind === vscode.QuickPickItemKind.Separator || (c.value && algorithms.includes(c.value.spec.alg)));
  return kept.filter((c, i) => c.kind !== vscode.QuickPickItemKind.Separator || (kept[i + 1] !== undefined && kept[i + 1]?.kind !== vscode.QuickPickItemKind.Separator));
}

/** JWT: Generate Signing Key — algorithm, id, label, kid, scope; then saves to the ring and returns the new id (undefined when cancelled). `algorithms` limits the first step. */
export async function generateSigningKey(ring: KeyRing, algorithms?: readonly string[]): Promise<string | undefined> {
  const choices = choicesFor(algorithms);
  const placeholder = algorithms ? `Choose the algorithm: ${algorithms.join(' or ')} fits this profile` : 'Choose the algorithm your vendor accepts';
  const picked = await pickOne(choices.length > 0 ? choices : ALGORITHMS, { title: TITLE, step: 1, totalSteps: STEPS, placeholder });
  if (!picked) return undefined;
  const taken = ring.entries().map((e) => e.id);
  const id = await askText({
    title: TITLE,
    step: 2,
    totalSteps: STEPS,
    prompt: 'Ring id: how profiles and commands name this key (letters, digits, ".", "_", "-")',
    value: suggestKeyId(undefined, picked.idBase, taken),
    validate: (value) => keyIdProblem(value, taken),
  });
  if (id === undefined) return undefined;
  const label = await askText({ title: TITLE, step: 3, totalSteps: STEPS, prompt: 'Label: a description for lists (optional)', value: id, validate: (value) => keyLabelProblem(value) });
  if (label === undefined) return undefined;
  const shared = picked.spec.alg.startsWith('HS');
  const kid = await askText({
    title: TITLE,
    step: 4,
    totalSteps: STEPS,
    prompt: shared
      ? 'kid: type the key id your vendor gave you, or leave empty for a random kid (a shared secret never gets its thumbprint: that would publish a hash of the secret)'
      : 'kid: type the key id your vendor gave you, or leave empty to use the RFC 7638 thumbprint of the public key',
    placeholder: shared ? 'empty = a random kid' : 'empty = RFC 7638 thumbprint',
    validate: (value) => (value.length > 256 ? 'A kid has at most 256 characters.' : undefined),
  });
  if (kid === undefined) return undefined;
  const scope = await pickScope({ title: TITLE, step: 5, totalSteps: STEPS });
  if (!scope) return undefined;

  const spec: GenerateKeySpec = { ...picked.spec, ...(kid ? { kid } : {}) };
  const generate = (): Promise<Result<{ key: KeyMaterial }>> => core().generateKey(spec);
  // RSA generation takes seconds on slow machines: show that something is happening.
  const result =
    spec.alg.startsWith('RS') || spec.alg.startsWith('PS')
      ? await vscode.window.withProgress(
          { location: vscode.ProgressLocation.Notification, title: `Generating an RSA ${spec.modulusLength ?? 2048}-bit key…` },
          generate,
        )
      : await generate();
  if (!result.ok) {
    void vscode.window.showErrorMessage(`Could not generate the key: ${result.error.message}`);
    return undefined;
  }
  const entry = await ring.add({ id, label: label || id, scope, material: result.key });
  const shape = core().describeKey(result.key);
  if (result.key.kty === 'oct') {
    const why = kid ? '' : ' (random: a thumbprint kid would be an unsalted hash of the secret in every token)';
    void vscode.window.showInformationMessage(`Key '${entry.id}' (${entry.alg}, ${shape}) saved to secret storage. kid: ${entry.kid}${why}`);
    return entry.id;
  }
  const exportNow = 'Export Public Key';
  // Not awaited: the command's caller (the Token Editor) gets the id now, while the offer stays on screen.
  void vscode.window
    .showInformationMessage(`Key '${entry.id}' (${entry.alg}, ${shape}) saved; its private half is in secret storage. kid: ${entry.kid}`, exportNow)
    .then((answer) => (answer === exportNow ? vscode.commands.executeCommand(Commands.exportPublicKey, entry) : undefined));
  return entry.id;
}
