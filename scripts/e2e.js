#!/usr/bin/env node
// `yarn test:e2e`: the browser test of the demo app.
//
// Builds the app (packages/app/dist), starts the two GitLab simulators and
// the backend on free ports (the backend serves the built app through
// @backstage/plugin-app-backend), waits for the first sync of payments-api,
// then drives Chromium through playwright-core: guest sign-in, the delivery
// card (its numbers checked against the metrics API), the Delivery tab (its
// charts drawn) and the GitLab health tab (its projects listed). Then
// Connect GitLab: gitlab.selfhosted.localhost has no token, only an OAuth
// application; the admin page's button leads to the simulator's consent
// page, back to the admin page, and to a healthy instance whose entity
// (storefront) gets its merge requests. Last, the admin page's Projects tab
// lists and searches the demo instance's projects. Screenshots go to
// docs/screenshots/.
// Every child process is stopped at the end.
//
// Options: --no-build reuses packages/app/dist; --headed shows the browser.
// Environment: CHROMIUM_PATH (default /usr/bin/chromium), E2E_TIMEOUT_SECONDS
// (default 600), BACKSTAGE_API_TOKEN (default: the demo's dev-only token).
const { spawn } = require('node:child_process');
const fs = require('node:fs');
const net = require('node:net');
const os = require('node:os');
const path = require('node:path');
const { listening } = require('./lib/processes');

const root = path.resolve(__dirname, '..');
const screenshots = path.join(root, 'docs', 'screenshots');
const chromiumPath = process.env.CHROMIUM_PATH || '/usr/bin/chromium';
const apiToken =
  process.env.BACKSTAGE_API_TOKEN || 'dev-only-delivery-insights-token';
const deadlineSeconds = Number(process.env.E2E_TIMEOUT_SECONDS || 600);
const build = !process.argv.includes('--no-build');
const headed = process.argv.includes('--headed');

const entity = {
  kind: 'component',
  namespace: 'default',
  name: 'payments-api',
};
const entityRef = `${entity.kind}:${entity.namespace}/${entity.name}`;
const entityPath = `/catalog/${entity.namespace}/${entity.kind}/${entity.name}`;
const entityApi = `/api/gitlab-delivery/entities/${entity.kind}/${entity.namespace}/${entity.name}`;

// Connected from the admin page with the simulator's demo OAuth application
// (packages/gitlab-simulator/src/dataset/fixtures.ts), not with a token.
const oauthHost = 'gitlab.selfhosted.localhost';
const oauthApplication = {
  clientId: 'backstage-demo-app',
  clientSecret: 'backstage-demo-secret',
};
const oauthEntityApi =
  '/api/gitlab-delivery/entities/component/default/storefront';

// The same generated data as `yarn start` (scripts/start.js).
const simulators = [
  {
    host: 'gitlab.demo.localhost',
    args: ['--seed', '1', '--projects', '12', '--mrs', '1500'],
  },
  {
    host: 'gitlab.selfhosted.localhost',
    args: [
      '--seed',
      '2',
      '--projects',
      '4',
      '--mrs',
      '300',
      '--version',
      '15.0.0',
    ],
  },
];

const started = Date.now();
const logDir = fs.mkdtempSync(path.join(os.tmpdir(), 'delivery-insights-e2e-'));
const children = [];
let browser;

function elapsed() {
  return `${((Date.now() - started) / 1000).toFixed(1)}s`;
}

function step(message) {
  console.log(`[${elapsed()}] ${message}`);
}

class E2eError extends Error {}

function fail(message) {
  throw new E2eError(message);
}

function sleep(ms) {
  return new Promise(resolve => setTimeout(resolve, ms));
}

/** Starts a command in its own process group, output to a log file. */
function start(name, command, args, options = {}) {
  const logFile = path.join(logDir, `${name}.log`);
  const out = fs.openSync(logFile, 'a');
  const child = spawn(command, args, {
    cwd: options.cwd ?? root,
    env: { ...process.env, ...options.env },
    stdio: ['ignore', out, out],
    detached: true,
  });
  fs.closeSync(out);
  const entry = { name, child, logFile, exited: false, code: null };
  child.on('exit', (code, signal) => {
    entry.exited = true;
    entry.code = code ?? signal;
  });
  child.on('error', error => {
    entry.exited = true;
    entry.code = error.message;
  });
  children.push(entry);
  return entry;
}

function tail(entry, lines = 40) {
  try {
    const text = fs.readFileSync(entry.logFile, 'utf8');
    // Strip colours so that the tail reads in a CI log.
    // eslint-disable-next-line no-control-regex
    const plain = text.replace(/\u001b\[[0-9;]*m/g, '');
    return plain
      .split('\n')
      .filter(line => !line.includes('type="incomingRequest"'))
      .slice(-lines)
      .map(line => (line.length > 400 ? `${line.slice(0, 400)}…` : line))
      .join('\n');
  } catch {
    return '(no output)';
  }
}

function assertAlive(entry) {
  if (entry.exited) {
    fail(
      `${entry.name} exited (${entry.code}); the end of its output:\n${tail(
        entry,
      )}`,
    );
  }
}

/** Runs a command to completion, with a timeout; its output is kept in a log file. */
async function runToEnd(name, command, args, { timeoutMs, cwd, env }) {
  const entry = start(name, command, args, { cwd, env });
  const until = Date.now() + timeoutMs;
  while (!entry.exited) {
    if (Date.now() > until) {
      fail(
        `${name} did not finish within ${timeoutMs / 1000}s:\n${tail(entry)}`,
      );
    }
    await sleep(250);
  }
  if (entry.code !== 0) {
    fail(`${name} failed (${entry.code}):\n${tail(entry)}`);
  }
}

async function stopAll() {
  const running = children.filter(c => !c.exited && c.child.pid);
  for (const { child } of running) {
    try {
      process.kill(-child.pid, 'SIGTERM');
    } catch {
      // already gone
    }
  }
  const until = Date.now() + 10_000;
  while (running.some(c => !c.exited) && Date.now() < until) {
    await sleep(100);
  }
  for (const { child } of running) {
    try {
      // The whole group, also grandchildren that outlived their parent.
      process.kill(-child.pid, 'SIGKILL');
    } catch {
      // already gone
    }
  }
}

function freePort() {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.unref();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

async function waitForPort(entry, port, timeoutMs) {
  const until = Date.now() + timeoutMs;
  while (Date.now() < until) {
    assertAlive(entry);
    if (await listening(port)) return;
    await sleep(250);
  }
  fail(
    `${entry.name} did not listen on port ${port} within ${
      timeoutMs / 1000
    }s:\n${tail(entry)}`,
  );
}

/** A JSON request to the backend with the static token; times out after 15s. */
async function api(baseUrl, pathAndQuery, init = {}) {
  const response = await fetch(`${baseUrl}${pathAndQuery}`, {
    ...init,
    headers: {
      Authorization: `Bearer ${apiToken}`,
      'Content-Type': 'application/json',
      ...init.headers,
    },
    signal: AbortSignal.timeout(15_000),
  });
  const text = await response.text();
  let body;
  try {
    body = JSON.parse(text);
  } catch {
    body = text;
  }
  return { status: response.status, body };
}

/** Waits until every project of the entity has synced once. */
async function waitForFirstSync(backend, baseUrl, timeoutMs) {
  const until = Date.now() + timeoutMs;
  let last = 'no answer yet';
  let nextTrigger = Date.now() + 20_000;
  while (Date.now() < until) {
    assertAlive(backend);
    try {
      const { status, body } = await api(baseUrl, `${entityApi}/health`);
      if (
        status === 200 &&
        Array.isArray(body.projects) &&
        body.projects.length
      ) {
        const pending = body.projects.filter(p => !p.lastSuccessAt);
        if (!pending.length) return body;
        last = pending
          .map(
            p =>
              `${p.path}: ${
                p.lastErrorMessage ?? `status ${p.status}, not synced yet`
              }`,
          )
          .join('; ');
        // The first scheduled run may have found the catalog still empty:
        // ask for a sync of this entity now and then (a no-op while one runs).
        if (Date.now() > nextTrigger) {
          nextTrigger = Date.now() + 20_000;
          await api(baseUrl, '/api/gitlab-delivery/sync', {
            method: 'POST',
            body: JSON.stringify({ entityRef }),
          });
        }
      } else {
        last = `HTTP ${status}: ${JSON.stringify(body).slice(0, 300)}`;
      }
    } catch (error) {
      last = String(error);
    }
    await sleep(1000);
  }
  fail(`${entityRef} was not synced within ${timeoutMs / 1000}s (${last})`);
}

// The card's formats (plugins/gitlab-delivery/src/lib/formatDuration.ts and
// DeliveryMetricTiles.tsx), written out again so that the test checks them.
function formatDuration(seconds) {
  if (seconds === null || seconds === undefined || !Number.isFinite(seconds)) {
    return '–';
  }
  const minutes = Math.round(Math.max(0, seconds) / 60);
  if (minutes < 1) return '<1m';
  const parts = [
    [Math.floor(minutes / 1440), 'd'],
    [Math.floor((minutes % 1440) / 60), 'h'],
    [minutes % 60, 'm'],
  ];
  const first = parts.findIndex(([value]) => value > 0);
  return parts
    .slice(first, first + 2)
    .filter(([value]) => value > 0)
    .map(([value, unit]) => `${value}${unit}`)
    .join(' ');
}

function expectedTiles(metrics, windowDays) {
  const ttm = metrics.timeToMerge;
  const weeks = Math.max(1, windowDays / 7);
  const perWeek = metrics.throughput.total / weeks;
  return {
    'time-to-merge': {
      value: formatDuration(ttm.median),
      detail: `median · p90 ${formatDuration(ttm.p90)} · ${ttm.count} ${
        ttm.count === 1 ? 'MR' : 'MRs'
      }`,
    },
    throughput: {
      value: String(metrics.throughput.total),
      detail: `merged MRs · ${perWeek.toFixed(perWeek < 10 ? 1 : 0)} per week`,
    },
  };
}

function normalise(text) {
  return text.replace(/\s+/g, ' ').trim();
}

async function enterAsGuest(page) {
  const enter = page.getByRole('button', { name: /^enter$/i });
  const heading = page.getByRole('heading', { name: entity.name, exact: true });
  // Either the sign-in page or, with a session already, the entity page.
  await enter.or(heading).first().waitFor({ timeout: 60_000 });
  if (await enter.isVisible()) {
    step('Sign-in page: entering as guest');
    await enter.click();
  }
  await heading.waitFor({ timeout: 60_000 });
}

async function openTab(page, title, pathSuffix) {
  // The entity's tabs, in the page's main area, not a sidebar item.
  const main = page.getByRole('main');
  const tab = main
    .getByRole('tab', { name: title, exact: true })
    .or(main.getByRole('link', { name: title, exact: true }))
    .first();
  await tab.click({ timeout: 30_000 });
  await page.waitForURL(url => url.pathname.endsWith(pathSuffix), {
    timeout: 30_000,
  });
}

async function browserTest(baseUrl, entityHealth) {
  const { chromium } = require('playwright-core');
  browser = await chromium.launch({
    executablePath: chromiumPath,
    headless: !headed,
    args: [
      ...(headed ? [] : ['--headless']),
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
    ],
    timeout: 60_000,
  });
  const context = await browser.newContext({
    viewport: { width: 1440, height: 900 },
    deviceScaleFactor: 1,
  });
  const page = await context.newPage();
  page.setDefaultTimeout(30_000);
  page.setDefaultNavigationTimeout(60_000);
  const pageErrors = [];
  page.on('pageerror', error => pageErrors.push(error.message));

  // The entity page, and the metrics request its delivery card makes.
  const metricsResponse = page.waitForResponse(
    response =>
      /\/api\/gitlab-delivery\/entities\/component\/default\/payments-api\/metrics\?/i.test(
        response.url(),
      ),
    { timeout: 90_000 },
  );
  metricsResponse.catch(() => {}); // awaited below; no unhandled rejection meanwhile
  step(`Opening ${baseUrl}${entityPath}`);
  await page.goto(`${baseUrl}${entityPath}`);
  await enterAsGuest(page);

  const cardRequest = await metricsResponse;
  if (cardRequest.status() !== 200) {
    fail(`The card's metrics request answered ${cardRequest.status()}`);
  }
  const query = new URL(cardRequest.url()).searchParams;
  const from = query.get('from');
  const to = query.get('to');
  const windowDays = Math.round(
    (Date.parse(to) - Date.parse(from)) / 86_400_000,
  );
  const { status, body: metrics } = await api(
    baseUrl,
    `${entityApi}/metrics?${new URLSearchParams({ from, to })}`,
  );
  if (status !== 200) fail(`GET ${entityApi}/metrics answered ${status}`);
  if (!(metrics.throughput.total > 0) || !(metrics.timeToMerge.count > 0)) {
    fail(
      `The API has no merged MRs for ${entityRef} in ${from}..${to}: nothing to compare`,
    );
  }

  // The delivery card: each tile's value and detail line as the API says.
  step(
    `Delivery card: comparing with the API (${windowDays} days, ${from}..${to})`,
  );
  const expected = expectedTiles(metrics, windowDays);
  for (const [id, want] of Object.entries(expected)) {
    const tile = page.getByTestId(`metric-${id}`);
    await tile.waitFor({ timeout: 30_000 });
    const lines = tile.locator('p');
    const value = normalise(await lines.nth(0).innerText());
    const detail = normalise(await lines.nth(1).innerText());
    if (value !== want.value || detail !== want.detail) {
      fail(
        `The ${id} tile shows "${value}" / "${detail}"; the API says "${want.value}" / "${want.detail}"`,
      );
    }
    console.log(`  ${id}: "${value}" · "${detail}" = API`);
  }
  const card = page
    .getByTestId('metric-time-to-merge')
    .locator('xpath=ancestor::div[contains(@class, "MuiCard-root")][1]');
  await card.scrollIntoViewIfNeeded();
  await card.screenshot({ path: path.join(screenshots, 'delivery-card.png') });

  // The Delivery tab: the lazy-loaded charts, drawn with data.
  step('Delivery tab: waiting for the charts');
  await openTab(page, 'Delivery', '/gitlab-delivery');
  const surfaces = page.locator('.recharts-surface');
  await page.waitForFunction(
    () =>
      document.querySelectorAll('.recharts-surface').length >= 3 &&
      document.querySelectorAll('.recharts-bar-rectangle').length > 0,
    undefined,
    { timeout: 60_000 },
  );
  const charts = await surfaces.count();
  const bars = await page.locator('.recharts-bar-rectangle').count();
  const lines = await page.locator('.recharts-line-curve').count();
  console.log(`  ${charts} charts, ${bars} bars, ${lines} lines`);
  await page.evaluate(() => window.scrollTo(0, 0));
  await page.mouse.move(0, 0);
  await sleep(1500); // let the chart animations end
  // The tab down to the merge request table: cards, charts, summary.
  const tabBottom = await page.evaluate(() => {
    const table = document.querySelector('main table');
    const card =
      table?.closest('.MuiCard-root') ?? table?.closest('.MuiPaper-root');
    if (card) return card.getBoundingClientRect().top + window.scrollY - 8;
    const charts = [...document.querySelectorAll('.recharts-surface')];
    return Math.max(...charts.map(c => c.getBoundingClientRect().bottom)) + 24;
  });
  await page.screenshot({
    path: path.join(screenshots, 'delivery-tab.png'),
    fullPage: true,
    clip: {
      x: 0,
      y: 0,
      width: 1440,
      height: Math.max(900, Math.ceil(tabBottom)),
    },
  });

  // The GitLab health tab: every project of the entity, as the API lists them.
  step('GitLab health tab: looking for the projects');
  await openTab(page, 'GitLab health', '/gitlab-health');
  for (const project of entityHealth.projects) {
    // The path links to GitLab ("…, Opens in a new window"): not an exact text.
    await page.getByText(project.path).first().waitFor({ timeout: 30_000 });
    console.log(`  ${project.host} ${project.path}: listed`);
  }
  await page.getByText('Last success', { exact: true }).first().waitFor();
  const healthBottom = await page.evaluate(() =>
    Math.max(
      ...[
        ...document.querySelectorAll('main .MuiCard-root, main .MuiPaper-root'),
      ].map(c => c.getBoundingClientRect().bottom + window.scrollY),
    ),
  );
  await page.screenshot({
    path: path.join(screenshots, 'health-tab.png'),
    fullPage: true,
    clip: {
      x: 0,
      y: 0,
      width: 1440,
      height: Math.min(2400, Math.max(600, Math.ceil(healthBottom + 24))),
    },
  });

  await connectGitlab(page, baseUrl);
  await findProjects(page);

  if (pageErrors.length) {
    console.log(`Errors in the page:\n  ${pageErrors.join('\n  ')}`);
  }
}

/** The instances table of the admin page, for screenshots. */
function instancesTable(page) {
  return page
    .getByText('GitLab instances', { exact: true })
    .locator('xpath=ancestor::div[contains(@class, "MuiPaper-root")][1]');
}

/** The health of the OAuth instance and of storefront's project on it. */
async function oauthHealth(baseUrl) {
  const { body } = await api(baseUrl, `${oauthEntityApi}/health`);
  return {
    instance: body.instances?.find(i => i.host === oauthHost),
    project: body.projects?.find(p => p.host === oauthHost),
  };
}

/**
 * Connect GitLab on the admin page: the button, the simulator's consent page
 * approved as backstage-bot, the way back, the health check the callback
 * queued, and a sync from the admin page's button with the connected token.
 */
async function connectGitlab(page, baseUrl) {
  step(`Admin page: Connect GitLab for ${oauthHost}`);
  await page.goto(`${baseUrl}/gitlab-delivery/health`);
  const connect = page.getByRole('button', {
    name: `Connect GitLab at ${oauthHost}`,
  });
  await connect.waitFor({ timeout: 60_000 });
  await page.mouse.move(0, 0);
  await instancesTable(page).screenshot({
    path: path.join(screenshots, 'connect-button.png'),
  });
  await connect.click();

  await page.waitForURL(url => url.pathname === '/oauth/authorize', {
    timeout: 30_000,
  });
  step('Consent page: approving as backstage-bot');
  await page.getByRole('heading', { name: /^Authorize / }).waitFor();
  await page.locator('select[name="login"]').selectOption('backstage-bot');
  await page.screenshot({
    path: path.join(screenshots, 'connect-consent.png'),
    clip: { x: 0, y: 0, width: 720, height: 160 },
  });
  await page.getByRole('button', { name: 'Authorize', exact: true }).click();

  await page.waitForURL(
    url =>
      url.pathname === '/gitlab-delivery/health' &&
      url.searchParams.get('connected') === oauthHost,
    { timeout: 30_000 },
  );
  const enter = page.getByRole('button', { name: /^enter$/i });
  const notice = page.getByText(`GitLab at ${oauthHost} is connected.`, {
    exact: false,
  });
  await enter.or(notice).first().waitFor({ timeout: 60_000 });
  if (await enter.isVisible()) await enter.click();
  await notice.waitFor({ timeout: 60_000 });
  // The callback queued the instance's health check: only a sync is asked.
  step('Back on the admin page: a sync');
  await page.getByRole('button', { name: /^Sync now/ }).click();

  const until = Date.now() + 180_000;
  let health = await oauthHealth(baseUrl);
  const valid = () =>
    health.instance?.checks.find(c => c.id === 'token.valid')?.status === 'ok';
  while (Date.now() < until && !(valid() && health.project?.lastSuccessAt)) {
    await sleep(1000);
    health = await oauthHealth(baseUrl);
  }
  const { instance, project } = health;
  if (instance?.credential?.source !== 'connected' || !valid()) {
    fail(
      `${oauthHost} is not healthy with the connected token: ${JSON.stringify(
        instance,
      ).slice(0, 600)}`,
    );
  }
  if (!project?.lastSuccessAt || !(project.mergeRequestCount > 0)) {
    fail(
      `storefront's ${oauthHost} project did not sync with the connected token: ${JSON.stringify(
        project,
      ).slice(0, 600)}`,
    );
  }
  console.log(
    `  ${oauthHost}: connected by ${instance.credential.connectedBy}; ${project.path}: ${project.mergeRequestCount} MRs`,
  );

  await page.goto(`${baseUrl}/gitlab-delivery/health`);
  await page
    .getByRole('button', { name: `Disconnect GitLab at ${oauthHost}` })
    .waitFor({ timeout: 30_000 });
  await page
    .getByText(/^Connected by guest at /)
    .first()
    .waitFor();
  await page.mouse.move(0, 0);
  await instancesTable(page).screenshot({
    path: path.join(screenshots, 'connect-connected.png'),
  });
}

/**
 * The admin page's Projects tab: the demo instance's projects, a search,
 * and which entity tracks payments-api's project.
 */
async function findProjects(page) {
  const host = simulators[0].host;
  step(`Admin page: the projects of ${host}`);
  await page.getByRole('tab', { name: 'Projects' }).click();
  const table = page
    .getByText(`GitLab projects on ${host}`, { exact: true })
    .locator('xpath=ancestor::div[contains(@class, "MuiPaper-root")][1]');
  const tracked = table.getByText(entityRef);
  await tracked.waitFor({ timeout: 60_000 });
  await page.mouse.move(0, 0);
  await page.screenshot({
    path: path.join(screenshots, 'projects-list.png'),
    fullPage: true,
  });
  await page.getByLabel('Search projects').fill('payments');
  await page.getByRole('button', { name: 'Search', exact: true }).click();
  await page.waitForFunction(
    () => {
      const rows = [...document.querySelectorAll('tbody tr')];
      return (
        rows.length > 0 &&
        rows.every(row => /payments/i.test(row.textContent ?? ''))
      );
    },
    null,
    { timeout: 30_000 },
  );
  await tracked.waitFor();
  const rows = await table.locator('tbody tr').count();
  console.log(
    `  search "payments": ${rows} projects, one tracked by ${entityRef}`,
  );
}

async function main() {
  if (!fs.existsSync(chromiumPath)) {
    fail(
      `No Chromium at ${chromiumPath}: install it (apt-get install chromium) or set CHROMIUM_PATH`,
    );
  }
  fs.mkdirSync(screenshots, { recursive: true });
  step(`Logs in ${logDir}`);

  if (build) {
    step('Building the app (packages/app/dist)');
    await runToEnd('app-build', 'yarn', ['workspace', 'app', 'build'], {
      timeoutMs: 300_000,
    });
  } else if (!fs.existsSync(path.join(root, 'packages/app/dist/index.html'))) {
    fail('--no-build: packages/app/dist is missing; run without --no-build');
  }

  const backendPort = await freePort();
  const baseUrl = `http://localhost:${backendPort}`;
  const gitlab = [];
  for (const [index, simulator] of simulators.entries()) {
    const port = await freePort();
    const entry = start(`simulator-${index + 1}`, 'yarn', [
      'workspace',
      '@delivery-insights/gitlab-simulator',
      'start',
      '--port',
      String(port),
      ...simulator.args,
      ...(simulator.host === oauthHost
        ? [
            '--oauth-redirect-uri',
            `${baseUrl}/api/gitlab-delivery/oauth/callback`,
          ]
        : []),
    ]);
    gitlab.push({ ...simulator, port, entry });
  }
  for (const { entry, port, host } of gitlab) {
    await waitForPort(entry, port, 90_000);
    step(`GitLab simulator for ${host} on port ${port}`);
  }

  // The demo's config, on these ports.
  const config = path.join(logDir, 'app-config.e2e.yaml');
  fs.writeFileSync(
    config,
    `${JSON.stringify(
      {
        app: { baseUrl },
        backend: {
          baseUrl,
          listen: { port: backendPort },
          cors: { origin: baseUrl },
        },
        integrations: {
          gitlab: gitlab.map(({ host, port }) => ({
            host,
            apiBaseUrl: `http://127.0.0.1:${port}/api/v4`,
            ...(host === oauthHost ? {} : { token: 'glpat-demo-token' }),
          })),
        },
        gitlabDelivery: {
          // Dev only: a fixed key for this run's throwaway database.
          encryptionKey: 'e2e-only encryption key of the demo',
          instances: [
            {
              host: oauthHost,
              requestsPerMinute: 600,
              oauth: oauthApplication,
            },
          ],
        },
      },
      null,
      2,
    )}\n`,
  );
  // What `backstage-cli package start` runs, without its file watcher: an
  // edit elsewhere in the repo must not restart the backend mid-test.
  const backend = start(
    'backend',
    process.execPath,
    [
      '--enable-source-maps',
      '--require',
      require.resolve('@backstage/cli-node/config/nodeTransform.cjs', {
        paths: [path.dirname(require.resolve('@backstage/cli/package.json'))],
      }),
      'src/index.ts',
      '--config',
      path.join(root, 'app-config.yaml'),
      '--config',
      config,
    ],
    {
      cwd: path.join(root, 'packages', 'backend'),
      env: { NODE_ENV: 'development' },
    },
  );
  await waitForPort(backend, backendPort, 180_000);
  step(`Backend on ${baseUrl}; waiting for the first sync of ${entityRef}`);
  const entityHealth = await waitForFirstSync(backend, baseUrl, 240_000);
  step(
    `Synced: ${entityHealth.projects
      .map(p => `${p.path} (${p.mergeRequestCount} MRs)`)
      .join(', ')}`,
  );

  const index = await fetch(baseUrl, { signal: AbortSignal.timeout(15_000) });
  const html = await index.text();
  if (!html.includes('<div id="root">')) {
    fail(`${baseUrl} does not serve the built app (HTTP ${index.status})`);
  }

  await browserTest(baseUrl, entityHealth);
  step(
    `Screenshots: ${[
      'delivery-card.png',
      'delivery-tab.png',
      'health-tab.png',
      'connect-button.png',
      'connect-consent.png',
      'connect-connected.png',
      'projects-list.png',
    ]
      .map(f => path.relative(root, path.join(screenshots, f)))
      .join(', ')}`,
  );
}

let finished = false;
async function finish(error) {
  if (finished) return;
  finished = true;
  if (error) {
    console.log(
      `\nFAILED: ${
        error instanceof E2eError ? error.message : error?.stack ?? error
      }`,
    );
    const backend = children.find(c => c.name === 'backend');
    if (
      backend &&
      !(error instanceof E2eError && /backend exited/.test(error.message))
    ) {
      console.log(`\nThe end of the backend's output:\n${tail(backend, 30)}`);
    }
    console.log(`Logs: ${logDir}`);
  }
  try {
    await Promise.race([browser?.close(), sleep(10_000)]);
  } catch {
    // closed already
  }
  await stopAll();
  step(error ? 'Stopped' : 'Done');
  console.log(error ? '0 passed, 1 failed' : '1 passed, 0 failed');
  if (!error) fs.rmSync(logDir, { recursive: true, force: true });
  process.exit(error ? 1 : 0);
}

const deadline = setTimeout(
  () => finish(new E2eError(`Gave up after ${deadlineSeconds}s`)),
  deadlineSeconds * 1000,
);
deadline.unref();
for (const signal of ['SIGINT', 'SIGTERM']) {
  process.once(signal, () => finish(new E2eError(`Interrupted (${signal})`)));
}

main().then(
  () => finish(),
  error => finish(error),
);
