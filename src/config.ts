import * as vscode from 'vscode';

/** A typed snapshot of the `jwtStudio.*` settings; read it again when they change. */
export interface Config {
  hover: {
    enabled: boolean;
    /** Tokens longer than this are summarised in the hover, not decoded. */
    maxTokenLength: number;
  };
}

export const CONFIG_SECTION = 'jwtStudio';

export function readConfig(): Config {
  const c = vscode.workspace.getConfiguration(CONFIG_SECTION);
  return {
    hover: {
      enabled: c.get<boolean>('hover.enabled', true),
      maxTokenLength: clamp(c.get<number>('hover.maxTokenLength', 65536), 1024, 4 * 1024 * 1024),
    },
  };
}

function clamp(value: number, min: number, max: number): number {
  return Number.isFinite(value) ? Math.min(max, Math.max(min, Math.floor(value))) : min;
}

/** Calls `listener` with a fresh snapshot whenever a `jwtStudio.*` setting changes. */
export function onConfigChange(listener: (config: Config) => void): vscode.Disposable {
  return vscode.workspace.onDidChangeConfiguration((event) => {
    if (event.affectsConfiguration(CONFIG_SECTION)) listener(readConfig());
  });
}
