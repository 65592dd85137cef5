/** The simulator's time source, in milliseconds since the epoch. */
export interface Clock {
  now(): number;
  /** Moves the clock forward (a frozen clock moves only this way). */
  advance(ms: number): void;
}

/**
 * A clock that follows real time, or, when `start` is given, is frozen at `start` and moves only
 * when advanced, so that tests can place changes a known distance apart.
 */
export function createClock(start?: string | number): Clock {
  let offset = 0;
  if (start === undefined) {
    return {
      now: () => Date.now() + offset,
      advance: ms => {
        offset += checked(ms);
      },
    };
  }
  let current = typeof start === 'number' ? start : Date.parse(start);
  if (!Number.isFinite(current)) {
    throw new Error(`Invalid clock start '${start}'`);
  }
  return {
    now: () => current,
    advance: ms => {
      current += checked(ms);
    },
  };
}

function checked(ms: number): number {
  if (!Number.isFinite(ms) || ms < 0) {
    throw new Error(`The clock only moves forward (got ${ms} ms)`);
  }
  return ms;
}
