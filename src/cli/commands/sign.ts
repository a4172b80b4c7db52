// `jwt-studio sign`, `url` and `mint`: tokens from a *.jwt.yaml profile, with
// the checks the editor's Sign Token makes (profileSigning.ts).

import { renderEmbed } from '../../core/profiles/embed';
import { EXIT, CliError, usage, type ExitCode } from '../errors';
import { flag, parseCommandArgs, stringOption } from '../args';
import type { CommandIo } from '../main';
import { terminalSafe } from '../terminal';
import { MAX_COUNT, mintSource, mintTokens, parseCount } from '../mint';
import { SIGNING_OPTIONS, setUpSigning, signProfileOnce, shellWord } from '../profileSigning';
import { presetOrigin } from '../workspace';

export async function runSign(io: CommandIo): Promise<ExitCode> {
  const parsed = parseCommandArgs('sign', io.argv, { ...SIGNING_OPTIONS, json: { type: 'boolean' } }, { min: 1, max: 1 });
  const setup = await setUpSigning('sign', parsed, io.warn);
  const { token, signed, encrypted } = await signProfileOnce(setup);
  if (flag(parsed, 'json')) {
    // JSON.stringify escapes control characters; bidi and invisible ones in claims are escaped for the terminal too (still valid JSON).
    await io.out.write(`${terminalSafe(JSON.stringify({ token, header: signed.header, claims: signed.claims, encrypted }, null, 2))}\n`);
  } else {
    await io.out.write(`${token}\n`);
  }
  return EXIT.ok;
}

export async function runUrl(io: CommandIo): Promise<ExitCode> {
  const parsed = parseCommandArgs('url', io.argv, { ...SIGNING_OPTIONS, snippet: { type: 'string' } }, { min: 1, max: 1 });
  const snippet = stringOption(parsed, 'snippet');
  const setup = await setUpSigning('url', parsed, io.warn);
  const { preset, path } = setup;
  const embed = preset.embed;
  if (!embed) throw new CliError(`the ${preset.name} preset has no embed URL or snippet; "jwt-studio sign ${shellWord(path)}" prints the token`, EXIT.usage);
  const names = Object.keys(embed.snippets ?? {});
  if (snippet !== undefined && !names.includes(snippet)) {
    throw usage('url', names.length === 0 ? `the ${preset.name} preset has no snippets; leave out --snippet for its URL` : `the ${preset.name} preset has no snippet "${snippet}"; its snippets: ${names.join(', ')}`);
  }
  if (snippet === undefined && !embed.url) throw usage('url', `the ${preset.name} preset puts its token in a snippet, not a URL; pass --snippet ${names.length === 1 ? names[0] : `NAME (one of ${names.join(', ')})`}`);
  // Signed now, as the editor does when it copies, so the token's lifetime starts when it is used.
  const { token } = await signProfileOnce(setup);
  const rendered = renderEmbed(preset, setup.profile.embed, token);
  if (!rendered.ok) throw new CliError(`${path}: ${rendered.error.message}`, EXIT.invalid);
  // The address then comes from a file in the repository, not from JWT Studio's own presets: name where the token goes.
  const origin = presetOrigin(setup.workspace, preset.id);
  if (origin !== undefined) io.warn(`${origin}; the token goes to ${rendered.host ?? 'the host that file names'}`);
  if (rendered.cleartextHost) io.warn(`the token travels to ${rendered.cleartextHost} in clear text (http://): anyone on the network between can read and use it until it expires; use an https:// address if the service has one`);
  let text: string;
  if (snippet === undefined) text = rendered.url as string;
  else {
    const filled = rendered.snippets[snippet];
    if (filled === undefined) throw new CliError(`${path}: the "${snippet}" snippet needs more values: ${rendered.skipped[snippet] ?? 'see the embed section of the preset'}; set them under embed:`, EXIT.invalid);
    text = filled;
  }
  await io.out.write(`${terminalSafe(text)}\n`);
  return EXIT.ok;
}

export async function runMint(io: CommandIo): Promise<ExitCode> {
  const parsed = parseCommandArgs('mint', io.argv, { ...SIGNING_OPTIONS, count: { type: 'string' } }, { min: 1, max: 1 });
  const countText = stringOption(parsed, 'count');
  if (countText === undefined) throw usage('mint', '--count N is missing: how many tokens to mint');
  const count = parseCount(countText);
  if (count === undefined) throw usage('mint', `--count must be a whole number from 1 to ${MAX_COUNT.toLocaleString('en-US')}, not "${countText.slice(0, 40)}"`);
  const setup = await setUpSigning('mint', parsed, io.warn);
  await mintTokens(count, await mintSource(setup), io.out);
  return EXIT.ok;
}
