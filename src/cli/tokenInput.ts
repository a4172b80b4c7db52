// The token a command works on: the argument, or stdin for "-" (and for no
// argument when something is piped in). Decoding strips a leading "Bearer ".

import { decodeToken, type DecodedToken } from '../core/token/decode';
import { CliError, EXIT, usage } from './errors';
import { readStdin } from './io';

/** The raw token text from the argument or stdin; a usage error when there is none. */
export function tokenText(command: string, argument: string | undefined): string {
  if (argument !== undefined && argument !== '-') return argument;
  if (argument === undefined && process.stdin.isTTY) throw usage(command, 'no token given: pass it as an argument, or "-" to read it from stdin');
  const text = readStdin('the token');
  if (text.trim() === '') throw new CliError('no token on stdin (it was empty or closed); pipe a token in or pass it as an argument', EXIT.usage);
  return text;
}

/** The decoded token; exit 2 with the decoder's own message when the text is not a token. */
export function decodeOrFail(text: string): DecodedToken {
  const decoded = decodeToken(text);
  if (!decoded.ok) throw new CliError(`not a token: ${decoded.error.message}`, EXIT.usage);
  return decoded.token;
}
