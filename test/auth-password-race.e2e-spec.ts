import { setTimeout as sleep } from 'node:timers/promises';
import { createUser } from './utils/factories.js';
import { createTestApp, type TestApp } from './utils/test-app.js';

// OWASP: a password change ends every session. Once PUT /api/auth/password has
// answered, nothing obtained with the old password may work any more: not a
// refresh token, not an access token, whether it was issued before the change
// or by a login or refresh that raced it. Timing only decides how often the
// race is hit; the expected count of surviving sessions is 0 in every round.

const OLD = 'the old password, soon gone';
const NEW = 'the new password, from now on';
const ROUNDS = 12;
// Sent this many ms after the change was sent: in flight while it verifies, hashes and commits.
const DURING = [0, 5, 10, 20, 30, 40, 50, 60];
// Sent this many ms after the change was answered.
const AFTER = [0, 30, 60];
// About 5 s alone; a loaded 2-core machine has been seen at 4x that.
const TIMEOUT_MS = 120_000;

interface Issued {
  accessToken: string;
  refreshToken: string;
}

describe('a password change racing logins and refreshes', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t.close());

  const login = async (username: string): Promise<Issued | null> => {
    const res = await t.http().post('/api/auth/login').send({ username, password: OLD });
    if (res.status === 401) return null;
    expect(res.status).toBe(200);
    return res.body as Issued;
  };
  const refresh = async (refreshToken: string): Promise<Issued | null> => {
    const res = await t.http().post('/api/auth/refresh').send({ refreshToken });
    if (res.status === 401) return null;
    expect(res.status).toBe(200);
    return res.body as Issued;
  };
  const accepted = async (accessToken: string) => {
    const res = await t.http().get('/api/auth/me').set('Authorization', `Bearer ${accessToken}`);
    expect([200, 401]).toContain(res.status);
    return res.status === 200;
  };

  /** One change with logins and a refresh racing it; what of them still works after. */
  const race = async (round: number) => {
    const seen = { racingLoginsAnswered200: 0, survivingRefreshTokens: 0, acceptedAccessTokens: 0 };
    const user = await createUser(t, { password: OLD });
    const change = t
      .http()
      .put('/api/auth/password')
      .set(user.auth)
      .send({ currentPassword: OLD, newPassword: NEW })
      .then((res) => res);
    const during = DURING.map((ms) => sleep(ms).then(() => login(user.username)));
    // The registration's own refresh token is spent mid-change too.
    const refreshed = sleep(DURING[round % DURING.length]).then(() => refresh(user.refreshToken));
    expect((await change).status).toBe(204);
    const after = AFTER.map((ms) => sleep(ms).then(() => login(user.username)));

    const racing = await Promise.all(during);
    seen.racingLoginsAnswered200 = racing.filter(Boolean).length;
    const rotated = await refreshed;
    const issued = [...racing, rotated, ...(await Promise.all(after))].filter(
      (s): s is Issued => s !== null,
    );
    // The registration's refresh token, unless the racing refresh spent it
    // (presenting it again would be reuse, and would revoke its successor).
    if (!rotated) issued.push({ accessToken: user.accessToken, refreshToken: user.refreshToken });
    else if (await accepted(user.accessToken)) seen.acceptedAccessTokens += 1;
    for (const session of issued) {
      if (await accepted(session.accessToken)) seen.acceptedAccessTokens += 1;
      if (await refresh(session.refreshToken)) seen.survivingRefreshTokens += 1;
    }
    // The new password works, so the refusals above are not a broken account.
    const fresh = await t
      .http()
      .post('/api/auth/login')
      .send({ username: user.username, password: NEW })
      .expect(200);
    expect(await accepted(fresh.body.accessToken)).toBe(true);
    return seen;
  };

  it(
    'leaves no session from the old password once the change has answered',
    async () => {
      const total = {
        racingLoginsAnswered200: 0,
        survivingRefreshTokens: 0,
        acceptedAccessTokens: 0,
      };
      for (let round = 0; round < ROUNDS; round++) {
        const seen = await race(round);
        for (const key of Object.keys(total) as (keyof typeof total)[]) total[key] += seen[key];
      }
      if (process.env.RACE_REPORT) console.log(`password-change race, ${ROUNDS} rounds:`, total);
      expect(total).toEqual({
        racingLoginsAnswered200: total.racingLoginsAnswered200,
        survivingRefreshTokens: 0,
        acceptedAccessTokens: 0,
      });
    },
    TIMEOUT_MS,
  );
});
