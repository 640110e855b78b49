// OWASP API1:2023: a caller can act only on objects they own. Every object
// route takes the actor from the token, never from the request.
import { createPost, createUser, type TestUser } from '../utils/factories.js';
import { forbidden, like, profile, readPost } from '../utils/social.js';
import { createTestApp, type TestApp } from '../utils/test-app.js';

describe('API1 broken object level authorization', () => {
  let t: TestApp;
  let owner: TestUser;
  let intruder: TestUser;

  beforeAll(async () => {
    t = await createTestApp();
    [owner, intruder] = [await createUser(t), await createUser(t)];
  });
  afterAll(() => t.close());

  it("refuses to edit or delete someone else's post, and leaves it unchanged", async () => {
    const post = await createPost(t, owner, 'mine');
    const edit = await t
      .http()
      .patch(`/api/posts/${post.id}`)
      .set(intruder.auth)
      .send({ text: 'defaced' })
      .expect(403);
    expect(edit.body).toEqual(forbidden());
    await t.http().delete(`/api/posts/${post.id}`).set(intruder.auth).expect(403);
    expect(await readPost(t, post)).toMatchObject({ text: 'mine' });
    expect(await profile(t, owner)).toMatchObject({ postsCount: expect.any(Number) });
  });

  it("cannot remove someone else's like: unlike only ever removes the caller's", async () => {
    const post = await createPost(t, owner);
    await like(t, owner, post);
    await t.http().delete(`/api/posts/${post.id}/like`).set(intruder.auth).expect(204);
    expect(await readPost(t, post)).toMatchObject({ likesCount: 1 });
  });

  it("cannot undo someone else's follow", async () => {
    const target = await createUser(t);
    await t.http().put(`/api/users/${target.id}/follow`).set(owner.auth).expect(204);
    await t.http().delete(`/api/users/${target.id}/follow`).set(intruder.auth).expect(204);
    expect(await profile(t, target)).toMatchObject({ followersCount: 1 });
  });

  it('changes only the caller on /users/me, whatever id the body names', async () => {
    await t
      .http()
      .patch('/api/users/me')
      .set(intruder.auth)
      .send({ id: owner.id, name: 'x' })
      .expect(400);
    await t.http().patch('/api/users/me').set(intruder.auth).send({ name: 'Intruder' }).expect(200);
    expect(await profile(t, owner)).toMatchObject({ name: 'Test User' });
  });

  it("a password change ends the caller's sessions only", async () => {
    await t
      .http()
      .put('/api/auth/password')
      .set(intruder.auth)
      .send({ currentPassword: intruder.password, newPassword: 'a new password' })
      .expect(204);
    await t.http().post('/api/auth/refresh').send({ refreshToken: owner.refreshToken }).expect(200);
    await t
      .http()
      .post('/api/auth/login')
      .send({ username: owner.username, password: owner.password })
      .expect(200);
  });
});
