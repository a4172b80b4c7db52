import * as vscode from 'vscode';
import { algorithmRow, ENC_KEY_BYTES, keyShapeFor } from '../../core/jose/algorithms';
import { tokenCore } from '../../bundles/tokenCore';
import { algorithmFits } from '../../core/profiles/keyFit';
import type { GenerateKeySpec, JweEnc, KeyAlg, Result } from '../../core';
import { Commands } from '../../commands/ids';
import type { KeyMaterial } from '../../core';
import type { KeyRing } from '../keyRing';
import { keyIdProblem, keyKidProblem, keyLabelProblem, suggestKeyId } from '../keyRingNames';
import { ALG_WORDS, PBES2_ALGS, separator, useWith } from './algorithmChoices';
import { pickScope } from './keyCommandSupport';
import type { Choice } from './steps';
import { askText, pickOne } from './steps';

const TITLE = 'Generate Key';

/** What the first list offers; `then` names the second question some algorithms need. */
interface AlgChoice {
  spec: GenerateKeySpec;
  then?: 'modulus' | 'curve' | 'enc' | 'pbes2';
}

const choice = (label: string, description: string, spec: GenerateKeySpec, then?: AlgChoice['then']): Choice<AlgChoice> => ({
  label,
  description,
  value: { spec, ...(then ? { then } : {}) },
});
const pair = (alg: KeyAlg, shape: string, then?: AlgChoice['then']): Choice<AlgChoice> => choice(`${alg} · ${shape}`, ALG_WORDS[alg], { alg }, then);
/** A secret of the size the algorithm table gives a generated one. */
const sharedSecret = (alg: KeyAlg): Choice<AlgChoice> => {
  const bytes = algorithmRow(alg).secret?.default ?? 32;
  return choice(`${alg} · ${bytes}-byte secret`, ALG_WORDS[alg], { alg, secretBytes: bytes });
};

// One line per algorithm, grouped by what the key is for; the RSA modulus, the
// ECDH curve, the enc of a dir key and the PBES2 variant are asked next, so the
// first list stays short enough to read and to filter by typing ("ps3", "oaep").
const ALGORITHMS: Choice<AlgChoice>[] = [
  separator('Signing key pair'),
  // The descriptions say what the groups are for: the public half goes to the vendor / the sender.
  pair('RS256', 'RSA', 'modulus'),
  pair('RS384', 'RSA', 'modulus'),
  pair('RS512', 'RSA', 'modulus'),
  pair('PS256', 'RSA', 'modulus'),
  pair('PS384', 'RSA', 'modulus'),
  pair('PS512', 'RSA', 'modulus'),
  pair('ES256', 'P-256'),
  pair('ES384', 'P-384'),
  pair('ES512', 'P-521'),
  // Both make an Ed25519 key; they differ in the name its tokens carry (EdDSA first: what most verifiers expect).
  pair('EdDSA', 'Ed25519'),
  pair('Ed25519', 'Ed25519, RFC 9864 name'),
  separator('Shared secret for signing'),
  sharedSecret('HS256'),
  sharedSecret('HS384'),
  sharedSecret('HS512'),
  separator('Encryption key pair'),
  pair('RSA-OAEP-256', 'RSA', 'modulus'),
  pair('RSA-OAEP', 'RSA', 'modulus'),
  pair('ECDH-ES', 'EC or X25519', 'curve'),
  pair('ECDH-ES+A128KW', 'EC or X25519', 'curve'),
  pair('ECDH-ES+A192KW', 'EC or X25519', 'curve'),
  pair('ECDH-ES+A256KW', 'EC or X25519', 'curve'),
  separator('Shared secret for encryption'),
  sharedSecret('A128KW'),
  sharedSecret('A192KW'),
  sharedSecret('A256KW'),
  choice('dir · content key', `${ALG_WORDS.dir}; its size follows the enc, chosen next`, { alg: 'dir' }, 'enc'),
  choice('$(unlock) Password-based (PBES2)…', 'opt-in: weaker than a random key; the variant and its iteration count next', { alg: 'PBES2-HS256+A128KW' }, 'pbes2'),
];

const MODULUS: Choice<GenerateKeySpec['modulusLength']>[] = [
  { label: 'RSA 2048 bits', description: 'what most vendors ask for', value: 2048 },
  { label: 'RSA 3072 bits', description: 'longer modulus', value: 3072 },
  { label: 'RSA 4096 bits', description: 'longest modulus (slow to generate)', value: 4096 },
];

const CURVES: Choice<NonNullable<GenerateKeySpec['crv']>>[] = [
  { label: 'P-256', description: 'the most widely supported', value: 'P-256' },
  { label: 'P-384', value: 'P-384' },
  { label: 'P-521', value: 'P-521' },
  { label: 'X25519', description: 'not every JOSE library accepts it yet', value: 'X25519' },
];

const DIR_ENCS: Choice<JweEnc>[] = (['A256GCM', 'A128GCM', 'A192GCM', 'A128CBC-HS256', 'A192CBC-HS384', 'A256CBC-HS512'] as const).map((enc) => ({
  label: `${enc} · ${ENC_KEY_BYTES[enc]}-byte key`,
  description: enc.endsWith('GCM') ? 'AES-GCM' : 'AES-CBC with HMAC',
  value: enc,
}));

const PBES2_CHOICES: Choice<KeyAlg>[] = PBES2_ALGS.map((alg) => ({ label: alg, description: ALG_WORDS[alg], detail: 'A random 32-byte password is generated; tokens carry the salt and iteration count.', value: alg }));

/** What a caller may pass to the command: `{ algorithms }` narrows the list to what a preset accepts. */
export function algorithmsFrom(arg: unknown): readonly string[] | undefined {
  const algorithms = (arg as { algorithms?: unknown } | null | undefined)?.algorithms;
  return Array.isArray(algorithms) && algorithms.every((a) => typeof a === 'string') ? algorithms : undefined;
}

/** The choices for these algorithms, each group's heading kept only when something is left under it. */
function choicesFor(algorithms: readonly string[] | undefined): Choice<AlgChoice>[] {
  if (!algorithms) return ALGORITHMS;
  const fits = (c: Choice<AlgChoice>): boolean => c.value !== undefined && (c.value.then === 'pbes2' ? PBES2_ALGS.some((a) => algorithmFits(a, algorithms)) : algorithmFits(c.value.spec.alg, algorithms));
  const kept = ALGORITHMS.filter((c) => c.kind === vscode.QuickPickItemKind.Separator || fits(c));
  return kept.filter((c, i) => c.kind !== vscode.QuickPickItemKind.Separator || (kept[i + 1] !== undefined && kept[i + 1]?.kind !== vscode.QuickPickItemKind.Separator));
}

/**
 * JWT: Generate Key — algorithm, [modulus / curve / enc / PBES2 variant], id, label, kid, scope; then saves
 * to the ring and returns the new id (undefined when cancelled). `algorithms` limits the first step.
 *
 * Step counts: the total is shown only once it is known. The first list shows it when every choice
 * in it leads to the same number of steps (a list narrowed to ES256, say); otherwise it shows "1"
 * alone, and from the second step on the total is exact and never changes.
 */
export async function generateKeyCommand(ring: KeyRing, algorithms?: readonly string[]): Promise<string | undefined> {
  const narrowed = choicesFor(algorithms);
  const choices = narrowed.some((c) => c.value) ? narrowed : ALGORITHMS;
  const placeholder = algorithms ? `Choose the algorithm: ${algorithms.join(' or ')} fits this profile` : 'Choose the algorithm your vendor accepts, or what the key is for';
  const lengths = new Set(choices.filter((c) => c.value).map((c) => (c.value?.then ? 6 : 5)));
  const firstTotal = lengths.size === 1 ? [...lengths][0] : undefined;
  const picked = await pickOne(choices, { title: TITLE, step: 1, totalSteps: firstTotal, placeholder });
  if (!picked) return undefined;
  const total = picked.then ? 6 : 5;
  let step = 2;
  const spec: GenerateKeySpec = { ...picked.spec };
  if (picked.then) {
    const at = { title: TITLE, step: step++, totalSteps: total };
    if (picked.then === 'modulus') {
      const bits = await pickOne(MODULUS, { ...at, placeholder: `${spec.alg}: choose the modulus length` });
      if (!bits) return undefined;
      spec.modulusLength = bits;
    } else if (picked.then === 'curve') {
      const crv = await pickOne(CURVES, { ...at, placeholder: `${spec.alg}: choose the curve the recipient uses` });
      if (!crv) return undefined;
      spec.crv = crv;
    } else if (picked.then === 'enc') {
      const enc = await pickOne(DIR_ENCS, { ...at, placeholder: 'dir: the key is the content key, so its size is the enc’s. Choose the enc the recipient uses' });
      if (!enc) return undefined;
      spec.secretBytes = ENC_KEY_BYTES[enc];
    } else {
      const alg = await pickOne(PBES2_CHOICES, { ...at, placeholder: 'Password-based encryption: choose the variant the recipient accepts' });
      if (!alg) return undefined;
      spec.alg = alg;
      spec.secretBytes = algorithmRow(alg).secret?.default ?? 32;
    }
  }
  const taken = ring.entries().map((e) => e.id);
  const id = await askText({
    title: TITLE,
    step: step++,
    totalSteps: total,
    prompt: 'Ring id: how profiles and commands name this key (letters, digits, ".", "_", "-")',
    value: suggestKeyId(undefined, idBase(spec), taken),
    validate: (value) => keyIdProblem(value, taken),
  });
  if (id === undefined) return undefined;
  const label = await askText({ title: TITLE, step: step++, totalSteps: total, prompt: 'Label: a description for lists (optional)', value: id, validate: (value) => keyLabelProblem(value) });
  if (label === undefined) return undefined;
  const shared = keyShapeFor(spec.alg).kty[0] === 'oct';
  const kid = await askText({
    title: TITLE,
    step: step++,
    totalSteps: total,
    prompt: shared
      ? 'kid: type the key id your vendor gave you, or leave empty for a random kid (a shared secret never gets its thumbprint: that would publish a hash of the secret)'
      : 'kid: type the key id your vendor gave you, or leave empty to use the RFC 7638 thumbprint of the public key',
    placeholder: shared ? 'empty = a random kid' : 'empty = RFC 7638 thumbprint',
    validate: keyKidProblem,
  });
  if (kid === undefined) return undefined;
  const scope = await pickScope({ title: TITLE, step: step++, totalSteps: total });
  if (!scope) return undefined;

  if (kid) spec.kid = kid;
  const generate = (): Promise<Result<{ key: KeyMaterial }>> => tokenCore().generateKey(spec);
  // RSA generation takes seconds on slow machines: show that something is happening.
  const result =
    spec.modulusLength !== undefined
      ? await vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title: `Generating an RSA ${spec.modulusLength}-bit key…` }, generate)
      : await generate();
  if (!result.ok) {
    void vscode.window.showErrorMessage(`Could not generate the key: ${result.error.message}`);
    return undefined;
  }
  const entry = await ring.add({ id, label: label || id, scope, material: result.key, kidGiven: kid !== '' });
  const shape = tokenCore().describeKey(result.key);
  if (result.key.kty === 'oct') {
    const why = kid ? '' : ' (random: a thumbprint kid would be an unsalted hash of the secret in every token)';
    void vscode.window.showInformationMessage(`Key '${entry.id}' (${entry.alg}, ${shape}) saved to secret storage${useWith(result.key)}. kid: ${entry.kid}${why}`);
    return entry.id;
  }
  const exportNow = 'Export Public Key';
  const half = entry.use === 'enc' ? 'share the public half with whoever encrypts to you' : 'paste the public half into the vendor';
  // Not awaited: the command's caller (the Token Editor) gets the id now, while the offer stays on screen.
  void vscode.window
    .showInformationMessage(`Key '${entry.id}' (${entry.alg}, ${shape}) saved; its private half is in secret storage, ${half}. kid: ${entry.kid}`, exportNow)
    .then((answer) => (answer === exportNow ? vscode.commands.executeCommand(Commands.exportPublicKey, entry) : undefined));
  return entry.id;
}

/** "rs512", "ecdh-es-a128kw", "pbes2-hs256-a128kw": the start of a suggested ring id. */
function idBase(spec: GenerateKeySpec): string {
  return spec.alg.toLowerCase().replace(/\+/g, '-');
}
