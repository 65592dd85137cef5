#!/usr/bin/env node
// Runs every test. Store and sync tests run on SQLite and on PostgreSQL 15
// (BACKSTAGE_TEST_DATABASE_POSTGRES15_CONNECTION_STRING, by default the local
// server on 127.0.0.1:5432). Under CI a missing PostgreSQL is a failure.
const { spawnSync } = require('node:child_process');
const fs = require('node:fs');
const net = require('node:net');
const os = require('node:os');
const path = require('node:path');

const ENV = 'BACKSTAGE_TEST_DATABASE_POSTGRES15_CONNECTION_STRING';

function reachable(host, port) {
  return new Promise(resolve => {
    const socket = net.connect({ host, port, timeout: 2000 });
    socket.once('connect', () => socket.end(() => resolve(true)));
    socket.once('error', () => resolve(false));
    socket.once('timeout', () => socket.destroy() || resolve(false));
  });
}

async function main() {
  if (!process.env[ENV]) {
    if (await reachable('127.0.0.1', 5432)) {
      process.env[ENV] = 'postgresql://postgres@127.0.0.1:5432';
    } else if (process.env.CI) {
      console.error(
        `PostgreSQL is not reachable on 127.0.0.1:5432 and ${ENV} is not set`,
      );
      process.exit(1);
    } else {
      console.warn(
        'PostgreSQL is not reachable on 127.0.0.1:5432: store tests run on SQLite only',
      );
    }
  }
  const report = path.join(
    fs.mkdtempSync(path.join(os.tmpdir(), 'tests-')),
    'report.json',
  );
  const result = spawnSync(
    'yarn',
    [
      'backstage-cli',
      'repo',
      'test',
      '--watchAll=false',
      '--json',
      `--outputFile=${report}`,
      ...process.argv.slice(2),
    ],
    { stdio: 'inherit', env: process.env },
  );
  if (fs.existsSync(report)) {
    const { testResults, numPassedTests, numFailedTests, numPendingTests } =
      JSON.parse(fs.readFileSync(report, 'utf8'));
    const onPostgres = testResults
      .flatMap(file => file.assertionResults)
      .filter(
        test =>
          test.status === 'passed' && test.fullName.includes('POSTGRES_15'),
      ).length;
    console.log(`\nPostgreSQL 15: ${onPostgres} tests passed`);
    console.log(
      `${numPassedTests} passed, ${numFailedTests} failed, ${numPendingTests} skipped`,
    );
  }
  process.exit(result.status ?? 1);
}

main();
