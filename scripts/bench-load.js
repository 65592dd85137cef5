#!/usr/bin/env node
// `yarn bench:load [--quick]`: concurrent metrics and merge-request-list
// requests against the demo backend on loopback, from this process, while a
// first sync of a large GitLab (a third simulator) runs in the backend; then
// the same load once that sync has finished, as the baseline.
//
// Full: 100 connections for 30 s, 60,000 MRs syncing. --quick: 20
// connections for 10 s, 20,000 MRs. The large GitLab answers each request
// after 500 ms, as a busy GitLab answers a page of 100 MRs, so that its sync
// spreads its writes over the load rather than finishing before it.
const autocannon = require('autocannon');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { Processes } = require('./lib/processes');

const quick = process.argv.includes('--quick');
const CONNECTIONS = quick ? 20 : 100;
const SECONDS = quick ? 10 : 30;
const LOAD_MRS = quick ? 20_000 : 60_000;
const LOAD_PROJECTS = 20;
const TOKEN = 'dev-only-delivery-insights-token';
const BACKEND = 'http://localhost:7007';
const LOAD_HOST = 'gitlab.load.localhost';
const SIMULATORS = [
  { port: 8929, args: '--seed 1 --projects 12 --mrs 1500' },
  { port: 8930, args: '--seed 2 --projects 4 --mrs 300 --version 15.0.0' },
  {
    port: 8931,
    args: `--seed 3 --projects ${LOAD_PROJECTS} --mrs ${LOAD_MRS} --latency 500`,
  },
];
// Three components and the System that aggregates two of them.
const ENTITIES = [
  'component/default/payments-api',
  'component/default/ledger-service',
  'component/default/storefront',
  'system/default/payments',
];

const root = path.resolve(__dirname, '..');
const processes = new Processes(root, 'bench-load');

async function api(pathAndQuery) {
  const response = await fetch(
    `${BACKEND}/api/gitlab-delivery${pathAndQuery}`,
    {
      headers: { Authorization: `Bearer ${TOKEN}` },
      signal: AbortSignal.timeout(30_000),
    },
  );
  if (!response.ok) {
    throw new Error(`${pathAndQuery} answered ${response.status}`);
  }
  return response.json();
}

// Config for the third simulator's host, and a catalog file that stays empty
// until the demo data has synced.
function writeLoadConfig(dir) {
  const entities = path.join(dir, 'load-entities.yaml');
  fs.writeFileSync(entities, '');
  const config = path.join(dir, 'app-config.load.yaml');
  const integration = (host, port) =>
    [
      `    - host: ${host}`,
      `      apiBaseUrl: http://127.0.0.1:${port}/api/v4`,
      '      token: glpat-demo-token',
    ].join('\n');
  const location = file =>
    `    - { type: file, target: ${JSON.stringify(file)} }`;
  fs.writeFileSync(
    config,
    [
      'integrations:',
      '  gitlab:',
      integration('gitlab.demo.localhost', 8929),
      integration('gitlab.selfhosted.localhost', 8930),
      integration(LOAD_HOST, 8931),
      'catalog:',
      '  processingInterval: { seconds: 5 }',
      '  locations:',
      location(path.join(root, 'examples/entities.yaml')),
      location(path.join(root, 'examples/org.yaml')),
      location(entities),
      'gitlabDelivery:',
      '  instances:',
      `    - { host: ${LOAD_HOST}, requestsPerMinute: 100000 }`,
      '    - { host: gitlab.selfhosted.localhost, requestsPerMinute: 600 }',
      '',
    ].join('\n'),
  );
  return { config, entities };
}

// The third simulator's projects, as catalog components on its host: the
// backend starts their first sync within a minute of the catalog naming them.
async function addLoadEntities(file) {
  const response = await fetch(
    'http://127.0.0.1:8931/api/v4/projects?membership=true&per_page=100',
    { headers: { 'PRIVATE-TOKEN': 'glpat-demo-token' } },
  );
  const projects = await response.json();
  const entities = projects.map((project, i) =>
    [
      'apiVersion: backstage.io/v1alpha1',
      'kind: Component',
      'metadata:',
      `  name: load-${i}`,
      '  annotations:',
      `    gitlab.com/instance: ${LOAD_HOST}`,
      `    gitlab.com/project-slug: ${project.path_with_namespace}`,
      'spec: { type: service, lifecycle: production, owner: guests }',
    ].join('\n'),
  );
  fs.writeFileSync(file, `${entities.join('\n---\n')}\n`);
  return projects.length;
}

// MRs the backend holds of the third simulator, and its projects synced.
async function loadSyncState() {
  const { projects } = await api('/health');
  const load = projects.filter(p => p.host === LOAD_HOST);
  return {
    stored: load.reduce((sum, p) => sum + p.mergeRequestCount, 0),
    synced: load.filter(p => p.lastSuccessAt).length,
    projects: load.length,
  };
}

async function waitUntil(what, check, timeoutMs) {
  const until = Date.now() + timeoutMs;
  while (Date.now() < until) {
    try {
      if (await check()) return;
    } catch {
      // not up yet
    }
    await new Promise(r => setTimeout(r, 1000));
  }
  throw new Error(`Timed out waiting for ${what}`);
}

function requests() {
  const to = new Date();
  const from = new Date(to.getTime() - 90 * 86_400_000);
  const quarter = `from=${from.toISOString()}&to=${to.toISOString()}`;
  return ENTITIES.flatMap(name => {
    const base = `/api/gitlab-delivery/entities/${name}`;
    return [
      { method: 'GET', path: `${base}/metrics` },
      { method: 'GET', path: `${base}/merge-requests?limit=50` },
      { method: 'GET', path: `${base}/metrics?${quarter}` },
      { method: 'GET', path: `${base}/merge-requests?limit=20&state=merged` },
    ];
  });
}

function runLoad() {
  return new Promise((resolve, reject) => {
    const instance = autocannon(
      {
        url: BACKEND,
        connections: CONNECTIONS,
        duration: SECONDS,
        timeout: 10,
        headers: { authorization: `Bearer ${TOKEN}` },
        requests: requests(),
      },
      (error, result) => (error ? reject(error) : resolve(result)),
    );
    process.once('SIGINT', () => instance.stop());
  });
}

async function measure(label) {
  const before = await loadSyncState();
  const result = await runLoad();
  const after = await loadSyncState();
  return {
    label,
    requests: result.requests.total,
    perSecond: result.requests.average,
    p50: result.latency.p50,
    p99: result.latency.p99,
    errors: result.errors + result.timeouts + result.non2xx,
    syncedDuring: after.stored - before.stored,
    syncRunning: after.synced < after.projects,
  };
}

function report(rows) {
  const header = [
    'scenario',
    'requests',
    'req/s',
    'p50 ms',
    'p99 ms',
    'errors',
    'MRs synced during',
  ];
  const lines = rows.map(r => [
    r.label,
    `${r.requests}`,
    r.perSecond.toFixed(0),
    `${r.p50}`,
    `${r.p99}`,
    `${r.errors}`,
    `${r.syncedDuring}`,
  ]);
  const widths = header.map((h, i) =>
    Math.max(h.length, ...lines.map(l => l[i].length)),
  );
  const format = cells => cells.map((c, i) => c.padEnd(widths[i])).join('  ');
  console.log(
    `\n${CONNECTIONS} connections, ${SECONDS} s per scenario, ` +
      `${ENTITIES.length} entities, metrics (30 and 90 days) and MR lists, SQLite`,
  );
  console.log(format(header));
  for (const line of lines) console.log(format(line));
}

async function main() {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'bench-load-'));
  for (const { port, args } of SIMULATORS) {
    processes.start(`simulator :${port}`, 'yarn', [
      'workspace',
      '@delivery-insights/gitlab-simulator',
      'start',
      '--port',
      `${port}`,
      ...args.split(' '),
    ]);
  }
  for (const { port } of SIMULATORS) await processes.waitFor(port, 120_000);
  const setup = writeLoadConfig(dir);
  processes.start('backend', 'yarn', [
    'workspace',
    'backend',
    'start',
    '--config',
    path.join(root, 'app-config.yaml'),
    '--config',
    setup.config,
  ]);
  console.log('Backend starting; waiting for the demo data');
  await waitUntil(
    'the demo data',
    async () => {
      const { projects } = await api('/health');
      // Every project synced, but the demo's deliberately misspelt one.
      return (
        projects.length > 0 &&
        projects.every(p => p.lastSuccessAt || p.lastErrorCode)
      );
    },
    300_000,
  );
  const added = await addLoadEntities(setup.entities);
  console.log(`Catalog names ${added} more projects (${LOAD_MRS} MRs)`);
  await waitUntil(
    'the first sync of the new projects',
    async () => {
      const state = await loadSyncState();
      return state.projects === added && state.stored > 0;
    },
    180_000,
  );
  const start = await loadSyncState();
  console.log(`Load with the sync running (${start.stored} MRs stored so far)`);
  const during = await measure('during a first sync');
  if (!during.syncRunning) {
    console.warn('The sync finished before the load ended');
  }
  console.log('Waiting for the sync to finish for the baseline');
  await waitUntil(
    'the large sync',
    async () => {
      const state = await loadSyncState();
      return state.synced === state.projects;
    },
    900_000,
  );
  const idle = await measure('no sync running');
  report([during, idle]);
  if (during.errors + idle.errors > 0) {
    throw new Error('Some requests failed');
  }
}

main()
  .catch(error => {
    console.error(error.message);
    process.exitCode = 1;
  })
  .finally(() => processes.stopAll());
