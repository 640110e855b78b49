import { CacheAvailability } from './cache-availability.js';

const quiet = { warn: () => undefined, log: () => undefined };

async function until(condition: () => boolean, timeoutMs = 2000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

describe('CacheAvailability', () => {
  let storeAnswers: boolean;
  let epochBumps: number;
  let availability: CacheAvailability;

  beforeEach(() => {
    storeAnswers = true;
    epochBumps = 0;
    availability = new CacheAvailability(
      {
        probe: async () => storeAnswers,
        bumpEpoch: async () => {
          if (storeAnswers) epochBumps += 1;
          return storeAnswers;
        },
      },
      { probeEveryMs: 10, failuresToTrip: 3, tripAfterMs: 30 },
      quiet,
    );
  });
  afterEach(() => availability.stop());

  it('starts up without replacing the epoch', async () => {
    await availability.start();
    expect(availability.isUp).toBe(true);
    expect(epochBumps).toBe(0);
  });

  it('starts down when the store does not answer, and comes up once it does', async () => {
    storeAnswers = false;
    await availability.start();
    expect(availability.isUp).toBe(false);
    storeAnswers = true;
    await until(() => availability.isUp);
  });

  it('takes a slow moment for no outage: a burst of failures, then a success', async () => {
    await availability.start();
    for (let i = 0; i < 20; i++) availability.failed(new Error('timeout'));
    expect(availability.isUp).toBe(true);
    await new Promise((resolve) => setTimeout(resolve, 40));
    availability.succeeded();
    availability.failed(new Error('timeout'));
    availability.failed(new Error('timeout'));
    availability.failed(new Error('timeout'));
    expect(availability.isUp).toBe(true);
  });

  it('goes down once failures keep coming, and comes back by itself, keeping entries', async () => {
    await availability.start();
    availability.failed(new Error('timeout'));
    availability.failed(new Error('timeout'));
    await new Promise((resolve) => setTimeout(resolve, 40));
    expect(availability.isUp).toBe(true);
    availability.failed(new Error('timeout'));
    expect(availability.isUp).toBe(false);
    await until(() => availability.isUp);
    expect(epochBumps).toBe(0);
  });

  it('goes down at once when the connection is lost, and replaces the epoch before coming back', async () => {
    await availability.start();
    storeAnswers = false;
    availability.connectionLost(new Error('socket closed'));
    expect(availability.isUp).toBe(false);
    storeAnswers = true;
    await until(() => availability.isUp);
    expect(epochBumps).toBe(1);
  });

  it('replaces the epoch before coming back when an invalidation was missed', async () => {
    await availability.start();
    storeAnswers = false;
    availability.invalidationMissed('write during outage');
    expect(availability.isUp).toBe(false);
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(availability.isUp).toBe(false);
    storeAnswers = true;
    await until(() => availability.isUp);
    expect(epochBumps).toBe(1);
  });

  it('notices a stalled store on a health check', async () => {
    await availability.start();
    storeAnswers = false;
    await expect(availability.check()).resolves.toBe(false);
  });
});
