// Process-level specs (test/process/*.process-spec.ts): they start the built app
// (dist/, so `npm run build` first) as real processes, under PM2 too, against
// MySQL and Redis. Run with `npm run test:process`; `npm test` never runs them.
import base from './jest.config.js';

/** @type {import('jest').Config} */
export default {
  ...base,
  roots: ['<rootDir>/test/process'],
  testRegex: '\\.process-spec\\.ts$',
  testTimeout: 120_000,
};
