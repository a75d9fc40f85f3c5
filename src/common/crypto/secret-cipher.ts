import { Inject, Injectable } from '@nestjs/common';
import { APP_CONFIG, AppConfig } from '../../config/app-config';
import { decryptSecret, encryptSecret } from './secret-box';

/** `encryptSecret`/`decryptSecret` bound to `SECRETS_ENCRYPTION_KEY`, so that a database dump alone reveals no secret. */
@Injectable()
export class SecretCipher {
  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig) {}

  encrypt(plaintext: string): string {
    return encryptSecret(plaintext, this.config.secrets.encryptionKey);
  }

  decrypt(stored: string): string {
    return decryptSecret(stored, this.config.secrets.encryptionKey);
  }
}
