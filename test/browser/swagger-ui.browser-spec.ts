// An explorer's first session in Swagger UI, in a real browser against the real
// app: register through "Try it out", authorize with the returned token, reload
// (the authorization persists), call GET /api/auth/me, publish a post and read
// it back. Screenshots of each step go to test-results/browser/ (ignored by git).
//
// Needs Debian's Chromium at /usr/bin/chromium (`apt-get install chromium`);
// without it the spec skips itself. Run with `npm run test:browser`.
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type BrowserContext, type Locator, type Page } from 'playwright-core';
import { rateLimitConfig } from '../../src/config/rate-limit.config.js';
import { uniqueUsername } from '../utils/factories.js';
import { createTestApp, type TestApp } from '../utils/test-app.js';

const CHROMIUM = '/usr/bin/chromium';
const FLAGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];
const SCREENSHOTS = new URL('../../test-results/browser/', import.meta.url).pathname;
const STEP_TIMEOUT = 15_000;

const haveChromium = existsSync(CHROMIUM);
if (!haveChromium) {
  console.warn(
    `Skipping the Swagger UI browser test: ${CHROMIUM} is absent (apt-get install chromium).`,
  );
}
const describeInBrowser = haveChromium ? describe : describe.skip;

describeInBrowser('Swagger UI in Chromium', () => {
  let t: TestApp;
  let base: string;
  let userDataDir: string;
  let context: BrowserContext;
  let page: Page;
  const problems: string[] = [];

  beforeAll(async () => {
    // The rate limits of a real deployment (test/setup-env.ts turns them off for the other specs).
    delete process.env.THROTTLE_AUTH_LIMIT;
    delete process.env.THROTTLE_LIMIT;
    t = await createTestApp();
    expect(t.app.get(rateLimitConfig.KEY)).toEqual({ auth: 10, api: 600 });
    await t.app.listen(0, '127.0.0.1');
    base = `http://127.0.0.1:${(t.app.getHttpServer().address() as AddressInfo).port}`;
    mkdirSync(SCREENSHOTS, { recursive: true });
    // Playwright takes the profile directory as an argument of its own, not as a flag.
    userDataDir = mkdtempSync(join(tmpdir(), 'swagger-ui-chromium-'));
    context = await chromium.launchPersistentContext(userDataDir, {
      executablePath: CHROMIUM,
      headless: true,
      args: FLAGS,
      viewport: { width: 1280, height: 900 },
    });
    page = context.pages()[0] ?? (await context.newPage());
    page.setDefaultTimeout(STEP_TIMEOUT);
    page.on('console', (message) => {
      if (message.type() === 'error') problems.push(`console: ${message.text()}`);
    });
    page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
  }, 60_000);

  afterAll(async () => {
    await context?.close();
    await t?.close();
    if (userDataDir) rmSync(userDataDir, { recursive: true, force: true });
  });

  /** A screenshot of the window; of an operation's request and response when given. */
  async function shot(name: string, operation?: Locator) {
    // From the curl command of the request down to the response body.
    await operation
      ?.locator('.curl-command')
      .evaluate((element) => element.scrollIntoView({ block: 'start' }));
    await page.screenshot({ path: join(SCREENSHOTS, `${name}.png`) });
  }

  /** Opens an operation, presses "Try it out", lets `fill` enter the inputs, then "Execute". */
  async function tryItOut(
    operationId: string,
    fill: (operation: Locator) => Promise<void>,
  ): Promise<{ operation: Locator; status: number; body: Record<string, unknown> }> {
    const operation = page.locator(`[id$="-${operationId}"]`);
    await operation.locator('.opblock-summary').first().click();
    await operation.getByRole('button', { name: 'Try it out' }).click();
    await fill(operation);
    await operation.getByRole('button', { name: 'Execute' }).click();
    const response = operation.locator('.live-responses-table .response').first();
    const status = Number(await response.locator('.response-col_status').innerText());
    const body = JSON.parse(
      await response.locator('.response-col_description pre').first().innerText(),
    );
    return { operation, status, body };
  }

  it('takes an explorer from registering to reading their own post', async () => {
    const username = uniqueUsername('explorer');

    // 1. The page: the API's title, version and how to authenticate.
    await page.goto(`${base}/docs`);
    await page.locator('.swagger-ui .info .title').waitFor();
    await expect(page.title()).resolves.toMatch(/^social-api [\d.]+ · API explorer$/);
    await expect(page.locator('.swagger-ui .info').innerText()).resolves.toMatch(
      /social-api[\s\S]*Authorize/,
    );
    await shot('01-docs');

    // 2. Register through "Try it out", starting from the pre-filled example.
    const register = await tryItOut('authRegister', async (operation) => {
      const body = operation.locator('textarea.body-param__text');
      const example = JSON.parse(await body.inputValue());
      expect(example).toEqual({
        username: 'ada_lovelace',
        name: 'Ada Lovelace',
        password: 'correct horse battery staple',
      });
      await body.fill(JSON.stringify({ ...example, username }, null, 2));
    });
    expect(register.status).toBe(201);
    expect(register.body).toMatchObject({ tokenType: 'Bearer', user: { username } });
    const accessToken = register.body.accessToken as string;
    await shot('02-register', register.operation);

    // 3. Authorize with the returned token.
    await page.locator('.scheme-container button.authorize').click();
    const dialog = page.locator('.dialog-ux .modal-ux');
    await dialog.locator('input[type="text"], input[type="password"]').first().fill(accessToken);
    await shot('03-authorize-dialog');
    await dialog.locator('button.modal-btn.authorize').click();
    await dialog.locator('button.modal-btn.btn-done').click();
    await expect(
      page.locator('.scheme-container button.authorize').getAttribute('class'),
    ).resolves.toContain('locked');

    // persistAuthorization: the token survives a reload.
    await page.reload();
    await page.locator('.swagger-ui .info .title').waitFor();

    // 4. GET /api/auth/me answers 200 with that username.
    const me = await tryItOut('authMe', async () => {});
    expect(me.status).toBe(200);
    expect(me.body).toMatchObject({ username, postsCount: 0 });
    await expect(me.operation.locator('.curl-command').innerText()).resolves.toContain(
      `Authorization: Bearer ${accessToken}`,
    );
    await shot('04-me', me.operation);

    // 5. Publish a post.
    const text = `Hello from Swagger UI, ${username}!`;
    const created = await tryItOut('postsCreate', async (operation) => {
      await operation.locator('textarea.body-param__text').fill(JSON.stringify({ text }));
    });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ text, author: { username }, liked: false });
    await shot('05-create-post', created.operation);

    // 6. Read it back.
    const read = await tryItOut('postsGet', async (operation) => {
      await operation.locator('tr[data-param-name="id"] input').fill(String(created.body.id));
    });
    expect(read.status).toBe(200);
    expect(read.body).toMatchObject({ id: created.body.id, text, author: { username } });
    await shot('06-read-post', read.operation);

    // Nothing went wrong in the page (a Content-Security-Policy refusal would show here).
    expect(problems).toEqual([]);
  }, 120_000);
});
