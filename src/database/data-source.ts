// Used by the TypeORM CLI (`npm run migration:run`, `npm run migration:generate`).
import { DataSource } from 'typeorm';
import { readDatabaseConfig } from '../config/database.config.js';
import { typeOrmOptions } from './typeorm-options.js';

export default new DataSource({
  ...typeOrmOptions(readDatabaseConfig(process.env), 'tool'),
  migrationsRun: false,
});
