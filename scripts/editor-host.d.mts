// Types of scripts/editor-host.mjs for the TypeScript e2e harness.
export declare const projectRoot: string;
export declare const hostDir: string;

export interface Editor {
  id: 'newest' | 'oldest';
  codeServer: string;
  vscode: string;
  node: string | null;
}
export declare const editors: Record<Editor['id'], Editor>;
export declare function selectedEditor(): Editor;
export declare function editorLabel(editor?: Editor): string;
export declare function editorNode(editor?: Editor): string;
export declare const editorDebianPackages: string[];
export declare const chromiumPath: string;
export declare const chromiumArgs: string[];
export declare const quietUserSettings: Record<string, unknown>;

export declare function missingDebianPackages(names: string[]): string[];
export declare function aptInstallLine(names: string[]): string;
export declare function editorHostInstalled(editor?: Editor): boolean;
export declare function ensureEditorHost(options?: { quiet?: boolean; editor?: Editor }): Editor;
export declare function extensionFolderName(): string;
export declare function extensionId(): string;
export declare function linkDevelopmentExtension(extensionsDir: string): string;
export declare function installVsix(vsixPath: string, dirs: { userDataDir: string; extensionsDir: string; editor?: Editor }): string;
export declare function writeUserSettings(userDataDir: string, extra?: Record<string, unknown>): void;
export declare function freeLoopbackPort(): Promise<number>;

export interface CodeServer {
  url: string;
  port: number;
  editor: Editor;
  pid: number | undefined;
  folderUrl(folder: string): string;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  stop(graceMs?: number): Promise<void>;
}

export declare function startCodeServer(options: {
  userDataDir: string;
  extensionsDir: string;
  workspace: string;
  logFile: string;
  port?: number;
  timeoutMs?: number;
  editor?: Editor;
}): Promise<CodeServer>;
