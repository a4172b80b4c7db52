// The token a command works on: the argument, or stdin for "-". Never stdin
// unasked: in a shell loop (`while read …; do jwt-studio decode; done`) it
// would swallow the loop's input, or wait on a pipe nobody writes. Decoding
// strips a leading "Bearer ".

import { decodeToken, DEFAULT_MAX_TOKEN_CHARS, type DecodedToken } from '../core/token/decode';
import { withThousands } from '../core/text/numberText';
import { CliError, EXIT, usage } from './errors';
import { readStdin } from './io';

/** The raw token text from the argument or stdin; a usage error when there is none. */
export function tokenText(command: string, argument: string | undefined): string {
  if (argument !== undefined && argument !== '-') return argument;
  if (argument === undefined) throw usage(command, 'no token given: pass it as an argument, or "-" to read it from stdin');
  const text = readStdin('the token');
  if (text.trim() === '') throw new CliError('no token on stdin (it was empty or closed); pipe a token in or pass it as an argument', EXIT.usage);
  return text;
}

/** The decoded token; exit 2 with the decoder's own message when the text is not a token. */
export function decodeOrFail(text: string): DecodedToken {
  const decoded = decodeToken(text);
  if (decoded.ok) return decoded.token;
  // The core's message speaks of the editor; the limit is the same here.
  if (decoded.error.code === 'TOO_LARGE') {
    throw new CliError(`the input is ${withThousands(text.trim().length)} characters, over the ${withThousands(DEFAULT_MAX_TOKEN_CHARS)} a token may have here, so it was not decoded; real tokens are a few kilobytes: check that the input is a single token`, EXIT.usage);
  }
  throw new CliError(`not a token: ${decoded.error.message}`, EXIT.usage);
}
