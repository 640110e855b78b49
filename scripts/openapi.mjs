// Writes openapi.json at the repository root: the document that GET /docs-json
// serves, taken from the built app (run `nest build` first; `npm run openapi`
// does both, after regenerating src/metadata.ts). test/openapi.e2e-spec.ts
// fails when the committed file differs from what the app serves.
import { writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

// A throwaway database: the document does not depend on any data.
process.env.DATABASE_URL = 'sqlite::memory:';
process.env.LOG_LEVEL = 'silent';

const root = resolve(import.meta.dirname, '..');
const { NestFactory } = await import('@nestjs/core');
const { AppModule } = await import('../dist/app.module.js');
const { configureApp, createAdapter } = await import('../dist/app.setup.js');
const { buildOpenApiDocument } = await import('../dist/swagger.js');

const app = await NestFactory.create(AppModule, createAdapter(), { logger: false });
try {
  await configureApp(app);
  await app.init();
  const document = buildOpenApiDocument(app);
  writeFileSync(join(root, 'openapi.json'), `${JSON.stringify(document, null, 2)}\n`);
  console.log(`Wrote openapi.json (${Object.keys(document.paths).length} paths)`);
} finally {
  await app.close();
}
