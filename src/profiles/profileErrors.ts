// The profile bundle's log channel (handed over by the main bundle, so both
// bundles write to one channel) and its one error type: failures the user can
// fix, whose message says how.

import type * as vscode from 'vscode';

let channel: vscode.LogOutputChannel | undefined;

/** The main bundle's log channel becomes this bundle's. */
export function setLog(logChannel: vscode.LogOutputChannel): void {
  channel = logChannel;
}

export function log(): vscode.LogOutputChannel {
  if (!channel) throw new Error('activateProfiles has not run');
  return channel;
}

/** Where the problem to fix is, when it is a line of a profile (the error offers to show it). */
export interface ProblemPlace {
  uri: vscode.Uri;
  /** 1-based. */
  line: number;
}

/** Thrown for failures the user can fix; the message says how. */
export class ProfileError extends Error {
  constructor(
    message: string,
    readonly problem?: ProblemPlace,
  ) {
    super(message);
  }
}

/** What to tell the user about a failed command: a ProfileError's own words, else a pointer to the log. */
export function describeFailure(what: string, error: unknown): string {
  if (error instanceof ProfileError) {
    log().warn(`${what}: ${error.message}`);
    return error.message;
  }
  log().error(`${what} failed`, error);
  return `${what} failed. See the "JWT Studio" log for details.`;
}
