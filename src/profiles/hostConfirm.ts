// Before a token leaves for a host: a warning every time it would travel in
// clear text (http:// to another machine), and a confirmation the first time it
// goes to a host, remembered in the user's global state. The same first-contact
// question (confirmNewHost) guards the first fetch from an issuer's host (src/issuers/).

import * as vscode from 'vscode';

const CONFIRMED_HOSTS_KEY = 'jwtStudio.confirmedEmbedHosts';

/** Plain http:// to a host other than this machine: the user chooses, every time, whether the token may travel in clear text. */
export async function confirmCleartext(host: string | undefined, verb: 'copy' | 'open'): Promise<boolean> {
  if (!host) return true;
  const action = verb === 'open' ? 'Open over http anyway' : 'Copy anyway';
  const answer = await vscode.window.showWarningMessage(
    `The token would travel to ${host} in clear text.`,
    { modal: true, detail: `This embed uses http://, not https://, so anyone on the network between you and ${host} can read the token and use it until it expires (RFC 6750 §5.3). Use an https:// address in the profile if the service has one.` },
    action,
  );
  return answer === action;
}

/** What the first contact with a host asks: the remembered list it joins, the question, the detail and the one action that says yes. */
export interface NewHostQuestion {
  /** globalState key of the hosts confirmed so far (embed hosts and issuer hosts are kept apart). */
  key: string;
  host: string;
  message: string;
  detail: string;
  action: string;
}

/** Whether `host` is on the remembered list `key`. */
export function isHostConfirmed(globalState: vscode.Memento, key: string, host: string): boolean {
  return globalState.get<string[]>(key, []).includes(host);
}

/** The first time a host is contacted, a modal names it and asks; a yes is remembered in the user's global state. */
export async function confirmNewHost(globalState: vscode.Memento, question: NewHostQuestion): Promise<boolean> {
  if (isHostConfirmed(globalState, question.key, question.host)) return true;
  const answer = await vscode.window.showWarningMessage(question.message, { modal: true, detail: question.detail }, question.action);
  if (answer !== question.action) return false;
  const confirmed = globalState.get<string[]>(question.key, []);
  if (!confirmed.includes(question.host)) await globalState.update(question.key, [...confirmed, question.host].slice(-200));
  return true;
}

/** The first time a token goes to a host, the user confirms the host; confirmed hosts are remembered. */
export async function confirmHost(globalState: vscode.Memento, host: string | undefined, verb: 'copy' | 'open'): Promise<boolean> {
  if (!host) return true;
  return confirmNewHost(globalState, {
    key: CONFIRMED_HOSTS_KEY,
    host,
    message: `Send a signed token to ${host}?`,
    detail: `This is the first time a token from a profile goes to ${host}. Anyone who receives the URL can use the token until it expires.`,
    action: verb === 'open' ? 'Open' : 'Copy',
  });
}

/** Both checks, clear text first; false when the user declines either. */
export async function confirmSend(globalState: vscode.Memento, rendered: { host?: string; cleartextHost?: string }, verb: 'copy' | 'open'): Promise<boolean> {
  return (await confirmCleartext(rendered.cleartextHost, verb)) && (await confirmHost(globalState, rendered.host, verb));
}
