// The global guard applies the rule each route declares with its auth decorator,
// and nothing else: a controller of probes, one route per rule, in the real app.
import { Controller, Get } from '@nestjs/common';
import {
  Authenticated,
  PublicIgnoringToken,
  PublicRead,
} from '../src/common/decorators/auth.decorator.js';
import { type AuthUser, CurrentUser } from '../src/common/decorators/current-user.decorator.js';
import { createUser, type TestUser } from './utils/factories.js';
import { createTestApp, type TestApp } from './utils/test-app.js';

@Controller('probe')
class ProbeController {
  @Get('authenticated')
  @Authenticated()
  authenticated(@CurrentUser() user?: AuthUser) {
    return { user: user?.id ?? null };
  }

  @Get('public-read')
  @PublicRead()
  publicRead(@CurrentUser() user?: AuthUser) {
    return { user: user?.id ?? null };
  }

  @Get('ignoring-token')
  @PublicIgnoringToken()
  ignoringToken(@CurrentUser() user?: AuthUser) {
    return { user: user?.id ?? null };
  }

  @Get('undeclared')
  undeclared(@CurrentUser() user?: AuthUser) {
    return { user: user?.id ?? null };
  }
}

@Controller('probe-class')
@PublicRead()
class ProbeClassController {
  @Get()
  inherited(@CurrentUser() user?: AuthUser) {
    return { user: user?.id ?? null };
  }

  @Get('own')
  @Authenticated()
  own(@CurrentUser() user?: AuthUser) {
    return { user: user?.id ?? null };
  }
}

type Caller = 'no token' | 'a valid token' | 'a forged token';

describe('Auth rules, as the guard reads them from the decorators', () => {
  let t: TestApp;
  let user: TestUser;
  beforeAll(async () => {
    t = await createTestApp({ controllers: [ProbeController, ProbeClassController] });
    user = await createUser(t);
  });
  afterAll(() => t.close());

  const call = (path: string, caller: Caller) => {
    const request = t.http().get(`/api/${path}`);
    if (caller === 'a valid token') return request.set(user.auth);
    if (caller === 'a forged token') return request.set('Authorization', 'Bearer not.a.token');
    return request;
  };

  // [route, caller, status, the caller the handler sees]
  const cases: [string, Caller, number, 'user' | 'nobody' | undefined][] = [
    ['probe/authenticated', 'no token', 401, undefined],
    ['probe/authenticated', 'a forged token', 401, undefined],
    ['probe/authenticated', 'a valid token', 200, 'user'],
    ['probe/public-read', 'no token', 200, 'nobody'],
    ['probe/public-read', 'a forged token', 401, undefined],
    ['probe/public-read', 'a valid token', 200, 'user'],
    ['probe/ignoring-token', 'no token', 200, 'nobody'],
    ['probe/ignoring-token', 'a forged token', 200, 'nobody'],
    ['probe/ignoring-token', 'a valid token', 200, 'nobody'],
    // No rule declared: fails closed, as @Authenticated().
    ['probe/undeclared', 'no token', 401, undefined],
    ['probe/undeclared', 'a forged token', 401, undefined],
    ['probe/undeclared', 'a valid token', 200, 'user'],
    // A controller's rule holds for its routes, unless a route declares its own.
    ['probe-class', 'no token', 200, 'nobody'],
    ['probe-class', 'a forged token', 401, undefined],
    ['probe-class/own', 'no token', 401, undefined],
  ];

  it.each(cases)('%s with %s answers %i', async (path, caller, status, seen) => {
    const res = await call(path, caller).expect(status);
    if (status === 401) {
      expect(res.body).toEqual({
        statusCode: 401,
        error: 'Unauthorized',
        message: expect.any(String),
      });
    } else {
      expect(res.body).toEqual({ user: seen === 'user' ? user.id : null });
    }
  });
});
