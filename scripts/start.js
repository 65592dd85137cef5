#!/usr/bin/env node
// `yarn start`: the GitLab simulator on two ports, then the Backstage backend
// and frontend. With GITLAB_TOKEN set it skips the simulator and adds
// app-config.gitlab.yaml. `--backend-only` starts only the backend.
const { spawn } = require('node:child_process');
const fs = require('node:fs');
const net = require('node:net');
const path = require('node:path');

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

function listening(port) {
  return new Promise(resolve => {
    const socket = net.connect({ host: '127.0.0.1', port });
    socket.once('connect', () => socket.end(() => resolve(true)));
    socket.once('error', () => resolve(false));
  });
}

async function waitFor(port, name) {
  for (let i = 0; i < 120; i++) {
    if (await listening(port)) return;
    await new Promise(r => setTimeout(r, 500));
  }
  console.error(`${name} did not start on port ${port}`);
  shutdown(1);
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
  if (process.env.GITLAB_TOKEN) {
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
    for (const [port, ...args] of simulators) {
      if (await listening(Number(port))) {
        console.error(
          `Port ${port} is taken: stop what runs there, then run yarn start again`,
        );
        process.exit(1);
      }
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
  if (backendOnly) {
    run('yarn', ['workspace', 'backend', 'start', ...configArgs], 'backend');
    await waitFor(7007, 'The backend');
    console.log('\nBackend ready: http://localhost:7007/api/gitlab-delivery\n');
  } else {
    run('yarn', ['backstage-cli', 'repo', 'start', ...configArgs], 'backstage');
    await waitFor(3000, 'The frontend');
    await waitFor(7007, 'The backend');
    console.log('\nDelivery Insights demo: open http://localhost:3000\n');
  }
}

main();
