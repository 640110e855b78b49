export { appConfig } from './app.config.js';
export { authConfig } from './auth.config.js';
export { cacheConfig } from './cache.config.js';
export { databaseConfig } from './database.config.js';
export { rateLimitConfig } from './rate-limit.config.js';
export { redisConfig } from './redis.config.js';
export { servicesConfig } from './services.config.js';
export { validateEnvironment } from './env.validation.js';
