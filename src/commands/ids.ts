// Every command id the extension contributes, in one place (package.json lists the same ids).
export const Commands = {
  decodeToken: 'jwtStudio.decodeToken',
  verifyToken: 'jwtStudio.verifyToken',
  openDecoded: 'jwtStudio.openDecoded',
  copyPayloadJson: 'jwtStudio.copyPayloadJson',
  copyHeaderJson: 'jwtStudio.copyHeaderJson',
  resignToken: 'jwtStudio.resignToken',
  showLog: 'jwtStudio.showLog',
  generateKey: 'jwtStudio.generateKey',
  importKey: 'jwtStudio.importKey',
  exportPublicKey: 'jwtStudio.exportPublicKey',
  renameKey: 'jwtStudio.renameKey',
  deleteKey: 'jwtStudio.deleteKey',
  showKeys: 'jwtStudio.showKeys',
  copyKeyId: 'jwtStudio.copyKeyId',
  showKeyJwk: 'jwtStudio.showKeyJwk',
  showPrivateKeyJwk: 'jwtStudio.showPrivateKeyJwk',
  signProfileToken: 'jwtStudio.signProfileToken',
  copyEmbedUrl: 'jwtStudio.copyEmbedUrl',
  copyEmbedSnippet: 'jwtStudio.copyEmbedSnippet',
  openEmbedUrl: 'jwtStudio.openEmbedUrl',
  newTokenProfile: 'jwtStudio.newTokenProfile',
  openTokenEditor: 'jwtStudio.openTokenEditor',
  trustIssuer: 'jwtStudio.trustIssuer',
  refreshIssuer: 'jwtStudio.refreshIssuer',
  removeIssuer: 'jwtStudio.removeIssuer',
  copyIntegrationCode: 'jwtStudio.copyIntegrationCode',
} as const;

/** URI schemes of the read-only documents the extension provides. */
export const Schemes = {
  keyJwk: 'jwt-studio-jwk',
} as const;

/** Views and custom editors the extension contributes (package.json lists the same ids). */
export const Views = {
  keys: 'jwtStudio.keys',
  tokenEditor: 'jwtStudio.tokenEditor',
} as const;

export type CommandId = (typeof Commands)[keyof typeof Commands];
