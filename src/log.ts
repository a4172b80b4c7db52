import * as vscode from 'vscode';

// One log channel for the whole extension. `log: true` gives levels, so people
// can raise or lower verbosity with "Developer: Set Log Level…". Never log
// secrets or whole tokens: callers pass descriptions, not material.
let channel: vscode.LogOutputChannel | undefined;

export function log(): vscode.LogOutputChannel {
  channel ??= vscode.window.createOutputChannel('JWT Studio', { log: true });
  return channel;
}
