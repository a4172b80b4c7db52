// src/commands/: every command the extension contributes. This file (the folder's entry) is the one
// table of them, id → what the command does when it fails and how it runs, registered with one error
// wrapper. The other files hold the bodies of the token commands (decode, verify, copy JSON, re-sign, open
// the Token Editor) and the ids (ids.ts, the same ids package.json lists). Key commands live in
// keys/commands/, trusted-issuer commands in the issuer bundle (issuers/issuerCommands.ts), profile
// commands in the profile bundle: their entries here call into them, the profile, key JWK and issuer
// ones through their bundle's load(), so nothing lazy is loaded before a command runs.
import * as vscode from 'vscode';
import type { Config } from '../config';
import type { DecodedDocuments } from '../documents/decodedDocuments';
import { MAX_COMMAND_TOKEN_LENGTH } from '../documents/decodedDocuments';
import type { TokenLocation } from '../documents/tokenCodeActions';
import type { TokenRefs } from '../documents/tokenRefs';
import type { TokenVerifier } from '../documents/tokenVerifier';
import { exportPublicKeyCommand } from '../keys/commands/exportPublicKeyCommand';
import { algorithmsFrom, generateKeyCommand } from '../keys/commands/generateKeyCommand';
import { importKeyCommand } from '../keys/commands/importKeyCommand';
import { copyKeyIdCommand, deleteKeyCommand, renameKeyCommand, showKeysCommand } from '../keys/commands/manageKeys';
import type { LazyIssuers } from '../issuers/lazy';
import type { KeyJwkApi } from '../keys/keyJwkLazy';
import type { KeyRing } from '../keys/keyRing';
import { KeyRingError } from '../keys/keyRing';
import { log } from '../log';
import type { ProfilesApi } from '../profiles/index';
import { copyTokenJson } from './copyTokenJson';
import { decodeTokenCommand } from './decodeToken';
import type { CommandId } from './ids';
import { Commands } from './ids';
import { openTokenEditorCommand } from './openTokenEditor';
import { resignTokenCommand } from './resignToken';
import { verifyTokenCommand } from './verifyToken';

/** One command: what it could not do when it fails ("decode the token"), and its body. */
export interface CommandEntry {
  readonly failure: string;
  readonly run: (arg?: unknown) => unknown;
}

/** What the commands work with; the lazy bundles come through their load(). */
export interface CommandDeps {
  readonly decoded: DecodedDocuments;
  readonly keyRing: KeyRing;
  readonly refs: TokenRefs;
  readonly verifier: TokenVerifier;
  readonly issuers: LazyIssuers;
  readonly config: () => Config;
  readonly profiles: () => ProfilesApi;
  readonly keyJwk: () => KeyJwkApi;
}

/** Every contributed command, keyed by id: the compiler refuses a table without one of them. */
export function commandTable(deps: CommandDeps): Readonly<Record<CommandId, CommandEntry>> {
  const { decoded, keyRing: ring, refs, verifier } = deps;
  const decode = (): Promise<void> => decodeTokenCommand(decoded, MAX_COMMAND_TOKEN_LENGTH);
  const command = (failure: string, run: CommandEntry['run']): CommandEntry => ({ failure, run });
  const uri = (arg: unknown): vscode.Uri | undefined => (arg instanceof vscode.Uri ? arg : undefined);
  return {
    [Commands.decodeToken]: command('decode the token', decode),
    [Commands.verifyToken]: command('verify the token', (arg) => verifyTokenCommand(ring, arg === undefined ? undefined : refs.resolve(arg))),
    [Commands.openDecoded]: command('open the decoded token', (arg) => {
      const token = refs.resolve(arg);
      return token === undefined ? decode() : decoded.open(token);
    }),
    [Commands.copyPayloadJson]: command('copy the payload JSON', (arg) => copyTokenJson(refs.resolve(arg), 'payload', verifier)),
    [Commands.copyHeaderJson]: command('copy the header JSON', (arg) => copyTokenJson(refs.resolve(arg), 'header', verifier)),
    [Commands.resignToken]: command('re-sign the token', (arg) => resignTokenCommand(arg as TokenLocation | undefined, ring, verifier, deps.config())),
    [Commands.showLog]: command('show the log', () => log().show()),
    [Commands.generateKey]: command('generate the key', (arg) => generateKeyCommand(ring, algorithmsFrom(arg))),
    [Commands.importKey]: command('import the key', () => importKeyCommand(ring)),
    [Commands.exportPublicKey]: command('export the public key', (arg) => exportPublicKeyCommand(ring, arg)),
    [Commands.renameKey]: command('rename the key', (arg) => renameKeyCommand(ring, arg)),
    [Commands.deleteKey]: command('delete the key', (arg) => deleteKeyCommand(ring, arg)),
    [Commands.showKeys]: command('show the keys', () => showKeysCommand(ring)),
    [Commands.copyKeyId]: command('copy the kid', (arg) => copyKeyIdCommand(ring, arg)),
    [Commands.showKeyJwk]: command("show the key's JWK", (arg) => deps.keyJwk().showKeyJwk(arg)),
    [Commands.showPrivateKeyJwk]: command("show the key's private JWK", (arg) => deps.keyJwk().showPrivateKeyJwk(arg)),
    [Commands.signProfileToken]: command('sign a token from the profile', (arg) => deps.profiles().signToken(uri(arg))),
    [Commands.copyEmbedUrl]: command('copy the embed URL', (arg) => deps.profiles().copyEmbedUrl(uri(arg))),
    [Commands.copyEmbedSnippet]: command('copy the embed snippet', (arg) => deps.profiles().copyEmbedSnippet(uri(arg))),
    [Commands.openEmbedUrl]: command('open the embed URL', (arg) => deps.profiles().openEmbedUrl(uri(arg))),
    [Commands.newTokenProfile]: command('create the token profile', () => deps.profiles().newProfile()),
    [Commands.openTokenEditor]: command('open the Token Editor', (arg) => openTokenEditorCommand(uri(arg))),
    [Commands.trustIssuer]: command('trust the issuer', (arg) => deps.issuers.load().trust(arg)),
    [Commands.refreshIssuer]: command("fetch the issuer's keys", (arg) => deps.issuers.load().refresh(arg)),
    [Commands.removeIssuer]: command('remove the issuer', (arg) => deps.issuers.load().remove(arg)),
    [Commands.copyIntegrationCode]: command('copy the integration code', (arg) => deps.profiles().copyIntegrationCode(uri(arg))),
  };
}

/**
 * The one error wrapper: a command's result (a new key's id) passes through; a key ring refusal is shown
 * as it is (its message says what to do); anything else goes to the log and the person is told where.
 */
export function guarded(id: string, entry: CommandEntry): (arg?: unknown) => Promise<unknown> {
  return async (arg) => {
    try {
      return await entry.run(arg);
    } catch (error) {
      if (error instanceof KeyRingError) {
        void vscode.window.showErrorMessage(error.message);
        return undefined;
      }
      log().error(`${id}: could not ${entry.failure}`, error);
      void vscode.window.showErrorMessage(`JWT Studio: could not ${entry.failure}. See the "JWT Studio" log for details.`);
      return undefined;
    }
  };
}

/** Registers every entry of the table, each through the error wrapper. */
export function registerCommands(table: Readonly<Record<CommandId, CommandEntry>>): vscode.Disposable[] {
  return Object.entries(table).map(([id, entry]) => vscode.commands.registerCommand(id, guarded(id, entry)));
}
