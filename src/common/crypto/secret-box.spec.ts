import { randomBytes } from 'node:crypto';
import { decryptSecret, encryptSecret, SecretDecryptionError } from './secret-box';

describe('secret box (AES-256-GCM)', () => {
  const key = randomBytes(32);
  const secret = 'whsec_' + randomBytes(32).toString('base64');

  it('round-trips and never stores the plaintext', () => {
    const stored = encryptSecret(secret, key);
    expect(stored).toMatch(/^v1\.[A-Za-z0-9+/=]+\.[A-Za-z0-9+/=]+\.[A-Za-z0-9+/=]+$/);
    expect(stored).not.toContain(secret.slice(6));
    expect(decryptSecret(stored, key)).toBe(secret);
  });

  it('uses a fresh IV for every value', () => {
    const a = encryptSecret(secret, key);
    const b = encryptSecret(secret, key);
    expect(a).not.toBe(b);
    expect(a.split('.')[1]).not.toBe(b.split('.')[1]);
    expect(Buffer.from(a.split('.')[1], 'base64')).toHaveLength(12);
  });

  it('detects tampering with the ciphertext, the tag or the IV', () => {
    const [version, iv, tag, data] = encryptSecret(secret, key).split('.');
    const flip = (b64: string) => {
      const bytes = Buffer.from(b64, 'base64');
      bytes[0] ^= 1;
      return bytes.toString('base64');
    };
    for (const tampered of [
      [version, iv, tag, flip(data)],
      [version, iv, flip(tag), data],
      [version, flip(iv), tag, data],
    ]) {
      expect(() => decryptSecret(tampered.join('.'), key)).toThrow(SecretDecryptionError);
    }
  });

  it('refuses the wrong key and unknown formats', () => {
    const stored = encryptSecret(secret, key);
    expect(() => decryptSecret(stored, randomBytes(32))).toThrow(/wrong key or tampered/);
    expect(() => decryptSecret(secret, key)).toThrow(/unknown format/);
    expect(() => decryptSecret(stored.replace(/^v1/, 'v2'), key)).toThrow(/unknown format/);
    expect(() => encryptSecret(secret, randomBytes(16))).toThrow(/32 bytes/);
  });
});
