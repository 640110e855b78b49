// OWASP API9:2023: the published document is the inventory. It must list
// exactly the operations the server answers: no undocumented route, no ghost.
import { fetchDocument, operationsOf, toRoute } from '../utils/openapi.js';
import { createTestApp, type TestApp } from '../utils/test-app.js';

// Swagger UI's own assets and document are not part of the API.
const isDocsRoute = (url: string) =>
  url === '/docs' || url.startsWith('/docs/') || url.startsWith('/docs-');

describe('API9 improper inventory management', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t.close());

  it('documents exactly the routes the server serves', async () => {
    const documented = operationsOf(await fetchDocument(t))
      .map((op) => `${op.method} ${toRoute(op.path)}`)
      .sort();
    const served = t.routes
      .filter((r) => r.method !== 'HEAD' && r.method !== 'OPTIONS' && !isDocsRoute(r.url))
      .map((r) => `${r.method} ${r.url}`)
      .sort();
    expect(documented).toEqual(served);
    expect(served.length).toBeGreaterThanOrEqual(25);
  });

  it('serves the document and UI only where documented: /docs and /docs-json', async () => {
    await t.http().get('/docs-json').expect(200);
    await t.http().get('/api').expect(404);
    await t.http().get('/api/v0/users').expect(404);
  });
});
