import 'reflect-metadata';
import { AppModule } from './app.module.js';
import { loadConfig, developmentSecretsPath } from './platform/config/config.loader.js';
import { createHttpApp } from './platform/http/http-app.factory.js';
import { createRootLogger, NestPinoLogger } from './platform/logging/app-logger.js';
import { secretRedactor } from './platform/logging/secret-redactor.js';

async function bootstrap(): Promise<void> {
  // The only place that hands process.env to the application (house style rule 12).
  const config = loadConfig(process.env);
  secretRedactor.register(config.secrets.adminKey, config.secrets.apiKey, config.secrets.encryptionKey);
  const root = createRootLogger(config.logLevel);
  const app = await createHttpApp(AppModule.register({ config, role: 'server' }), config, new NestPinoLogger(root));
  await app.listen({ port: config.port, host: config.host });
  const { port } = app.getHttpServer().address() as { port: number };
  const url = `http://${config.host === '0.0.0.0' ? 'localhost' : config.host}:${port}`;
  root.info({ url, dataDir: config.dataDir }, 'Gooni Gooni is ready');
  const secretsNote =
    config.secrets.source === 'secrets-file'
      ? `admin key: in ${developmentSecretsPath(config.dataDir)} (development; set ADMIN_KEY in production)`
      : 'admin key: from ADMIN_KEY';
  process.stdout.write(`\n  Gooni Gooni is running at ${url}\n  API docs: ${url}/docs\n  ${secretsNote}\n\n`);
}

bootstrap().catch((error: unknown) => {
  process.stderr.write(`Gooni Gooni could not start: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
