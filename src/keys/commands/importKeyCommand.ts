import * as vscode from 'vscode';
import { publicHalfRole } from '../../core/keys/roles';
import { tokenCore } from '../../bundles/tokenCore';
import { MAX_PBES2_COUNT, secretSizeProblem, useOf } from '../../core/jose/algorithms';
import type { ImportedKeys, KeyAlg, KeyMaterial } from '../../core';
import type { KeyRing } from '../keyRing';
import type { KeyScope } from '../keyRingApi';
import { keyIdProblem, keyKidProblem, suggestKeyId } from '../keyRingNames';
import { decryptPem, encryptedPemCostProblem, isEncryptedPem, reflowOneLinePem } from '../decryptPem';
import { pickScope } from './keyCommandSupport';
import { ALG_WORDS, PBES2_ALGS, encsForDirBytes, purposeChoices, secretSizeWords, separator, useWith } from './algorithmChoices';
import type { Choice, Step } from './steps';
import { askText, pickOne } from './steps';

const TITLE = 'Import Key';
/** Bigger than any key or key set; the core refuses more than this too. */
const MAX_INPUT_BYTES = 1_000_000;

type Source = 'clipboard' | 'file' | 'paste';

/**
 * JWT: Import Key — clipboard, file or pasted text; shows what was recognised before saving.
 *
 * Steps: source, [the pasted text], [the passphrase of an encrypted key], [what the key is for],
 * [kid, ring id: one key only], scope, confirm. The rule for "n/total": a total is shown only when
 * it is exact. Until the key has been read (the source, the paste box, the passphrase) later steps
 * still depend on what it is, so those steps show "n" alone; from the first step after the key is
 * read, the total is known and stays the same to the end. It never shrinks and never jumps ahead.
 */
export async function importKeyCommand(ring: KeyRing): Promise<void> {
  let step = 1;
  const source = await pickOne<Source>(
    [
      { label: '$(clippy) Clipboard', description: 'PEM, JWK, JWKS, certificate or shared secret you copied', value: 'clipboard' },
      { label: '$(file) File…', description: '.pem, .key, .crt, .json', value: 'file' },
      { label: '$(edit) Paste or type text', description: 'a shared secret, a one-line JWK, or a PEM', value: 'paste' },
    ],
    { title: TITLE, step: step++, placeholder: 'Where is the key?' },
  );
  if (!source) return;
  let text = await readSource(source, { title: TITLE, step });
  if (text === undefined) return;
  if (source === 'paste') step++;
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

  const plan = looksLikeKeyText(text) ? await readKeyText(text, step) : await readSecret(text, step);
  if (!plan) return;
  step = plan.step;
  const { result, total } = plan;

  const taken = ring.entries().map((e) => e.id);
  const ids: string[] = [];
  if (result.keys.length === 1) {
    const key = result.keys[0] as KeyMaterial;
    const id = await askText({
      title: TITLE,
      step: step++,
      totalSteps: total,
      prompt: 'Ring id: how profiles and commands name this key (letters, digits, ".", "_", "-")',
      value: suggestKeyId(key.kid, `${key.alg.toLowerCase().replace(/\+/g, '-')}-imported`, taken),
      validate: (value) => keyIdProblem(value, taken),
    });
    if (id === undefined) return;
    ids.push(id);
  } else {
    // A set gets ids from its kids; each can be renamed later.
    for (const key of result.keys) ids.push(suggestKeyId(key.kid, `${key.alg.toLowerCase().replace(/\+/g, '-')}-imported`, [...taken, ...ids]));
  }
  const scope = await pickScope({ title: TITLE, step: step++, totalSteps: total });
  if (!scope) return;
  if (!(await confirmImport(result, ids, scope, { step, total }))) return;

  for (let i = 0; i < result.keys.length; i++) {
    const id = ids[i] as string;
    await ring.add({ id, label: id, scope, material: result.keys[i] as KeyMaterial, kidGiven: result.details[i]?.kidGiven ?? false });
  }
  const publicOnly = result.keys.filter((k) => k.kty !== 'oct' && !k.privateJwk);
  const roles = [...new Set(publicOnly.map(publicHalfRole))].join(' / ');
  const only = result.keys.length === 1 ? (result.keys[0] as KeyMaterial) : undefined;
  void vscode.window.showInformationMessage(
    `Imported ${ids.length === 1 ? `key '${ids[0]}' (${only?.alg})` : `${ids.length} keys (${ids.join(', ')})`}` +
      (publicOnly.length > 0 ? `; ${publicOnly.length === ids.length ? `${roles}: no private key was given` : `${publicOnly.length} ${roles}`}` : '') +
      (only ? useWith(only) : '') +
      '.' +
      randomKidNote(result.randomKids),
  );
}

/** A read key (or set), the step the next question is on, and the exact total from here on. */
interface ReadKey {
  result: ImportedKeys;
  step: number;
  total: number;
}

/** The steps every import ends with: [kid and ring id for one key], scope, confirm. */
function stepsAfter(step: number, keys: number, purpose: boolean): number {
  return step - 1 + (purpose ? 1 : 0) + (keys === 1 ? 2 : 0) + 2;
}

/** PEM, JWK, JWKS or certificate: [passphrase], then what the key is for and its kid when it is one key. */
async function readKeyText(text: string, first: number): Promise<ReadKey | undefined> {
  let step = first;
  if (isEncryptedPem(text)) {
    const tooCostly = encryptedPemCostProblem(text);
    if (tooCostly) {
      void vscode.window.showErrorMessage(`Could not import the key: ${tooCostly}`);
      return undefined;
    }
    const opened = await askPassphrase(text, { title: TITLE, step: step++ });
    if (opened === undefined) return undefined;
    text = opened;
  }
  let result = await tokenCore().importKey(text, {});
  if (!result.ok) {
    void vscode.window.showErrorMessage(`Could not import the key: ${result.error.message}`);
    return undefined;
  }
  if (result.keys.length !== 1) {
    // A JWK Set keeps each key's own use and alg (inferred when a key has neither), without a question:
    // a set is what an issuer publishes for verifiers, and one answer could not suit keys of different types.
    return { result, step, total: stepsAfter(step, result.keys.length, false) };
  }
  const key = result.keys[0] as KeyMaterial;
  const algs = key.kty === 'oct' ? [] : (result.details[0]?.algs ?? []);
  const ask = algs.length > 1;
  const total = stepsAfter(step, 1, ask);
  let alg = key.alg;
  if (ask) {
    const picked = await pickOne(purposeChoices(algs, key.privateJwk !== undefined), {
      title: `${TITLE}: what is the key for?`,
      step: step++,
      totalSteps: total,
      // An Ed25519 private key only signs: the question is which name (EdDSA or RFC 9864's Ed25519) its tokens carry.
      placeholder: key.privateJwk
        ? algs.every((a) => useOf(a) === 'sig')
          ? `${shapeWords(key)} private key: which alg do its tokens carry? Ask what your verifier accepts`
          : `${shapeWords(key)} private key: does it sign tokens, or decrypt them?`
        : `${shapeWords(key)} public key: does it verify signatures, or are tokens encrypted to it?`,
    });
    if (!picked) return undefined;
    alg = picked;
  }
  const ownKid = result.details[0]?.kidGiven ? key.kid : undefined;
  const kid = await askText({
    title: TITLE,
    step: step++,
    totalSteps: total,
    prompt: ownKid
      ? "kid: the key's own kid. Change it only if your vendor names the key differently"
      : `kid: the key id your vendor gave this key (for example the signing-key id in its settings), or leave empty for ${key.kty === 'oct' ? 'a random kid' : 'the RFC 7638 thumbprint'}`,
    value: ownKid ?? '',
    placeholder: ownKid ? "empty = the key's own kid" : key.kty === 'oct' ? 'empty = a random kid' : 'empty = RFC 7638 thumbprint of the public key',
    validate: keyKidProblem,
  });
  if (kid === undefined) return undefined;
  if (alg !== key.alg || (kid !== '' && kid !== key.kid)) {
    result = await tokenCore().importKey(text, { alg, ...(kid ? { kid } : {}) });
    if (!result.ok) {
      void vscode.window.showErrorMessage(`Could not import the key: ${result.error.message}`);
      return undefined;
    }
  }
  return { result, step, total };
}

/** A shared secret: what it is for (its size checked before anything else happens), then its kid. */
async function readSecret(text: string, first: number): Promise<ReadKey | undefined> {
  let step = first;
  const total = stepsAfter(step, 1, true);
  const bytes = new TextEncoder().encode(text).length;
  const alg = await pickSecretAlg(bytes, { title: `${TITLE}: shared secret`, step: step++, totalSteps: total });
  if (!alg) return undefined;
  // The vendor's key id, if it gave one; otherwise a random kid (never the thumbprint: see RANDOM_KID_REASON).
  const kid = await askText({
    title: `${TITLE}: shared secret`,
    step: step++,
    totalSteps: total,
    prompt: "kid: the key id your vendor gave this secret (for example Tableau's secret id), or leave empty for a random kid",
    placeholder: 'empty = a random kid (a thumbprint would publish a hash of the secret)',
    validate: keyKidProblem,
  });
  if (kid === undefined) return undefined;
  const result = await tokenCore().importKey(text, { alg, format: 'secret', ...(kid ? { kid } : {}) });
  if (!result.ok) {
    void vscode.window.showErrorMessage(`Could not import the key: ${result.error.message}`);
    return undefined;
  }
  return { result, step, total };
}

const PBES2_OPT_IN = 'pbes2';

/**
 * Signing or encryption algorithms for a secret of `bytes` bytes, each with the size it needs. A choice
 * the secret's size does not fit comes back to the same list with the reason; PBES2 is listed only
 * after its opt-in item is chosen (same step: the list is replaced, the count does not move).
 */
async function pickSecretAlg(bytes: number, step: Step): Promise<KeyAlg | undefined> {
  const item = (alg: KeyAlg, words = ALG_WORDS[alg]): Choice<KeyAlg | typeof PBES2_OPT_IN> => {
    const problem = secretSizeProblem(alg, bytes);
    return { label: alg, description: `${words} · ${secretSizeWords(alg)}`, ...(problem ? { detail: `$(warning) this secret is ${bytes} bytes` } : {}), value: alg };
  };
  const dirFits = encsForDirBytes(bytes);
  const main: Choice<KeyAlg | typeof PBES2_OPT_IN>[] = [
    separator('Shared secret for signing (HMAC)'),
    item('HS256'),
    item('HS384'),
    item('HS512'),
    separator('Shared secret for encryption'),
    item('A128KW'),
    item('A192KW'),
    item('A256KW'),
    { ...item('dir', 'the secret is the content key'), ...(dirFits.length > 0 ? { detail: `this ${bytes}-byte secret: enc ${dirFits.join(' or ')}` } : {}) },
    { label: '$(unlock) Password-based (PBES2)…', description: `opt-in · PBKDF2, ${MAX_PBES2_COUNT.toLocaleString('en-US')} iterations, then AES key wrap`, value: PBES2_OPT_IN },
  ];
  const pbes2 = PBES2_ALGS.map((alg) => item(alg));
  let items = main;
  let placeholder = `A shared secret of ${bytes} bytes (its UTF-8 text). What is it for?`;
  for (;;) {
    // Enter takes the first algorithm this secret's size fits.
    const picked = await pickOne(items, { ...step, placeholder, active: (value) => value === PBES2_OPT_IN || !secretSizeProblem(value, bytes) });
    if (picked === undefined) return undefined;
    if (picked === PBES2_OPT_IN) {
      items = pbes2;
      placeholder = `PBES2 (${MAX_PBES2_COUNT.toLocaleString('en-US')} iterations per token): choose the variant the recipient accepts`;
      continue;
    }
    if (!secretSizeProblem(picked, bytes)) return picked;
    placeholder = `${picked} needs ${secretSizeWords(picked)}; this secret is ${bytes}. Choose another, or press Escape.`;
  }
}

/** "An RSA 2048-bit", "An EC P-256", "An X25519": the start of the purpose question. */
function shapeWords(key: KeyMaterial): string {
  if (key.kty === 'RSA') return `An RSA ${key.size.replace(' bits', '-bit')}`;
  return key.kty === 'EC' ? `An EC ${key.size}` : `An ${key.size}`;
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

async function readSource(source: Source, step: Step): Promise<string | undefined> {
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
async function askPassphrase(pem: string, step: Step): Promise<string | undefined> {
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
      description: `${key.alg} · ${tokenCore().describeKey(key)} · ${key.kty === 'oct' ? 'shared secret' : key.privateJwk ? `private key: can ${key.use === 'enc' ? 'decrypt' : 'sign'}` : `public key only: ${publicHalfRole(key)}`}`,
      detail: `kid ${key.kid}`,
    })),
    ...result.warnings.map((warning) => ({ label: '$(warning) Warning', detail: warning })),
  ];
  return (await pickOne(items, { title: TITLE, step: at.step, totalSteps: at.total, placeholder: 'Check what was found, then save' })) === true;
}
