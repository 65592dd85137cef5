import { setTimeout as wait } from 'node:timers/promises';

/** A pause that ends early, rejecting, when the signal aborts. @internal */
export type Sleep = (ms: number, signal?: AbortSignal) => Promise<void>;

/** Waits `ms`; rejects with the signal's abort error as soon as it aborts. @internal */
export const sleep: Sleep = async (ms, signal) => {
  await wait(ms, undefined, { signal });
};
