// OWASP API7:2023 does not apply: the API never fetches a URL. This guards that:
// no operation accepts a URL-like input the server could be tricked into fetching.
import { fetchDocument, operationsOf } from '../utils/openapi.js';
import { createTestApp, type TestApp } from '../utils/test-app.js';

describe('API7 server side request forgery', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t.close());

  it('has no URL-shaped input anywhere in the document', async () => {
    const doc = await fetchDocument(t);
    const names = [
      ...operationsOf(doc).flatMap((op) => (op.parameters ?? []).map((p) => p.name)),
      ...Object.values(doc.components.schemas).flatMap((s) =>
        Object.entries((s.properties ?? {}) as Record<string, { format?: string }>).flatMap(
          ([name, prop]) =>
            prop.format === 'uri' || prop.format === 'url' ? [`${name} (uri)`] : [name],
        ),
      ),
    ];
    expect(names.filter((n) => /url|uri|href|link|callback|webhook|avatar|image/i.test(n))).toEqual(
      [],
    );
  });
});
