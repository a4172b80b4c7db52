// Before a token leaves for a host: a warning every time it would travel in
// clear text (http:// to another machine), and a confirmation the first time it
// goes to a host, remembered in the user's global state.

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

/** The first time a token goes to a host, the user confirms the host; confirmed hosts are remembered. */
export async function confirmHost(globalState: vscode.Memento, host: string | undefined, verb: 'copy' | 'open'): Promise<boolean> {
  if (!host) return true;
  const confirmed = globalState.get<string[]>(CONFIRMED_HOSTS_KEY, []);
  if (confirmed.includes(host)) return true;
  const action = verb === 'open' ? 'Open' : 'Copy';
  const answer = await vscode.window.showWarningMessage(
    `Send a signed token to ${host}?`,
    { modal: true, detail: `This is the first time a token from a profile goes to ${host}. Anyone who receives the URL can use the token until it expires.` },
    action,
  );
  if (answer !== action) return false;
  await globalState.update(CONFIRMED_HOSTS_KEY, [...confirmed, host].slice(-200));
  return true;
}

/** Both checks, clear text first; false when the user declines either. */
export async function confirmSend(globalState: vscode.Memento, rendered: { host?: string; cleartextHost?: string }, verb: 'copy' | 'open'): Promise<boolean> {
  return (await confirmCleartext(rendered.cleartextHost, verb)) && (await confirmHost(globalState, rendered.host, verb));
}
