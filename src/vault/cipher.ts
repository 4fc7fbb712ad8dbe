// AES-256-GCM with a fresh 12-byte nonce per value and a 16-byte tag that the decipher insists on
// (Node 20 otherwise accepts a 4-byte tag). Plaintext from update() is only returned after final().
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';

export interface Sealed {
  iv: string;
  ciphertext: string;
  tag: string;
}

const ALGORITHM = 'aes-256-gcm';
const IV_LENGTH = 12;
const TAG_LENGTH = 16;

/** Thrown when a value fails authentication; callers turn it into a VaultError that names the place. */
export class SealBroken extends Error {
  override name = 'SealBroken';
}

export function seal(key: Buffer, plaintext: Buffer, aad: Buffer): Sealed {
  const iv = randomBytes(IV_LENGTH);
  const cipher = createCipheriv(ALGORITHM, key, iv, { authTagLength: TAG_LENGTH });
  cipher.setAAD(aad);
  const ciphertext = Buffer.concat([cipher.update(plaintext), cipher.final()]);
  return { iv: iv.toString('base64'), ciphertext: ciphertext.toString('base64'), tag: cipher.getAuthTag().toString('base64') };
}

export function unseal(key: Buffer, sealed: Sealed, aad: Buffer): Buffer {
  const iv = strictBase64(sealed.iv);
  const tag = strictBase64(sealed.tag);
  const ciphertext = strictBase64(sealed.ciphertext);
  if (iv.length !== IV_LENGTH || tag.length !== TAG_LENGTH) throw new SealBroken('bad nonce or tag length');
  const decipher = createDecipheriv(ALGORITHM, key, iv, { authTagLength: TAG_LENGTH });
  decipher.setAAD(aad);
  decipher.setAuthTag(tag);
  const head = decipher.update(ciphertext);
  try {
    const tail = decipher.final();
    return Buffer.concat([head, tail]);
  } catch {
    head.fill(0);
    throw new SealBroken('authentication failed');
  }
}

/** Node's base64 decoder skips junk silently; a value that does not round-trip is tampering. */
export function strictBase64(text: string): Buffer {
  const bytes = Buffer.from(text, 'base64');
  if (bytes.toString('base64') !== text) throw new SealBroken('not canonical base64');
  return bytes;
}
