// The bodies of JWT: Trust Issuer…, JWT: Refresh Issuer Keys and JWT: Remove Trusted Issuer (the command
// table, commands/table.ts, registers them).
import * as vscode from 'vscode';
import type { TokenRefs } from '../documents/tokenRefs';
import { askText, confirmModal, pickOne } from '../keys/commands/steps';
import { isIssuerNode } from './issuerApi';
import { scopeWords, type ConfiguredIssuer } from './issuerSettings';
import type { TrustedIssuers } from './trustedIssuers';
import { keyCountWords, shownText } from './issuerWords';

/**
 * JWT: Trust Issuer… From a hover link the argument is `{ ref }` (a TokenRefs number, never token text) and
 * the issuer is the token's `iss`; from the palette or the Keys view the person types the URL. The first
 * fetch from the issuer's host is confirmed before anything is written; then the issuer joins the user's
 * setting and its keys are fetched.
 */
export async function trustIssuerCommand(issuers: TrustedIssuers, refs: TokenRefs, arg: unknown): Promise<void> {
  const core = issuers.core();
  // Only a reference from our own hover link: a string argument is not read as a token here.
  const token = typeof arg === 'object' && arg !== null && !isIssuerNode(arg) ? refs.resolve(arg) : undefined;
  const fromToken = token === undefined ? undefined : core.tokenIssuer(token);
  let issuer = fromToken !== undefined && core.parseIssuer(fromToken).ok ? fromToken : undefined;
  if (issuer === undefined) {
    issuer = await askText({
      title: 'JWT: Trust Issuer',
      step: 1,
      totalSteps: 1,
      prompt: 'The issuer URL, exactly as its tokens carry it in "iss". Its keys are found through its discovery document.',
      placeholder: 'https://login.example.com/realms/main',
      ...(fromToken !== undefined ? { value: fromToken.slice(0, 2048) } : {}),
      validate: (value) => {
        const parsed = core.parseIssuer(value);
        return parsed.ok ? undefined : parsed.error.message;
      },
    });
    if (issuer === undefined) return;
  }
  const parsed = core.parseIssuer(issuer);
  if (!parsed.ok) {
    void vscode.window.showErrorMessage(`JWT Studio: ${parsed.error.message}`);
    return;
  }
  const known = issuers.configured(parsed.issuer);
  if (known) {
    await issuers.fetchWithProgress(known);
    return;
  }
  if (!(await issuers.confirmIssuerHost(parsed.issuer, parsed.url))) return;
  // The fetch starts before the setting names the issuer, so the verdicts the new setting invalidates
  // wait for it rather than fetching again.
  const fetching = issuers.fetchWithProgress({ issuer: parsed.issuer, host: parsed.url.host, scopes: ['global'] });
  await issuers.addToUserSettings(parsed.issuer);
  await fetching;
}

/** JWT: Refresh Issuer Keys: the issuer of the Keys view row, or one the person picks. */
export async function refreshIssuerCommand(issuers: TrustedIssuers, arg: unknown): Promise<void> {
  const issuer = await issuerFromArgOrPick(issuers, arg, 'JWT: Refresh Issuer Keys');
  if (issuer) await issuers.fetchWithProgress(issuer);
}

/** JWT: Remove Trusted Issuer: from every setting that lists it, with its cached keys, after a confirmation. */
export async function removeIssuerCommand(issuers: TrustedIssuers, arg: unknown): Promise<void> {
  const issuer = await issuerFromArgOrPick(issuers, arg, 'JWT: Remove Trusted Issuer');
  if (!issuer) return;
  const name = shownText(issuer.issuer);
  const scopes = issuers.scopesHolding(issuer.issuer);
  const keys = issuers.stored(issuer)?.keys;
  const detail =
    `It is removed from ${scopes.map(scopeWords).join(' and ') || 'the settings'}` +
    `${keys ? `, and its ${keyCountWords(keys)} fetched are deleted from this machine` : ''}. Its tokens will no longer verify; trust it again to fetch its keys anew.`;
  if (!(await confirmModal(`Stop trusting issuer ${name}?`, detail, 'Remove'))) return;
  await issuers.remove(issuer.issuer);
}

async function issuerFromArgOrPick(issuers: TrustedIssuers, arg: unknown, title: string): Promise<ConfiguredIssuer | undefined> {
  if (isIssuerNode(arg) && arg.issuerNode === 'issuer') {
    const configured = issuers.configured(arg.issuer);
    if (configured) return configured;
  }
  const all = issuers.settings().issuers;
  if (all.length === 0) {
    void vscode.window.showInformationMessage('JWT Studio: no issuer is trusted yet. Run "JWT: Trust Issuer…" or use the link on the hover of a token from one.');
    return undefined;
  }
  return pickOne(
    all.map((issuer) => ({ label: shownText(issuer.issuer), description: scopesDescription(issuers, issuer), value: issuer })),
    { title, step: 1, totalSteps: 1, placeholder: 'Choose a trusted issuer' },
  );
}

function scopesDescription(issuers: TrustedIssuers, issuer: ConfiguredIssuer): string {
  const keys = issuers.stored(issuer)?.keys;
  return [keys ? keyCountWords(keys) : 'keys not fetched', issuer.scopes.map(scopeWords).join(', ')].join(' · ');
}
