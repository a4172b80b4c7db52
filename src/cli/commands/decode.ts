// `jwt-studio decode`: the decoded view the editor opens, on stdout; with
// --json, the same as one JSON object (decodedJson.ts). Nothing is checked or
// fetched: decoding needs no key.

import { renderDecodedJsonc, describeTokenTimes } from '../../core/token/decodedText';
import { EXIT, type ExitCode } from '../errors';
import { flag, parseCommandArgs } from '../args';
import type { CommandIo } from '../main';
import { terminalSafe } from '../terminal';
import { decodeOrFail, tokenText } from '../tokenInput';
import { decodedJson } from '../decodedJson';

export async function runDecode(io: CommandIo): Promise<ExitCode> {
  const parsed = parseCommandArgs('decode', io.argv, { json: { type: 'boolean' } }, { min: 0, max: 1 });
  const token = decodeOrFail(tokenText('decode', parsed.positionals[0]));
  const times = describeTokenTimes(token, Date.now());
  await io.out.write(flag(parsed, 'json') ? decodedJson(token, times) : terminalSafe(renderDecodedJsonc(token, times)));
  return EXIT.ok;
}
