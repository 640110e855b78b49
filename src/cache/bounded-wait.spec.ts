import { CacheTimeoutError, withinMs } from './bounded-wait.js';

describe('withinMs', () => {
  it('settles with the work when it is fast enough', async () => {
    await expect(withinMs(Promise.resolve('value'), 50)).resolves.toBe('value');
  });

  it('passes the work’s own error through', async () => {
    await expect(withinMs(Promise.reject(new Error('refused')), 50)).rejects.toThrow('refused');
  });

  it('rejects with CacheTimeoutError once the bound has passed', async () => {
    const never = new Promise<never>(() => undefined);
    const started = Date.now();
    await expect(withinMs(never, 30)).rejects.toBeInstanceOf(CacheTimeoutError);
    expect(Date.now() - started).toBeLessThan(500);
  });

  it('leaves no unhandled rejection when the work fails after the bound', async () => {
    let fail!: (e: Error) => void;
    const late = new Promise<never>((_, reject) => (fail = reject));
    await expect(withinMs(late, 10)).rejects.toBeInstanceOf(CacheTimeoutError);
    fail(new Error('too late'));
    await new Promise((resolve) => setImmediate(resolve));
  });
});
