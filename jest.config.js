// Jest runs the TypeScript sources as native ESM through SWC; the mapper strips
// the `.js` that ESM requires on relative imports so Jest finds the `.ts` file.
//
// A few CommonJS dependencies `require()` packages that ship only ESM, which
// Node 20 allows but Jest's module loader does not: those few are compiled to
// CommonJS on the way in.
const ESM_ONLY_REQUIRED_FROM_CJS = ['content-disposition', 'cookie'];

/** @type {import('jest').Config} */
export default {
  testEnvironment: 'node',
  roots: ['<rootDir>/src', '<rootDir>/test'],
  testRegex: '.*\\.(spec|e2e-spec)\\.ts$',
  extensionsToTreatAsEsm: ['.ts'],
  transform: {
    '^.+\\.ts$': ['@swc/jest'],
    [`/node_modules/(.*/)?(${ESM_ONLY_REQUIRED_FROM_CJS.join('|')})/.+\\.js$`]: [
      '@swc/jest',
      { swcrc: false, module: { type: 'commonjs' }, jsc: { target: 'es2023' } },
    ],
  },
  transformIgnorePatterns: [`/node_modules/(?!(.*/)?(${ESM_ONLY_REQUIRED_FROM_CJS.join('|')})/)`],
  moduleNameMapper: { '^(\\.{1,2}/.*)\\.js$': '$1' },
  setupFiles: ['<rootDir>/test/setup-env.ts'],
  testTimeout: 30000,
};
