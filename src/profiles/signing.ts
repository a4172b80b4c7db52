// The signing pipeline of a profile: parse, the request from the preset's
// rules, the ring key (trusted workspace, private half, fits the preset),
// signToken, and encryptToken when the profile says `encrypt`; and the embed
// URL and snippets around a freshly signed token.

import * as vscode from 'vscode';
import { buildTokenRequest, encryptToken, renderEmbed, signToken } from '../core';
import type { Preset, ProfileParse, RenderedEmbed } from '../core';
import { keyName } from '../core/keys/names';
import { keyFitsPreset } from '../core/profiles/keyFit';
import type { KeyRingReader } from '../keys/keyRingApi';
import { profileDisplayName } from './profileFiles';
import { log, ProfileError } from './profileErrors';

/** A signed token: `jws` is the signed JWT, `token` what to hand out (the JWE around it when the profile says `encrypt`). */
export interface SignedProfile {
  token: string;
  jws: string;
  encrypted: boolean;
  name: string;
}

/** The profile's name and preset, or the refusal everything made from a profile gives: its first error (and where it is), or no preset. */
export function checkedProfile(doc: vscode.TextDocument, parsed: ProfileParse): { name: string; preset: Preset } {
  const name = profileDisplayName(doc.uri, (uri) => vscode.workspace.asRelativePath(uri));
  const errors = parsed.diagnostics.filter((d) => d.severity === 'error');
  if (errors[0]) {
    const line = doc.positionAt(errors[0].start).line + 1;
    throw new ProfileError(`${name} has ${errors.length} problem${errors.length === 1 ? '' : 's'} to fix first; line ${line}: ${errors[0].message}`, { uri: doc.uri, line });
  }
  if (!parsed.preset) throw new ProfileError(`${name} names no known preset: add \`preset: <id>\` (see "JWT: New Token").`);
  return { name, preset: parsed.preset };
}

/** Signs a token from a parsed profile; throws ProfileError with what to fix. */
export async function signProfile(doc: vscode.TextDocument, parsed: ProfileParse, keyRing: KeyRingReader): Promise<SignedProfile> {
  const { name, preset } = checkedProfile(doc, parsed);
  const request = buildTokenRequest(parsed.profile, preset, Date.now());
  if (!request.ok) throw new ProfileError(request.error.message);
  const entry = keyRing.entries().find((e) => e.id === request.keyId);
  if (!entry) throw new ProfileError(`Key '${request.keyId}' is not in the key ring: add it with "JWT: Import Key" or "JWT: Generate Key", or change \`key:\` in ${name}.`);
  if (!vscode.workspace.isTrusted && entry.scope !== 'workspace') {
    throw new ProfileError(`Key ${keyName(entry.id, entry.kid)} is a global key, and this workspace is not trusted: trust the workspace, or import a key for this workspace only.`);
  }
  if (!entry.hasPrivate) throw new ProfileError(`Key ${keyName(entry.id, entry.kid)} can only verify (no private key or secret is stored): import its private key or secret to sign.`);
  const fit = keyFitsPreset(entry, preset, parsed.profile.alg);
  if (!fit.ok) throw new ProfileError(fit.message);
  const key = await keyRing.material(entry.id);
  if (!key?.privateJwk) throw new ProfileError(`The secret of key ${keyName(entry.id, entry.kid)} is missing from this machine's secret storage: import the key again.`);
  const signed = await signToken({ key, ...request.sign });
  if (!signed.ok) throw new ProfileError(signed.error.message);
  for (const warning of signed.warnings) log().warn(`Signing ${name}: ${warning}`);
  log().info(`Signed a token from ${name} with key ${entry.id} (${entry.alg}, ${entry.scope})`);
  const encrypt = parsed.profile.encrypt;
  if (!encrypt) return { token: signed.token, jws: signed.token, encrypted: false, name };
  const recipient = keyRing.entries().find((e) => e.id === encrypt.key);
  if (!recipient) throw new ProfileError(`Encryption key '${encrypt.key}' is not in the key ring: import the recipient's public key with "JWT: Import Key", or change encrypt.key in ${name}.`);
  const recipientKey = await keyRing.material(recipient.id);
  if (!recipientKey) throw new ProfileError(`Key ${keyName(recipient.id, recipient.kid)} could not be read from secret storage: import it again.`);
  // A PBES2 key was chosen as such when it was generated or imported (an opt-in with its iteration count shown).
  const encrypted = await encryptToken({ key: recipientKey, enc: encrypt.enc ?? 'A256GCM', plaintext: signed.token, allowPbes2: recipientKey.alg.startsWith('PBES2-') });
  if (!encrypted.ok) throw new ProfileError(encrypted.error.message);
  log().info(`Encrypted the token from ${name} to key ${recipient.id} (${recipient.alg}, ${encrypt.enc ?? 'A256GCM'})`);
  return { token: encrypted.token, jws: signed.token, encrypted: true, name };
}

/** The embed URL and snippets of a profile around a token signed now, at the moment of copying, so its lifetime starts when it is used. */
export async function renderProfileEmbed(parsed: ProfileParse, sign: () => Promise<SignedProfile>): Promise<RenderedEmbed> {
  if (!parsed.preset?.embed) throw new ProfileError(`The ${parsed.preset?.name ?? 'profile'} preset has no embed URL or snippet; use "JWT: Sign Token" instead.`);
  const { token } = await sign();
  const rendered = renderEmbed(parsed.preset, parsed.profile.embed, token);
  if (!rendered.ok) throw new ProfileError(rendered.error.message);
  return rendered;
}
