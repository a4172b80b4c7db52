// The workspace a command runs in: the current folder (or --workspace), whose
// `.vscode/jwt-presets/*.yaml` are read as in the editor: at most 50 files,
// each at most 1 MB, checked by the core like any text someone else wrote.

import { readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { checkPreset, listPresets } from '../core/profiles/presets';
import type { Preset } from '../core/profiles/presets';
import type { ProfileDiagnostic } from '../core/text/yamlRanges';
import { CliError, EXIT } from './errors';
import { readTextFile } from './io';

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
  for (const name of names) {
    const path = join(folder, name);
    const shown = relative(process.cwd(), path) || path;
    let text: string;
    try {
      text = readTextFile(path, MAX_PRESET_FILE_BYTES);
    } catch (error) {
      const message = error instanceof CliError ? error.message : 'could not be read';
      presetProblems.push({ path: shown, text: '', diagnostics: [{ start: 0, end: 0, severity: 'error', code: 'TOO_LARGE', message: `This preset was not read: ${message.replace(`${path}: `, '')}` }] });
      continue;
    }
    const checked = checkPreset(text, `.vscode/jwt-presets/${name}`);
    if (checked.diagnostics.length > 0) presetProblems.push({ path: shown, text, diagnostics: checked.diagnostics });
    if (checked.preset) {
      user.push(checked.preset);
      userPresetFiles.set(checked.preset.id, shown);
    }
  }
  return { root, presets: listPresets(user), userPresetFiles, presetProblems };
}
