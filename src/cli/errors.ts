// How the command line fails: one line on stderr that says what is wrong and
// what to do, and an exit code scripts can branch on.

/** Exit codes: 0 done (or valid), 1 invalid (a token or profile that does not pass), 2 bad usage or unreadable input, 70 an internal error. */
export const EXIT = { ok: 0, invalid: 1, usage: 2, internal: 70 } as const;
export type ExitCode = (typeof EXIT)[keyof typeof EXIT];

/** A failure a person can act on; `message` is the whole line after "jwt-studio: ". */
export class CliError extends Error {
  constructor(
    message: string,
    readonly exitCode: ExitCode = EXIT.usage,
  ) {
    super(message);
  }
}

/** Bad usage: the message, then where to read more. */
export function usage(command: string, message: string): CliError {
  return new CliError(`${message} (see "jwt-studio ${command} --help")`, EXIT.usage);
}
