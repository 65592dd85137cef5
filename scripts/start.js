#!/usr/bin/env node
// `yarn start`: the GitLab simulator on two ports, then the Backstage backend
// and frontend; it prints the URL once the example data has synced. With
// GITLAB_TOKEN set it skips the simulator and adds app-config.gitlab.yaml.
// `--backend-only` starts only the backend.
const { spawn } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');
const { listening } = require('./lib/processes');

const root = path.resolve(__dirname, '..');
const backendOnly = process.argv.includes('--backend-only');
const children = [];

function run(command, args, name) {
  const child = spawn(command, args, {
    cwd: root,
    stdio: 'inherit',
    env: process.env,
  });
  child.on('exit', code => {
    console.log(`${name} exited (${code ?? 'signal'})`);
    shutdown(code ?? 1);
  });
  children.push(child);
  return child;
}

function shutdown(code) {
  for (const child of children)
    if (child.exitCode === null) child.kill('SIGTERM');
  process.exit(code);
}
process.on('SIGINT', () => shutdown(0));
process.on('SIGTERM', () => shutdown(0));

async function waitFor(port, name) {
  // A first start on a small machine compiles for a while: three minutes.
  for (let i = 0; i < 360; i++) {
    if (await listening(port)) return;
    await new Promise(r => setTimeout(r, 500));
  }
  console.error(`${name} did not start on port ${port}`);
  shutdown(1);
}

async function requirePortsFree(ports) {
  for (const port of ports) {
    if (await listening(port)) {
      console.error(
        `Port ${port} is taken: stop what runs there, then run yarn start again`,
      );
      process.exit(1);
    }
  }
}

// Waits (at most three minutes) until every backend plugin has started.
async function waitForBackendReady() {
  const until = Date.now() + 3 * 60_000;
  while (Date.now() < until) {
    try {
      const response = await fetch(
        'http://localhost:7007/.backstage/health/v1/readiness',
        { signal: AbortSignal.timeout(5000) },
      );
      if (response.ok) return;
    } catch {
      // not up yet, or restarting
    }
    await new Promise(r => setTimeout(r, 1000));
  }
  console.error(
    '\nThe backend did not start: its errors are above (often a config mistake)',
  );
  shutdown(1);
}

// Waits (at most five minutes) until the example component's project has
// synced once, so that the printed URL opens on data.
async function waitForDemoData() {
  const url =
    'http://localhost:7007/api/gitlab-delivery/entities/component/default/payments-api/health';
  const token =
    process.env.BACKSTAGE_API_TOKEN || 'dev-only-delivery-insights-token';
  const until = Date.now() + 5 * 60_000;
  while (Date.now() < until) {
    try {
      const response = await fetch(url, {
        headers: { Authorization: `Bearer ${token}` },
        signal: AbortSignal.timeout(10_000),
      });
      if (response.ok) {
        const { projects = [] } = await response.json();
        if (projects.length && projects.every(p => p.lastSuccessAt)) {
          return true;
        }
      }
    } catch {
      // not up yet
    }
    await new Promise(r => setTimeout(r, 2000));
  }
  return false;
}

function ready(lines) {
  const width = Math.max(...lines.map(l => l.length));
  const rule = '='.repeat(width);
  console.log(['', rule, ...lines, rule, ''].join('\n'));
}

function writeRealGitlabEntities() {
  const projects = (process.env.GITLAB_PROJECTS ?? '')
    .split(',')
    .map(p => p.trim())
    .filter(Boolean);
  const dir = path.join(root, 'examples', 'local');
  fs.mkdirSync(dir, { recursive: true });
  const docs = projects.map(project =>
    [
      'apiVersion: backstage.io/v1alpha1',
      'kind: Component',
      'metadata:',
      `  name: ${project
        .replace(/[^A-Za-z0-9]+/g, '-')
        .replace(/^-|-$/g, '')
        .slice(0, 63)}`,
      '  annotations:',
      `    gitlab.com/project-slug: ${project}`,
      'spec:',
      '  type: service',
      '  lifecycle: production',
      '  owner: guests',
    ].join('\n'),
  );
  fs.writeFileSync(
    path.join(dir, 'gitlab-projects.yaml'),
    docs.length ? `${docs.join('\n---\n')}\n` : '',
  );
  if (!projects.length) {
    console.warn(
      'GITLAB_PROJECTS is empty: annotate your own entities with gitlab.com/project-slug',
    );
  }
}

async function main() {
  const configArgs = ['--config', path.join(root, 'app-config.yaml')];
  const realGitlab = Boolean(process.env.GITLAB_TOKEN);
  if (realGitlab) {
    await requirePortsFree(backendOnly ? [7007] : [3000, 7007]);
    writeRealGitlabEntities();
    configArgs.push('--config', path.join(root, 'app-config.gitlab.yaml'));
    console.log(
      `Using the real GitLab at ${process.env.GITLAB_HOST || 'gitlab.com'}`,
    );
  } else {
    const simulators = [
      ['8929', '--seed', '1', '--projects', '12', '--mrs', '1500'],
      [
        '8930',
        '--seed',
        '2',
        '--projects',
        '4',
        '--mrs',
        '300',
        '--version',
        '15.0.0',
      ],
    ];
    await requirePortsFree([
      ...simulators.map(([port]) => Number(port)),
      ...(backendOnly ? [7007] : [3000, 7007]),
    ]);
    for (const [port, ...args] of simulators) {
      run(
        'yarn',
        [
          'workspace',
          '@delivery-insights/gitlab-simulator',
          'start',
          '--port',
          port,
          ...args,
        ],
        `simulator :${port}`,
      );
    }
    await waitFor(8929, 'The GitLab simulator');
    await waitFor(8930, 'The GitLab simulator');
  }
  // Your own overrides (gitignored), as Backstage reads them by default.
  const local = path.join(root, 'app-config.local.yaml');
  if (fs.existsSync(local)) {
    configArgs.push('--config', local);
    console.log('Adding app-config.local.yaml');
  }
  if (backendOnly) {
    run('yarn', ['workspace', 'backend', 'start', ...configArgs], 'backend');
    await waitFor(7007, 'The backend');
  } else {
    run('yarn', ['backstage-cli', 'repo', 'start', ...configArgs], 'backstage');
    await waitFor(3000, 'The frontend');
    await waitFor(7007, 'The backend');
  }
  await waitForBackendReady();
  const synced = realGitlab ? true : await waitForDemoData();
  let lines;
  if (backendOnly) {
    lines = ['Backend ready: http://localhost:7007/api/gitlab-delivery'];
  } else if (realGitlab) {
    lines = [
      'Delivery Insights: open http://localhost:3000',
      'Enter as guest; the components of GITLAB_PROJECTS are in the catalog,',
      'their first sync runs now (the GitLab health tab shows its progress).',
    ];
  } else {
    lines = [
      'Delivery Insights demo: open http://localhost:3000',
      'Enter as guest, then open a component, e.g.',
      'http://localhost:3000/catalog/default/component/payments-api',
    ];
  }
  if (!synced) {
    lines.push('The first sync is still running: the data will follow.');
  }
  lines.push('Stop with Ctrl+C.');
  ready(lines);
}

main();
