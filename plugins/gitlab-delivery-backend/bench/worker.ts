/**
 * Runs one implementation in a child process of its own, so that its peak
 * RSS (the kernel's max RSS of the process) excludes the simulator and the
 * other implementations. Commands come from the parent over IPC.
 */
import type { Ours } from './ours';
import { Implementation, Target } from './types';

export type Kind = 'ours' | 'restPerMr' | 'livePerView';

export type Command =
  | { command: 'start'; kind: Kind; target: Target }
  | { command: 'backfill' | 'cycle'; now: string }
  | { command: 'facts' | 'close' }
  | { command: 'pageViews'; views: number };

export interface Reply {
  id: number;
  ok: boolean;
  value?: unknown;
  error?: string;
  /** The process's max RSS so far, in MB. */
  peakRssMb: number;
}

let implementation: Implementation | undefined;

async function handle(message: Command): Promise<unknown> {
  if (message.command === 'start') {
    const { kind, target } = message;
    // Each child loads only its own implementation's modules.
    if (kind === 'ours') {
      implementation = await (await import('./ours')).Ours.create(target);
    } else if (kind === 'restPerMr') {
      implementation = new (await import('./baselines/restPerMr')).RestPerMr(
        target,
      );
    } else {
      implementation = new (
        await import('./baselines/livePerView')
      ).LivePerView(target);
    }
    return undefined;
  }
  if (!implementation) throw new Error('Not started');
  switch (message.command) {
    case 'backfill':
      return implementation.backfill(message.now);
    case 'cycle':
      return implementation.cycle(message.now);
    case 'facts':
      return implementation.facts();
    case 'pageViews':
      if (!('pageViews' in implementation))
        throw new Error('Only ours serves pages');
      return (implementation as Ours).pageViews(message.views);
    case 'close':
      await implementation.close();
      setImmediate(() => process.exit(0));
      return undefined;
    default:
      throw new Error(`Unknown command ${JSON.stringify(message)}`);
  }
}

process.on('message', (message: Command & { id: number }) => {
  handle(message).then(
    value => send({ id: message.id, ok: true, value }),
    error =>
      send({ id: message.id, ok: false, error: String(error?.stack ?? error) }),
  );
});

// The parent is gone (it failed or was stopped): so is the run.
process.on('disconnect', () => process.exit(1));

function send(reply: Omit<Reply, 'peakRssMb'>) {
  process.send!({
    ...reply,
    peakRssMb: process.resourceUsage().maxRSS / 1024,
  });
}
