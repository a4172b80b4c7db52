// Encrypted PEM keys are opened here, in the adapter, because the core
// (WebCrypto through jose) has no PKCS#5/PBES2 or OpenSSL legacy decryption.
import { createPrivateKey } from 'node:crypto';

/** True when the text holds an encrypted private key block (PKCS#8 or OpenSSL's legacy Proc-Type form). */
export function isEncryptedPem(text: string): boolean {
  return /-----BEGIN ENCRYPTED PRIVATE KEY-{5}/.test(text) || /Proc-Type:\s*4,ENCRYPTED/.test(text);
}

/** The key as unencrypted PKCS#8 PEM, or undefined when the passphrase does not open it. */
export function decryptPem(text: string, passphrase: string): string | undefined {
  try {
    const key = createPrivateKey({ key: text, format: 'pem', passphrase });
    return key.export({ type: 'pkcs8', format: 'pem' }).toString();
  } catch {
    return undefined;
  }
}

/**
 * A PEM pasted into a one-line input arrives with its line breaks removed;
 * put them back around the BEGIN/END lines so it reads as PEM again.
 */
export function reflowOneLinePem(text: string): string {
  if (text.includes('\n') || !text.includes('-----BEGIN ')) return text;
  return text
    .replace(/\s*(-----BEGIN [A-Z0-9 ]+-----)\s*/g, '\n$1\n')
    .replace(/\s*(-----END [A-Z0-9 ]+-----)\s*/g, '\n$1\n')
    .trim();
}
