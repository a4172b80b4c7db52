// `jwt-studio check`: every problem the editor shows for the profiles named
// (and found in the folders named) and for the workspace's preset files, one
// per line or as JSON, sorted by path and position; exit 1 when any is an error.
// A file that cannot be read is reported as a problem of that file and the
// check goes on; only a wrong command line exits 2.

import { statSync } from 'node:fs';
import { shownPath } from '../io';
import { CliError, EXIT, usage, type ExitCode } from '../errors';
import { flag, parseCommandArgs, stringList, stringOption } from '../args';
import type { CommandIo } from '../main';
import { keyText, parseKeySpecs, type KeySpec } from '../keySource';
import { loadProfile, MAX_PROFILE_BYTES, type LoadedProfile } from '../profileLoad';
import { openWorkspace, type PresetFileProblems, type Workspace } from '../workspace';
import { findProfiles, PROFILE_SUFFIX } from '../profileFind';
import { fileProblem, LineMap, problemJson, problemLine, sortProblems, summaryLine, toProblem, type CheckProblem, type ProblemCounts } from '../checkReport';

const OPTIONS = { key: { type: 'string', multiple: true }, workspace: { type: 'string' }, json: { type: 'boolean' } } as const;

/** One file of the output: a profile to read and check, or a preset file the workspace already checked. */
type Unit = { kind: 'profile'; path: string; shown: string } | { kind: 'preset'; shown: string; file: PresetFileProblems } | { kind: 'folder'; shown: string; reason: string };

/** What is wrong with the keys named on the command line, before any profile is read: exit 2. */
function checkKeySpecs(specs: readonly KeySpec[]): void {
  const unnamed = specs.filter((s) => s.id === undefined);
  if (unnamed.length > 1) throw usage('check', `${unnamed.length} keys were given without an id; give all but one as --key ID=FILE, ID being the profile's \`key:\` or \`encrypt.key\``);
  // A key file that is missing or unreadable (or an unset variable) is a mistake in the command line.
  for (const spec of specs) keyText(spec);
}

/** "This file is not UTF-8 text; …" from the reader's "x.jwt.yaml is not UTF-8 text; …". */
function fileMessage(error: CliError, path: string): string {
  if (error.message.startsWith(`${path}: `)) return error.message.slice(path.length + 2);
  if (error.message.startsWith(`${path} `)) return `This file ${error.message.slice(path.length + 1)}`;
  return error.message;
}

class Check {
  readonly counts: ProblemCounts = { error: 0, warning: 0, info: 0 };
  /** Key ids some profile names, to tell about a --key ID=FILE that no profile uses. */
  readonly namedIds = new Set<string>();
  readonly keyWarnings = new Set<string>();
  private written = 0;

  constructor(
    private readonly io: CommandIo,
    private readonly workspace: Workspace,
    private readonly specs: readonly KeySpec[],
    private readonly json: boolean,
  ) {}

  async profile(path: string, shown: string): Promise<CheckProblem[]> {
    try {
      const size = statSync(path).size;
      if (size > MAX_PROFILE_BYTES) return [fileProblem(shown, 'TOO_LARGE', `This file is ${(size / 1024 / 1024).toFixed(1)} MB and was not read: a profile is a few hundred lines (at most 1 MB).`)];
    } catch {
      // The reader says why.
    }
    const failed = new Map<string, CliError>();
    let loaded: LoadedProfile;
    try {
      loaded = await loadProfile(path, this.workspace, this.specs, { onKeyError: (id, error) => failed.set(id, error) });
    } catch (error) {
      if (!(error instanceof CliError)) throw error;
      return [fileProblem(shown, 'FILE_UNREADABLE', fileMessage(error, path))];
    }
    const { profile } = loaded.parse;
    for (const id of [profile.key, profile.encrypt?.key]) if (id !== undefined) this.namedIds.add(id);
    for (const warning of loaded.warnings) this.keyWarnings.add(warning);
    const lines = new LineMap(loaded.text);
    const problems: CheckProblem[] = [];
    for (const d of loaded.parse.diagnostics) {
      const failure = d.code === 'KEY_UNKNOWN' ? [...failed].find(([id]) => d.message.startsWith(`No key '${id}' `)) : undefined;
      // The key was given but could not be used: say why, where the parse says it is missing ("Key 'x' from keys/x.pem: …").
      const shownDiagnostic = failure ? { ...d, code: 'KEY_UNUSABLE', message: `Key '${failure[0]}' from ${failure[1].message}` } : d;
      const problem = toProblem(shown, lines, shownDiagnostic, 'profile');
      if (problem) problems.push(problem);
    }
    return problems;
  }

  preset(file: PresetFileProblems): CheckProblem[] {
    const lines = new LineMap(file.text);
    return file.diagnostics.flatMap((d) => toProblem(file.path, lines, d, 'preset') ?? []);
  }

  async write(problems: CheckProblem[]): Promise<void> {
    for (const p of sortProblems(problems)) {
      this.counts[p.severity]++;
      if (this.json) await this.io.out.write(`${this.written === 0 ? '[\n' : ',\n'}  ${problemJson(p)}`);
      else await this.io.out.write(`${problemLine(p)}\n`);
      this.written++;
    }
  }

  async end(): Promise<void> {
    if (this.json) await this.io.out.write(this.written === 0 ? '[]\n' : '\n]\n');
  }
}

export async function runCheck(io: CommandIo): Promise<ExitCode> {
  const parsed = parseCommandArgs('check', io.argv, OPTIONS, { min: 0, max: Number.POSITIVE_INFINITY });
  if (parsed.positionals.length === 0) throw usage('check', `no profile given: name *${PROFILE_SUFFIX} files, or folders to search for them`);
  const specs = parseKeySpecs(stringList(parsed, 'key'), 'check');
  checkKeySpecs(specs);
  const workspace = openWorkspace(stringOption(parsed, 'workspace'));
  const found = findProfiles(parsed.positionals);

  const units: Unit[] = [
    ...found.files.map((path): Unit => ({ kind: 'profile', path, shown: shownPath(path) })),
    ...workspace.presetProblems.map((p): Unit => ({ kind: 'preset', shown: p.path, file: p })),
    ...found.unreadable.map((u): Unit => ({ kind: 'folder', shown: shownPath(u.path), reason: u.reason })),
  ];
  // By path (as code units, the same on every machine); a file that is both a profile and a preset is printed once, its problems merged.
  units.sort((a, b) => (a.shown < b.shown ? -1 : a.shown > b.shown ? 1 : 0));
  const presetFiles = new Set([...workspace.userPresetFiles.values(), ...workspace.presetProblems.map((p) => p.path)]);
  for (const name of found.otherNames) io.warn(`${name} does not end in ${PROFILE_SUFFIX}: it is checked as a profile, but the editor treats only *${PROFILE_SUFFIX} files as profiles`);

  const check = new Check(io, workspace, specs, flag(parsed, 'json'));
  // When the reader goes (`| head`), the files are still checked: the exit code is the verdict on all of them.
  for (let i = 0; i < units.length; ) {
    const shown = units[i]!.shown;
    const problems: CheckProblem[] = [];
    for (; i < units.length && units[i]!.shown === shown; i++) {
      const unit = units[i]!;
      if (unit.kind === 'profile') problems.push(...(await check.profile(unit.path, shown)));
      else if (unit.kind === 'preset') problems.push(...check.preset(unit.file));
      else problems.push(fileProblem(shown, 'FOLDER_UNREADABLE', `This folder could not be searched (${unit.reason}); the profiles in it were not checked.`));
    }
    await check.write(problems);
  }
  await check.end();

  for (const warning of check.keyWarnings) io.warn(warning);
  for (const spec of specs) {
    if (spec.id !== undefined && !check.namedIds.has(spec.id)) io.warn(`--key ${spec.id}=${spec.source}: no profile checked names the key '${spec.id}' (as \`key:\` or \`encrypt.key\`); it was not used`);
  }
  io.warn(summaryLine(found.files.length, presetFiles.size, check.counts));
  return check.counts.error > 0 ? EXIT.invalid : EXIT.ok;
}
