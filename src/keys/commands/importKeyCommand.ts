import * as vscode from 'vscode';
import { publicHalfRole } from '../../core/keyRoles';
import { core } from '../../lazyCore';
import type { ImportedKeys, JwsAlg, KeyMaterial } from '../../core';
import type { KeyRing } from '../keyRing';
import type { KeyScope } from '../keyRingApi';
import { keyIdProblem, suggestKeyId } from '../keyRingNames';
import { decryptPem, encryptedPemCostProblem, isEncryptedPem, reflowOneLinePem } from '../decryptPem';
import { pickScope } from './keyCommandSupport';
import type { Choice } from './steps';
import { askText, pickOne } from './steps';

const TITLE = 'Import Key';
/** Bigger than any key or key set; the core refuses more than this too. */
const MAX_INPUT_BYTES = 1_000_000;

type Source = 'clipboard' | 'file' | 'paste';

/** JWT: Import Key — clipboard, file or pasted text; shows what was recognised before saving. */
export async function importKeyCommand(ring: KeyRing): Promise<void> {
  let total = 4;
  const source = await pickOne<Source>(
    [
      { label: '$(clippy) Clipboard', description: 'PEM, JWK, JWKS, certificate or shared secret you copied', value: 'clipboard' },
      { label: '$(file) File…', description: '.pem, .key, .crt, .json', value: 'file' },
      { label: '$(edit) Paste or type text', description: 'a shared secret, a one-line JWK, or a PEM', value: 'paste' },
    ],
    { title: TITLE, step: 1, totalSteps: total, placeholder: 'Where is the key?' },
  );
  if (!source) return;
  let text = await readSource(source, { title: TITLE, step: 2, totalSteps: total });
  if (text === undefined) return;
  if (text.length > MAX_INPUT_BYTES) {
    void vscode.window.showErrorMessage(`The ${source === 'clipboard' ? 'clipboard holds' : 'text is'} ${text.length} characters: that is not a key or key set. Copy the key itself.`);
    return;
  }
  text = reflowOneLinePem(text.trim());
  if (text === '') {
    void vscode.window.showErrorMessage(
      source === 'clipboard' ? 'The clipboard is empty: copy the key first, or choose File… or Paste.' : 'Nothing to import: the text is empty. Run "JWT: Import Key" again with the key.',
    );
    return;
  }

  let step = source === 'paste' ? 3 : 2;
  const isSecret = !looksLikeKeyText(text);
  const encrypted = isEncryptedPem(text);
  total = step + 2 + (isSecret ? 2 : 0) + (encrypted ? 1 : 0);
  const tooCostly = encrypted ? encryptedPemCostProblem(text) : undefined;
  if (tooCostly) {
    void vscode.window.showErrorMessage(`Could not import the key: ${tooCostly}`);
    return;
  }

  let alg: JwsAlg | undefined;
  let kid: string | undefined;
  if (isSecret) {
    alg = await pickOne<JwsAlg>(
      [
        { label: 'HS256', description: 'HMAC with SHA-256: secret of at least 32 bytes', value: 'HS256' },
        { label: 'HS384', description: 'HMAC with SHA-384: secret of at least 48 bytes', value: 'HS384' },
        { label: 'HS512', description: 'HMAC with SHA-512: secret of at least 64 bytes', value: 'HS512' },
      ],
      { title: `${TITLE}: shared secret`, step: step++, totalSteps: total, placeholder: 'This looks like a shared secret. Which algorithm does your vendor sign with?' },
    );
    if (!alg) return;
    // The vendor's key id, if it gave one; otherwise a random kid (never the thumbprint: see RANDOM_KID_REASON).
    kid = await askText({
      title: `${TITLE}: shared secret`,
      step: step++,
      totalSteps: total,
      prompt: "kid: the key id your vendor gave this secret (for example Tableau's secret id), or leave empty for a random kid",
      placeholder: 'empty = a random kid (a thumbprint would publish a hash of the secret)',
      validate: (value) => (value.length > 256 ? 'A kid has at most 256 characters.' : undefined),
    });
    if (kid === undefined) return;
  }
  if (encrypted) {
    const opened = await askPassphrase(text, { title: TITLE, step: step++, totalSteps: total });
    if (opened === undefined) return;
    text = opened;
  }

  const result = await core().importKey(text, alg ? { alg, format: 'secret', ...(kid ? { kid } : {}) } : {});
  if (!result.ok) {
    void vscode.window.showErrorMessage(`Could not import the key: ${result.error.message}`);
    return;
  }

  const taken = ring.entries().map((e) => e.id);
  const ids: string[] = [];
  if (result.keys.length === 1) {
    const key = result.keys[0] as KeyMaterial;
    const id = await askText({
      title: TITLE,
      step: step++,
      totalSteps: total,
      prompt: 'Ring id: how profiles and commands name this key (letters, digits, ".", "_", "-")',
      value: suggestKeyId(key.kid, `${key.alg.toLowerCase()}-imported`, taken),
      validate: (value) => keyIdProblem(value, taken),
    });
    if (id === undefined) return;
    ids.push(id);
  } else {
    // A set gets ids from its kids; each can be renamed later.
    for (const key of result.keys) ids.push(suggestKeyId(key.kid, `${key.alg.toLowerCase()}-imported`, [...taken, ...ids]));
    step++;
  }
  const scope = await pickScope({ title: TITLE, step: step++, totalSteps: total });
  if (!scope) return;
  if (!(await confirmImport(result, ids, scope, { step, total }))) return;

  for (let i = 0; i < result.keys.length; i++) {
    const id = ids[i] as string;
    await ring.add({ id, label: id, scope, material: result.keys[i] as KeyMaterial });
  }
  const publicOnly = result.keys.filter((k) => k.kty !== 'oct' && !k.privateJwk);
  const roles = [...new Set(publicOnly.map(publicHalfRole))].join(' / ');
  void vscode.window.showInformationMessage(
    `Imported ${ids.length === 1 ? `key '${ids[0]}'` : `${ids.length} keys (${ids.join(', ')})`}` +
      (publicOnly.length > 0 ? `; ${publicOnly.length === ids.length ? `${roles}: no private key was given` : `${publicOnly.length} ${roles}`}.` : '.') +
      randomKidNote(result.randomKids),
  );
}

/** Why a shared secret got a random kid, for the message after saving. */
function randomKidNote(randomKids: readonly string[]): string {
  if (randomKids.length === 0) return '';
  const which = randomKids.length === 1 ? `Its kid is random (${randomKids[0]})` : `The ${randomKids.length} shared secrets got random kids`;
  return ` ${which}: a thumbprint kid would be an unsalted SHA-256 of the secret in every token header, which lets anyone holding a token test guesses of the secret offline. If your vendor expects a particular kid, set it in the profile's header.`;
}

/**
 * PEM (any case, any run of dashes) or JSON (or base64 DER / OpenSSH) is key
 * text; anything else is read as a shared secret. The core refuses key text as
 * a secret in any encoding; this only decides which questions to ask.
 */
function looksLikeKeyText(text: string): boolean {
  return /--- ?BEGIN /i.test(text) || /^[[{]/.test(text) || /^(ssh-|ecdsa-sha2-)/.test(text) || /^MI[A-Za-z0-9+/]{60,}/.test(text.replace(/\s+/g, ''));
}

async function readSource(source: Source, step: { title: string; step: number; totalSteps: number }): Promise<string | undefined> {
  if (source === 'clipboard') return vscode.env.clipboard.readText();
  if (source === 'paste') {
    return askText({
      ...step,
      prompt: 'Paste the key or shared secret, then press Enter. It is not saved until you confirm.',
      password: true,
      validate: (value) => (value === '' ? 'Paste the key text, or press Escape to cancel.' : undefined),
    });
  }
  const picked = await vscode.window.showOpenDialog({
    title: `${TITLE}: choose a key file`,
    canSelectMany: false,
    filters: { 'Keys and certificates': ['pem', 'key', 'crt', 'cer', 'pub', 'json', 'jwk', 'jwks', 'txt'], 'All files': ['*'] },
  });
  const uri = picked?.[0];
  if (!uri) return undefined;
  const stat = await vscode.workspace.fs.stat(uri);
  if (stat.size > MAX_INPUT_BYTES) {
    void vscode.window.showErrorMessage(`${uri.fsPath} is ${stat.size} bytes: that is not a key or key set. Choose the key file itself.`);
    return undefined;
  }
  return new TextDecoder().decode(await vscode.workspace.fs.readFile(uri));
}

/** Asks for the passphrase until it opens the key; undefined when the person gives up. */
async function askPassphrase(pem: string, step: { title: string; step: number; totalSteps: number }): Promise<string | undefined> {
  let problem: string | undefined;
  for (;;) {
    const passphrase = await askText({
      ...step,
      title: `${step.title}: encrypted private key`,
      prompt: 'The private key is encrypted. Type its passphrase; the decrypted key is stored only in secret storage.',
      password: true,
      problem,
      validate: (value) => (value === '' ? 'Type the passphrase, or press Escape to cancel.' : undefined),
    });
    if (passphrase === undefined) return undefined;
    const opened = decryptPem(pem, passphrase);
    if (opened) return opened;
    problem = 'That passphrase does not open the key. Try again, or press Escape (openssl pkcs8 -in key.pem -out plain.pem decrypts it outside the editor).';
  }
}

async function confirmImport(result: ImportedKeys, ids: string[], scope: KeyScope, at: { step: number; total: number }): Promise<boolean> {
  const items: Choice<boolean>[] = [
    { label: `$(check) Save ${ids.length === 1 ? 'the key' : `${ids.length} keys`}`, description: scope === 'global' ? 'to every workspace' : 'to this workspace', detail: result.recognised, value: true },
    { label: '$(close) Cancel', value: false },
    { label: 'Recognised', kind: vscode.QuickPickItemKind.Separator },
    ...result.keys.map((key, i) => ({
      label: `$(key) ${ids[i] ?? key.kid}`,
      description: `${key.alg} · ${core().describeKey(key)} · ${key.kty === 'oct' ? 'shared secret' : key.privateJwk ? `private key: can ${key.use === 'enc' ? 'decrypt' : 'sign'}` : `public key only: ${publicHalfRole(key)}`}`,
      detail: `kid ${key.kid}`,
    })),
    ...result.warnings.map((warning) => ({ label: '$(warning) Warning', detail: warning })),
  ];
  return (await pickOne(items, { title: TITLE, step: at.step, totalSteps: at.total, placeholder: 'Check what was found, then save' })) === true;
}
