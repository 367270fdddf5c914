import { Inject, Injectable, type OnModuleInit } from '@nestjs/common';
import { SECRET_SHAPES } from '../auth/secret-token.js';
import { APP_CONFIG, type AppConfig } from '../config/app-config.js';
import { secretRedactor } from '../logging/secret-redactor.js';

/**
 * AUD-5: the configured secrets and the shapes of every token this server issues are known to the log
 * redactor before the first request (main.ts registers the configured ones too; registering twice is free).
 */
@Injectable()
export class SecretRegistration implements OnModuleInit {
  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig) {}

  onModuleInit(): void {
    secretRedactor.register(this.config.secrets.adminKey, this.config.secrets.apiKey, this.config.secrets.encryptionKey);
    for (const shape of Object.values(SECRET_SHAPES)) secretRedactor.registerShape(shape);
  }
}
