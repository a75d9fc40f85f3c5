import 'reflect-metadata';
import { config as loadDotenv } from 'dotenv';
import { DataSource } from 'typeorm';
import { loadConfig } from '../config/load-config';
import { typeormOptions } from './typeorm-options';

// Used by the TypeORM CLI (`npm run migration:run`, `npm run migration:generate`).
loadDotenv({ quiet: true });
const config = loadConfig(process.env);

export default new DataSource({
  ...typeormOptions(config.database.url),
  entities: [`${__dirname}/../**/*.entity.{ts,js}`],
});
