import { RateBudget } from './RateBudget';

function fakeClock() {
  let now = 1_000_000;
  const sleeps: number[] = [];
  return {
    now: () => now,
    sleep: async (ms: number) => {
      sleeps.push(ms);
      now += ms;
    },
    advance: (ms: number) => {
      now += ms;
    },
    sleeps,
  };
}

describe('RateBudget', () => {
  it('allows a burst of a tenth of the minute, then paces to requestsPerMinute', async () => {
    const clock = fakeClock();
    const budget = new RateBudget({ requestsPerMinute: 600, ...clock });
    const start = clock.now();
    for (let i = 0; i < 60; i += 1) await budget.acquire();
    expect(clock.now()).toBe(start);
    for (let i = 0; i < 600; i += 1) await budget.acquire();
    // 600 more at 10 a second.
    expect(clock.now() - start).toBeGreaterThanOrEqual(59_900);
    expect(clock.now() - start).toBeLessThanOrEqual(60_100);
  });

  it('slows down when RateLimit-Remaining nears 0 and stops until RateLimit-Reset at 0', async () => {
    const clock = fakeClock();
    const budget = new RateBudget({ requestsPerMinute: 100_000, ...clock });
    const reset = String(Math.ceil((clock.now() + 30_000) / 1000));
    budget.observe(
      new Headers({
        'ratelimit-remaining': '500',
        'ratelimit-limit': '2000',
        'ratelimit-reset': reset,
      }),
    );
    await budget.acquire();
    expect(clock.sleeps).toEqual([]);

    budget.observe(
      new Headers({
        'ratelimit-remaining': '9',
        'ratelimit-limit': '2000',
        'ratelimit-reset': reset,
      }),
    );
    const before = clock.now();
    await budget.acquire();
    // What is left of the window, spread over the 10 requests left.
    expect(clock.now() - before).toBeGreaterThanOrEqual(2_900);
    expect(clock.now() - before).toBeLessThanOrEqual(3_100);

    budget.observe(
      new Headers({
        'ratelimit-remaining': '0',
        'ratelimit-limit': '2000',
        'ratelimit-reset': reset,
      }),
    );
    await budget.acquire();
    expect(clock.now()).toBeGreaterThanOrEqual(Number(reset) * 1000);
  });

  it('pauses every request for a Retry-After, scaled in tests', async () => {
    const clock = fakeClock();
    const budget = new RateBudget({
      requestsPerMinute: 100_000,
      delayScale: 0.5,
      ...clock,
    });
    budget.pause(4_000);
    const before = clock.now();
    await budget.acquire();
    expect(clock.now() - before).toBe(2_000);
  });

  it('stops waiting out a pause when the signal aborts', async () => {
    const budget = new RateBudget({ requestsPerMinute: 100_000 });
    budget.pause(120_000);
    const controller = new AbortController();
    const waiting = budget.acquire(controller.signal);
    controller.abort(new Error('the run is over'));
    await expect(waiting).rejects.toThrow();
    await expect(budget.acquire(controller.signal)).rejects.toThrow(
      'the run is over',
    );
  });
});
