// Defaults for every test run: a throwaway in-memory database unless the
// services run (`npm run test:services`) points DATABASE_URL at MySQL/MariaDB.
process.env.NODE_ENV = 'test';
process.env.DATABASE_URL ||= 'sqlite::memory:';
process.env.LOG_LEVEL ||= 'silent';
// Rate limits have their own spec; elsewhere they would only make tests flaky.
process.env.THROTTLE_AUTH_LIMIT ||= '0';
process.env.THROTTLE_LIMIT ||= '0';
