// Used by the TypeORM CLI (`npm run migration:run`, `npm run migration:generate`).
import { DataSource } from 'typeorm';
import { parseDatabaseUrl } from '../config/database.config.js';
import { typeOrmOptions } from './typeorm-options.js';

export default new DataSource({
  ...typeOrmOptions(parseDatabaseUrl(process.env.DATABASE_URL), 'tool'),
  migrationsRun: false,
});
