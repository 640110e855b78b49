import { validateEnvironment } from './env.validation.js';
import { timelineConfig } from './timeline.config.js';

describe('timeline settings', () => {
  const names = ['TIMELINE_MAX_ITEMS', 'FANOUT_MAX_FOLLOWERS', 'FANOUT_BATCH_SIZE'] as const;
  const saved = Object.fromEntries(names.map((name) => [name, process.env[name]]));
  afterEach(() => {
    for (const name of names) {
      if (saved[name] === undefined) delete process.env[name];
      else process.env[name] = saved[name];
    }
  });

  it('defaults to a cap of 800, fan-out up to 10,000 followers, 1,000 a batch; blank is unset', () => {
    for (const name of names) process.env[name] = '';
    expect(() =>
      validateEnvironment({ TIMELINE_MAX_ITEMS: '', FANOUT_BATCH_SIZE: '' }),
    ).not.toThrow();
    expect(timelineConfig()).toMatchObject({
      maxItems: 800,
      fanoutMaxFollowers: 10_000,
      fanoutBatchSize: 1000,
    });
  });

  it('reads the values it is given', () => {
    Object.assign(process.env, {
      TIMELINE_MAX_ITEMS: '50',
      FANOUT_MAX_FOLLOWERS: '0',
      FANOUT_BATCH_SIZE: '10',
    });
    expect(timelineConfig()).toMatchObject({
      maxItems: 50,
      fanoutMaxFollowers: 0,
      fanoutBatchSize: 10,
    });
  });

  it.each([
    ['TIMELINE_MAX_ITEMS', '0'],
    ['TIMELINE_MAX_ITEMS', '100001'],
    ['TIMELINE_MAX_ITEMS', 'many'],
    ['FANOUT_MAX_FOLLOWERS', '-1'],
    ['FANOUT_MAX_FOLLOWERS', '1.5'],
    ['FANOUT_BATCH_SIZE', '0'],
    ['FANOUT_BATCH_SIZE', '10001'],
  ])('refuses %s=%s at boot, with a one-line reason', (name, value) => {
    expect(() => validateEnvironment({ [name]: value })).toThrow(
      new RegExp(`^Invalid environment: ${name}: `),
    );
  });
});
