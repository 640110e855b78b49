// The architecture's rules, checked by `npm run lint:deps` (part of `npm run lint`).
// docs/ARCHITECTURE.md explains them.
const FEATURES = '^src/(auth|users|follows|posts|accounts|cache-invalidation|timelines)/';
const INFRASTRUCTURE =
  '^src/(common|cache|config|database|logging|http|rate-limit|personalisation|shutdown|health)/';

module.exports = {
  forbidden: [
    {
      name: 'no-cycles',
      severity: 'error',
      comment: 'Dependencies run one way; a cycle means two modules cannot be split apart.',
      from: { path: '^src/' },
      to: { circular: true },
    },
    {
      name: 'infrastructure-imports-no-feature',
      severity: 'error',
      comment: 'common, cache, config, database and the other shared folders know no feature.',
      // The entity list gathers every entity for TypeORM and its CLI.
      from: { path: INFRASTRUCTURE, pathNot: '^src/database/entities\\.ts$' },
      to: { path: FEATURES },
    },
    {
      name: 'users-is-the-bottom-feature',
      severity: 'error',
      comment: 'users <- follows <- posts: users imports no other feature.',
      from: { path: '^src/users/' },
      to: { path: '^src/(auth|follows|posts|accounts|cache-invalidation|timelines)/' },
    },
    {
      name: 'follows-sits-on-users',
      severity: 'error',
      from: { path: '^src/follows/' },
      to: { path: '^src/(auth|posts|accounts|cache-invalidation|timelines)/' },
    },
    {
      name: 'posts-sits-on-follows-and-users',
      severity: 'error',
      from: { path: '^src/posts/' },
      to: { path: '^src/(auth|accounts|cache-invalidation|timelines)/' },
    },
    {
      name: 'auth-sits-on-users',
      severity: 'error',
      from: { path: '^src/auth/' },
      to: { path: '^src/(follows|posts|accounts|cache-invalidation|timelines)/' },
    },
    {
      name: 'timelines-sit-above-the-features',
      severity: 'error',
      comment:
        'Timelines listen to the features and read through their services; nothing ' +
        'but the app module (and the seed) knows them, so they can be left out (no Redis) or split out.',
      from: { path: '^src/', pathNot: ['^src/timelines/', '^src/seed/', '^src/app\\.module\\.ts$'] },
      to: { path: '^src/timelines/' },
    },
    {
      name: 'entities-stay-in-their-module',
      severity: 'error',
      comment:
        'A feature that needs another one’s data calls its service, never its entity ' +
        '(entities may name each other for foreign keys; a type-only import is no access).',
      from: { path: '^src/([^/]+)/', pathNot: ['\\.entity\\.ts$', '^src/database/entities\\.ts$'] },
      to: {
        path: '\\.entity\\.ts$',
        pathNot: '^src/$1/',
        dependencyTypesNot: ['type-only'],
      },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: { extensions: ['.ts', '.js'] },
    exclude: { path: '\\.spec\\.ts$' },
  },
};
