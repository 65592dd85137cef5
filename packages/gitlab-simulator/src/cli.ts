import { parseArgs } from 'node:util';
import { FIXTURES } from './dataset/generate';
import { startSimulator, type SimulatorOptions } from './server';

const USAGE = `Usage: gitlab-simulator [options]

  --port <n>                  Port to listen on (default 8929; 0 = random)
  --host <host>               Address to bind (default 127.0.0.1)
  --seed <n>                  Generator seed (default 1)
  --projects <n>              Number of generated projects (default 20)
  --mrs <n>                   Total number of generated merge requests (default 25 per project)
  --users <n>                 Number of generated human users (default 18)
  --now <iso>                 End of the generated history (default: now)
  --dataset <file>            Serve a dataset file instead of generating one
  --version <x.y.z>           Simulated GitLab version (default 17.5.0)
  --latency <ms>              Delay added to every response
  --error-rate <0..1>         Probability of a random 500
  --requests-per-minute <n>   Per-token rate limit
  --base-url <url>            External URL used in links
  --notes <small|realistic>   Generated notes: a few per MR, or ~8 with 5% over 100
  --control                   Serve the control API under /-/simulator/
  --clock <iso>               Freeze the clock at this time (moves only via the API)
  --merged-at-delay <ms>      Delay between the merged state and merged_at (default 2000)
  --approval-note-delay <ms>  Delay before an approval's system note (default 1000)
  --replica-lag <ms>          Follow-up reads see the old state this long after a change
  --oauth-redirect-uri <uri>  Also allow this redirect URI for the demo OAuth application
  --help                      Show this help
`;

function number(value: string | undefined, name: string): number | undefined {
  if (value === undefined) return undefined;
  const parsed = Number(value);
  if (!Number.isFinite(parsed)) {
    throw new Error(`--${name} expects a number, got '${value}'`);
  }
  return parsed;
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      port: { type: 'string' },
      host: { type: 'string' },
      seed: { type: 'string' },
      projects: { type: 'string' },
      mrs: { type: 'string' },
      users: { type: 'string' },
      now: { type: 'string' },
      dataset: { type: 'string' },
      version: { type: 'string' },
      latency: { type: 'string' },
      'error-rate': { type: 'string' },
      'requests-per-minute': { type: 'string' },
      'base-url': { type: 'string' },
      notes: { type: 'string' },
      control: { type: 'boolean' },
      clock: { type: 'string' },
      'merged-at-delay': { type: 'string' },
      'approval-note-delay': { type: 'string' },
      'replica-lag': { type: 'string' },
      'oauth-redirect-uri': { type: 'string', multiple: true },
      help: { type: 'boolean', short: 'h' },
    },
    allowPositionals: false,
  });
  if (values.help) {
    process.stdout.write(USAGE);
    return;
  }
  const requestsPerMinute = number(
    values['requests-per-minute'],
    'requests-per-minute',
  );
  const options: SimulatorOptions = {
    port: number(values.port, 'port') ?? 8929,
    host: values.host,
    version: values.version,
    latencyMs: number(values.latency, 'latency'),
    errorRate: number(values['error-rate'], 'error-rate'),
    rateLimit: requestsPerMinute ? { requestsPerMinute } : undefined,
    baseUrl: values['base-url'],
    control: values.control,
    now: values.clock,
    mergedAtDelayMs: number(values['merged-at-delay'], 'merged-at-delay'),
    approvalNoteDelayMs: number(
      values['approval-note-delay'],
      'approval-note-delay',
    ),
    replicaLagMs: number(values['replica-lag'], 'replica-lag'),
  };
  if (
    values.notes !== undefined &&
    values.notes !== 'small' &&
    values.notes !== 'realistic'
  ) {
    throw new Error(
      `--notes expects small or realistic, got '${values.notes}'`,
    );
  }
  if (values.dataset) {
    const { loadDataset } = await import('./dataset/load');
    options.dataset = loadDataset(values.dataset);
  } else {
    options.generate = {
      seed: number(values.seed, 'seed'),
      projects: number(values.projects, 'projects'),
      mergeRequests: number(values.mrs, 'mrs'),
      users: number(values.users, 'users'),
      now: values.now,
      notesProfile: values.notes as 'small' | 'realistic' | undefined,
    };
  }

  const simulator = await startSimulator(options);
  const demoApp = simulator.data.oauthApplications?.find(
    a => a.clientId === FIXTURES.oauthClientId,
  );
  for (const uri of values['oauth-redirect-uri'] ?? []) {
    if (!demoApp)
      throw new Error('--oauth-redirect-uri needs the demo OAuth application');
    demoApp.redirectUri = [demoApp.redirectUri, uri].filter(Boolean).join('\n');
  }
  const mergeRequests = simulator.data.projects.reduce(
    (n, p) => n + p.mergeRequests.length,
    0,
  );
  const lines = [
    `GitLab simulator (GitLab ${
      options.version ?? simulator.data.instance?.version ?? '17.5.0'
    }) listening on ${simulator.url}`,
    `  REST:    ${simulator.url}/api/v4`,
    `  GraphQL: ${simulator.url}/api/graphql`,
    ...(options.control
      ? [`  Control: ${simulator.url}/-/simulator/ (requests, actions)`]
      : []),
    `  ${simulator.data.projects.length} projects, ${mergeRequests} merge requests, ${simulator.data.users.length} users`,
    '',
    'Tokens:',
    ...simulator.data.tokens.map(
      t =>
        `  ${t.token.padEnd(22)} ${t.name} (${t.scopes.join(', ')})${
          t.revoked ? ' revoked' : ''
        }${t.expiresAt ? ` expires ${t.expiresAt}` : ''}`,
    ),
  ];
  if (!values.dataset) {
    lines.push('', `Demo token: ${FIXTURES.demoToken}`);
  }
  if (demoApp) {
    lines.push(
      `OAuth application: ${demoApp.clientId} / ${
        demoApp.clientSecret
      }, redirect URIs ${(demoApp.redirectUri ?? '').split('\n').join(', ')}`,
    );
  }
  process.stdout.write(`${lines.join('\n')}\n`);

  const shutdown = (signal: string) => {
    process.stdout.write(`\nReceived ${signal}, shutting down\n`);
    simulator.close().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.once('SIGINT', () => shutdown('SIGINT'));
  process.once('SIGTERM', () => shutdown('SIGTERM'));
}

main().catch(error => {
  process.stderr.write(
    `${error instanceof Error ? error.message : String(error)}\n\n${USAGE}`,
  );
  process.exit(1);
});
