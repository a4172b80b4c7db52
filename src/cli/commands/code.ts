// `jwt-studio code PROFILE --lang LANG`: integration code for a backend, from
// the core's codegen (src/core/codegen/). Keys given with --key are read for
// their kid and algorithm only (a public key is enough); the code reads the
// key itself from an environment variable at run time.

import { integrationCode, type CodeKeyFacts } from '../../core/codegen/codegen';
import { CODE_LANGUAGES } from '../../core/codegen/support';
import { envNameProblem } from '../../core/codegen/model';
import type { CodeLanguage } from '../../core/codegen/literals';
import { keyFitsPreset } from '../../core/profiles/keyFit';
import { randomKidWarning } from '../../core/keys/material';
import { parseCommandArgs, stringList, stringOption } from '../args';
import { CliError, EXIT, usage, type ExitCode } from '../errors';
import type { CommandIo } from '../main';
import { parseKeySpecs } from '../keySource';
import { loadProfile } from '../profileLoad';
import { refuseProfileErrors } from '../profileSigning';
import { oneLine } from '../checkReport';
import { openWorkspace, presetOrigin } from '../workspace';

export async function runCode(io: CommandIo): Promise<ExitCode> {
  const parsed = parseCommandArgs('code', io.argv, { lang: { type: 'string' }, key: { type: 'string', multiple: true }, kid: { type: 'string' }, 'key-env': { type: 'string' }, workspace: { type: 'string' } }, { min: 1, max: 1 });
  const lang = stringOption(parsed, 'lang');
  if (lang === undefined) throw usage('code', `--lang LANG is missing: one of ${CODE_LANGUAGES.join(', ')}`);
  if (!(CODE_LANGUAGES as readonly string[]).includes(lang)) throw usage('code', `no language "${oneLine(lang).slice(0, 40)}"; use one of ${CODE_LANGUAGES.join(', ')}`);
  const keyEnv = stringOption(parsed, 'key-env');
  const envProblem = keyEnv === undefined ? undefined : envNameProblem(keyEnv);
  if (envProblem) throw usage('code', `--key-env: ${oneLine(envProblem)}`);
  const kid = stringOption(parsed, 'kid');

  const workspace = openWorkspace(stringOption(parsed, 'workspace'));
  const loaded = await loadProfile(parsed.positionals[0] as string, workspace, parseKeySpecs(stringList(parsed, 'key'), 'code'), kid === undefined ? {} : { kid });
  refuseProfileErrors(loaded);
  const { path, parse } = loaded;
  const { profile, preset } = parse;
  if (!preset) throw new CliError(`${path} names no known preset; add "preset: <id>" (built in: ${workspace.presets.map((p) => p.id).join(', ')})`, EXIT.invalid);
  if (profile.key === undefined) throw new CliError(`${path} names no key; add "key: <id>" to it (the code reads that key from an environment variable)`, EXIT.invalid);

  const facts: CodeKeyFacts = {};
  const key = loaded.keys.get(profile.key);
  if (key) {
    const fit = keyFitsPreset({ id: profile.key, alg: key.alg, use: key.use }, preset, profile.alg);
    if (!fit.ok) throw new CliError(`${loaded.sources.get(profile.key)?.label ?? profile.key}: ${oneLine(fit.message)}`, EXIT.invalid);
    // A kid made up for this run (a secret without one) is nobody's kid: the code would carry a random id.
    const madeUp = loaded.sources.get(profile.key)?.warnings.includes(randomKidWarning(key.kid)) === true;
    if (!madeUp) facts.kid = key.kid;
  } else if (kid !== undefined) facts.kid = kid;
  const recipient = profile.encrypt ? loaded.keys.get(profile.encrypt.key) : undefined;
  if (recipient) facts.recipient = { alg: recipient.alg, kid: recipient.kid };

  const code = integrationCode(profile, preset, lang as CodeLanguage, facts, keyEnv === undefined ? {} : { keyEnv });
  if (!code.ok) {
    const kidAdvice = code.error.code === 'HEADER_REFUSED' && facts.kid === undefined && code.error.message.includes('needs a kid') ? ' (on the command line: --key FILE, or --kid KID)' : '';
    const exit = code.error.code === 'ALG_UNSUPPORTED' ? EXIT.usage : code.error.code === 'INTERNAL' ? EXIT.internal : EXIT.invalid;
    throw new CliError(`${path}: ${oneLine(code.error.message)}${kidAdvice}`, exit);
  }
  // The address then comes from a file in the repository: name where the token goes.
  const origin = presetOrigin(workspace, preset.id);
  if (origin !== undefined) io.warn(`${origin}${code.model.embed?.host ? `; the code sends the token to ${code.model.embed.host}` : ''}`);
  for (const note of code.notes) io.warn(`warning: ${oneLine(note)}`);
  await io.out.write(code.code);
  return EXIT.ok;
}
