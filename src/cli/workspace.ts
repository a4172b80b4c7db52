// The workspace a command runs in: the current folder (or --workspace), whose
// `.vscode/jwt-presets/*.yaml` are read as in the editor: at most 50 files,
// each at most 1 MB, checked by the core like any text someone else wrote.

import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { checkPreset, listPresets } from '../core/profiles/presets';
import type { Preset } from '../core/profiles/presets';
import type { ProfileDiagnostic } from '../core/text/yamlRanges';
import { CliError, EXIT } from './errors';
import { readTextFile, shownPath } from './io';

const MAX_PRESET_FILES = 50;
const MAX_PRESET_FILE_BYTES = 1_000_000;

export interface PresetFileProblems {
  path: string;
  text: string;
  diagnostics: ProfileDiagnostic[];
}

export interface Workspace {
  root: string;
  /** Built-in presets, then the workspace's (one with a built-in id replaces it). */
  presets: Preset[];
  /** The workspace presets that were read, by id, with the file each came from. */
  userPresetFiles: Map<string, string>;
  /** Problems of the workspace's preset files, as the editor shows them. */
  presetProblems: PresetFileProblems[];
  /** Ids of workspace presets that replace a built-in preset of the same id. */
  replacedBuiltins: Set<string>;
}

/** "preset 'x' comes from FILE (it replaces the built-in one)", for a preset read from the workspace; undefined for a built-in. */
export function presetOrigin(workspace: Workspace, id: string): string | undefined {
  const file = workspace.userPresetFiles.get(id);
  if (file === undefined) return undefined;
  return `preset '${id}' comes from ${file} in this folder${workspace.replacedBuiltins.has(id) ? ", which replaces JWT Studio's built-in preset of that id" : ''}`;
}

/** Reads the workspace's presets; a missing preset folder is simply none. */
export function openWorkspace(root: string = process.cwd()): Workspace {
  try {
    if (!statSync(root).isDirectory()) throw new CliError(`--workspace ${root} is not a folder`, EXIT.usage);
  } catch (error) {
    if (error instanceof CliError) throw error;
    throw new CliError(`--workspace ${root}: no such folder`, EXIT.usage);
  }
  const folder = join(root, '.vscode', 'jwt-presets');
  let names: string[] = [];
  try {
    names = readdirSync(folder, { withFileTypes: true })
      .filter((entry) => entry.isFile() && entry.name.endsWith('.yaml'))
      .map((entry) => entry.name)
      .sort()
      .slice(0, MAX_PRESET_FILES);
  } catch {
    names = [];
  }
  const user: Preset[] = [];
  const userPresetFiles = new Map<string, string>();
  const presetProblems: PresetFileProblems[] = [];
  const texts = new Map<string, string>();
  for (const name of names) {
    const path = join(folder, name);
    const shown = shownPath(path);
    let text: string;
    try {
      text = readTextFile(path, MAX_PRESET_FILE_BYTES);
    } catch (error) {
      const message = error instanceof CliError ? error.message : 'could not be read';
      presetProblems.push({ path: shown, text: '', diagnostics: [{ start: 0, end: 0, severity: 'error', code: 'TOO_LARGE', message: `This preset was not read: ${message.replace(`${path}: `, '')}` }] });
      continue;
    }
    texts.set(shown, text);
    const checked = checkPreset(text, `.vscode/jwt-presets/${name}`);
    if (checked.diagnostics.length > 0) presetProblems.push({ path: shown, text, diagnostics: checked.diagnostics });
    if (checked.preset) {
      user.push(checked.preset);
      userPresetFiles.set(checked.preset.id, shown);
    }
  }
  const builtinIds = new Set(listPresets().map((p) => p.id));
  const replacedBuiltins = new Set(user.map((p) => p.id).filter((id) => builtinIds.has(id)));
  // `check` says so on the preset file: a review of the repository should see that a vendor's rules were replaced.
  for (const id of replacedBuiltins) {
    const path = userPresetFiles.get(id) as string;
    const message = `This preset replaces JWT Studio's built-in preset '${id}': profiles of that preset take their lifetime, claims and embed address from this file.`;
    const entry = presetProblems.find((p) => p.path === path);
    const note: ProfileDiagnostic = { start: 0, end: 0, severity: 'info', code: 'PRESET_REPLACES_BUILTIN', message };
    if (entry) entry.diagnostics.push(note);
    else presetProblems.push({ path, text: texts.get(path) ?? '', diagnostics: [note] });
  }
  return { root, presets: listPresets(user), userPresetFiles, presetProblems, replacedBuiltins };
}
