import { jest } from '@jest/globals';
import { SingleFlight } from './single-flight.js';

function deferred<T = void>() {
  let resolve!: (value: T) => void;
  let reject!: (error: Error) => void;
  const promise = new Promise<T>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}

describe('SingleFlight', () => {
  it('runs concurrent calls for one key once and gives all callers the result', async () => {
    const flights = new SingleFlight<string>();
    const gate = deferred<string>();
    const work = jest.fn(() => gate.promise);
    const calls = [1, 2, 3].map(() => flights.run('k', work));
    gate.resolve('loaded');
    await expect(Promise.all(calls)).resolves.toEqual(['loaded', 'loaded', 'loaded']);
    expect(work).toHaveBeenCalledTimes(1);
  });

  it('keeps different keys apart', async () => {
    const flights = new SingleFlight<string>();
    const a = flights.run('a', async () => 'A');
    const b = flights.run('b', async () => 'B');
    await expect(Promise.all([a, b])).resolves.toEqual(['A', 'B']);
  });

  it('starts afresh after a failure', async () => {
    const flights = new SingleFlight<string>();
    await expect(flights.run('k', () => Promise.reject(new Error('db down')))).rejects.toThrow();
    await new Promise((resolve) => setImmediate(resolve));
    expect(flights.size).toBe(0);
    await expect(flights.run('k', async () => 'second')).resolves.toBe('second');
  });

  it('keeps a result joinable while it is being kept, then starts afresh', async () => {
    const flights = new SingleFlight<string>();
    const stored = deferred<void>();
    const first = await flights.run(
      'k',
      async () => 'first',
      () => stored.promise,
    );
    await expect(flights.run('k', async () => 'second')).resolves.toBe(first);
    stored.resolve();
    await new Promise((resolve) => setTimeout(resolve, 5));
    expect(flights.size).toBe(0);
    await expect(flights.run('k', async () => 'second')).resolves.toBe('second');
  });

  it('shares a failure with every caller that joined it', async () => {
    const flights = new SingleFlight<string>();
    const gate = deferred<string>();
    const calls = [1, 2].map(() => flights.run('k', () => gate.promise));
    gate.reject(new Error('db down'));
    for (const call of calls) await expect(call).rejects.toThrow('db down');
  });
});
