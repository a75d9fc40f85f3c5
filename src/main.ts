import 'reflect-metadata';
import { config as loadDotenv } from 'dotenv';
import { createApp } from './bootstrap/create-app';
import { ConfigError, loadConfig } from './config/load-config';

async function main(): Promise<void> {
  loadDotenv({ quiet: true });
  let config;
  try {
    config = loadConfig(process.env, (warning) => console.warn(`herald: warning: ${warning}`));
  } catch (error) {
    if (error instanceof ConfigError) {
      console.error(`herald: ${error.message}`);
      process.exit(1);
    }
    throw error;
  }
  const app = await createApp(config);
  // Every role listens: a worker serves /health and /metrics only (its API modules are not loaded).
  await app.listen(config.port, '0.0.0.0');
}

main().catch((error) => {
  console.error('herald: failed to start:', error instanceof Error ? error.message : error);
  process.exit(1);
});
