// Which files `jwt-studio check` reads: each file named on the command line
// (whatever its name, as a linter checks the files it is given), and the
// `*.jwt.yaml` profiles under each folder named. The search skips
// node_modules and hidden folders, follows no symbolic link (a link in a
// repository could point anywhere on the machine that runs the check), and
// stops with a usage error at fixed bounds rather than check part of a tree.

import { lstatSync, opendirSync, statSync, type Dir, type Dirent } from 'node:fs';
import { join, resolve } from 'node:path';
import { CliError, EXIT } from './errors';

export const PROFILE_SUFFIX = '.jwt.yaml';

export interface FindLimits {
  /** Profiles found under all the folders named. */
  profiles: number;
  /** Folders below a named folder. */
  depth: number;
  /** Folder entries read (files, folders, links), so a huge tree cannot keep the search going. */
  entries: number;
}

export const FIND_LIMITS: FindLimits = { profiles: 10_000, depth: 32, entries: 1_000_000 };

export interface FoundProfiles {
  /** The files to check, in the order given and found, each once (by resolved path). */
  files: string[];
  /** Files named on the command line whose name does not end in .jwt.yaml (checked all the same). */
  otherNames: string[];
  /** Folders met during the search that could not be read, with the reason. */
  unreadable: Array<{ path: string; reason: string }>;
}

function fsReason(error: unknown): string {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  if (code === 'EACCES' || code === 'EPERM') return 'permission denied';
  return code ?? 'unknown error';
}

/** The kind of a folder entry, asking the file system when the folder listing does not say. */
function entryKind(entry: Dirent, path: string): 'file' | 'folder' | 'link' | 'other' {
  if (entry.isSymbolicLink()) return 'link';
  if (entry.isFile()) return 'file';
  if (entry.isDirectory()) return 'folder';
  if (entry.isFIFO() || entry.isSocket() || entry.isCharacterDevice() || entry.isBlockDevice()) return 'other';
  try {
    const stat = lstatSync(path);
    return stat.isSymbolicLink() ? 'link' : stat.isFile() ? 'file' : stat.isDirectory() ? 'folder' : 'other';
  } catch {
    return 'other';
  }
}

class Search {
  readonly found: FoundProfiles = { files: [], otherNames: [], unreadable: [] };
  private readonly seen = new Set<string>();
  private entries = 0;
  private profiles = 0;

  constructor(private readonly limits: FindLimits) {}

  add(path: string): void {
    const key = resolve(path);
    if (this.seen.has(key)) return;
    this.seen.add(key);
    this.found.files.push(path);
  }

  /** Adds every profile under `root` (depth-first, each folder's entries in name order); returns how many were found. */
  walk(root: string): number {
    const before = this.profiles;
    const stack: Array<{ path: string; depth: number }> = [{ path: root, depth: 0 }];
    while (stack.length > 0) {
      const { path, depth } = stack.pop()!;
      const folders: string[] = [];
      const files: string[] = [];
      let dir: Dir | undefined;
      try {
        dir = opendirSync(path);
        for (let entry = dir.readSync(); entry !== null; entry = dir.readSync()) {
          if (++this.entries > this.limits.entries) {
            throw new CliError(`more than ${this.limits.entries} files and folders under ${root}; name narrower folders (several may be given)`, EXIT.usage);
          }
          const child = join(path, entry.name);
          const kind = entryKind(entry, child);
          if (kind === 'folder' && entry.name !== 'node_modules' && !entry.name.startsWith('.')) folders.push(child);
          else if (kind === 'file' && entry.name.endsWith(PROFILE_SUFFIX)) files.push(child);
        }
      } catch (error) {
        if (error instanceof CliError) throw error;
        this.found.unreadable.push({ path, reason: fsReason(error) });
      } finally {
        dir?.closeSync();
      }
      files.sort();
      for (const file of files) {
        if (++this.profiles > this.limits.profiles) {
          throw new CliError(`more than ${this.limits.profiles} profiles under the folders given; check narrower folders in several runs`, EXIT.usage);
        }
        this.add(file);
      }
      if (folders.length > 0 && depth + 1 > this.limits.depth) {
        throw new CliError(`${folders.sort()[0]} is more than ${this.limits.depth} folders below ${root}; name a folder nearer the profiles`, EXIT.usage);
      }
      // Pushed in reverse so folders are searched in name order.
      for (const folder of folders.sort().reverse()) stack.push({ path: folder, depth: depth + 1 });
    }
    return this.profiles - before;
  }
}

/**
 * The files `check` reads for `args`. A path that does not exist, is neither file nor folder, or is a
 * folder with no profile under it is a usage error (exit 2): the command line, not a profile, is wrong.
 */
export function findProfiles(args: readonly string[], limits: FindLimits = FIND_LIMITS): FoundProfiles {
  const search = new Search(limits);
  for (const arg of args) {
    let stat;
    try {
      // A path named on the command line is followed even when it is a link: the person chose it.
      stat = statSync(arg);
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (code === 'ENOENT' || code === 'ENOTDIR') throw new CliError(`${arg}: no such file or folder; check the path`, EXIT.usage);
      throw new CliError(`${arg} could not be read (${fsReason(error)}); check its permissions`, EXIT.usage);
    }
    if (stat.isFile()) {
      search.add(arg);
      if (!arg.endsWith(PROFILE_SUFFIX)) search.found.otherNames.push(arg);
    } else if (stat.isDirectory()) {
      if (search.walk(arg) === 0 && !search.found.unreadable.some((u) => u.path === arg)) {
        throw new CliError(`no *${PROFILE_SUFFIX} profile in ${arg} (node_modules and hidden folders are skipped, links are not followed); name the profiles or another folder`, EXIT.usage);
      }
    } else {
      throw new CliError(`${arg} is neither a file nor a folder; name *${PROFILE_SUFFIX} profiles or folders that hold them`, EXIT.usage);
    }
  }
  return search.found;
}
