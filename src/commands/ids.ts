// Every command id the extension contributes, in one place (package.json lists the same ids).
export const Commands = {
  decodeToken: 'jwtStudio.decodeToken',
  showLog: 'jwtStudio.showLog',
} as const;

export type CommandId = (typeof Commands)[keyof typeof Commands];
