import * as vscode from 'vscode';

/** A typed snapshot of the `jwtStudio.*` settings; read it again when they change. */
export interface Config {
  hover: {
    enabled: boolean;
    /** Tokens longer than this are summarised in the hover, not decoded. */
    maxTokenLength: number;
  };
  inlineHints: {
    enabled: boolean;
    /** Template with {alg} {sub} {exp} {signature} {kid} {iss} {aud} {typ} {enc} {kind}; parts joined by " · ". */
    format: string;
  };
  diagnostics: {
    enabled: boolean;
    liveCredential: boolean;
    algNone: boolean;
    expired: boolean;
    /** Expired tokens in log files are normal; reported only when this is on. */
    expiredInLogs: boolean;
    /** 0 turns the lifetime check off. */
    maxLifetimeSeconds: number;
  };
  /** Where "JWT: New Token" opens the new profile. */
  newTokenOpensIn: 'tokenEditor' | 'text';
}

export const CONFIG_SECTION = 'jwtStudio';

export function readConfig(): Config {
  const c = vscode.workspace.getConfiguration(CONFIG_SECTION);
  return {
    hover: {
      enabled: c.get<boolean>('hover.enabled', true),
      maxTokenLength: clamp(c.get<number>('hover.maxTokenLength', 65536), 1024, 4 * 1024 * 1024),
    },
    inlineHints: {
      enabled: c.get<boolean>('inlineHints.enabled', true),
      format: c.get<string>('inlineHints.format', '{alg} · {sub} · {exp} · {signature}'),
    },
    diagnostics: {
      enabled: c.get<boolean>('diagnostics.enabled', true),
      liveCredential: c.get<boolean>('diagnostics.liveCredential', true),
      algNone: c.get<boolean>('diagnostics.algNone', true),
      expired: c.get<boolean>('diagnostics.expired', true),
      expiredInLogs: c.get<boolean>('diagnostics.expiredInLogs', false),
      maxLifetimeSeconds: 60 * clamp(c.get<number>('diagnostics.maxLifetimeMinutes', 1440), 0, 10 * 366 * 24 * 60),
    },
    newTokenOpensIn: c.get<string>('newToken.openIn') === 'text' ? 'text' : 'tokenEditor',
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
