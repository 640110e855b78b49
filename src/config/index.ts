export { appConfig } from './app.config.js';
export { authConfig } from './auth.config.js';
export { cacheConfig } from './cache.config.js';
export { databaseConfig } from './database.config.js';
export { validateEnvironment } from './env.validation.js';
