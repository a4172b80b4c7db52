// `jwt-studio decode`: the decoded view the editor opens, on stdout.

import { renderDecodedJsonc, describeTokenTimes } from '../../core/token/decodedText';
import { EXIT, type ExitCode } from '../errors';
import { flag, parseCommandArgs } from '../args';
import type { CommandIo } from '../main';
import { terminalSafe } from '../terminal';
import { decodeOrFail, tokenText } from '../tokenInput';

export async function runDecode(io: CommandIo): Promise<ExitCode> {
  const parsed = parseCommandArgs('decode', io.argv, { json: { type: 'boolean' } }, { min: 0, max: 1 });
  const token = decodeOrFail(tokenText('decode', parsed.positionals[0]));
  const times = describeTokenTimes(token, Date.now());
  if (flag(parsed, 'json')) {
    const payload = token.payload?.type === 'json' ? token.claims ?? JSON.parse(token.payload.text) : token.payload;
    const json = { kind: token.kind, header: token.header, payload, times, findings: token.findings, signatureBytes: token.signatureBytes };
    // JSON.stringify escapes control characters; bidi and invisible ones are escaped for the terminal too (still valid JSON).
    await io.out.write(`${terminalSafe(JSON.stringify(json, null, 2))}\n`);
  } else {
    await io.out.write(`${terminalSafe(renderDecodedJsonc(token, times))}\n`);
  }
  return EXIT.ok;
}
