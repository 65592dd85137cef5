import { fork } from 'node:child_process';
import net from 'node:net';
import path from 'node:path';
import type { ChildBackendOptions } from './childBackend';

/** A backend running in a child process. */
export interface BackendProcess {
  /** e.g. `http://127.0.0.1:34567`. */
  url: string;
  /** What the process printed, for failure messages. */
  output(): string;
  /** Resolves with the signal or exit code once the process is gone. */
  exited: Promise<NodeJS.Signals | number | null>;
  /** SIGKILL: no shutdown hook runs, as when a pod is killed. */
  kill(): Promise<void>;
  /** SIGTERM: Backstage's graceful shutdown. */
  stop(): Promise<void>;
}

/** A child process that has loaded the backend's modules and waits for its options. */
export interface LoadedBackend {
  start(options: ChildBackendOptions): Promise<BackendProcess>;
  kill(): Promise<void>;
}

/** A port nothing listens on right now. */
export async function freePort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;
  await new Promise(resolve => server.close(resolve));
  return port;
}

/**
 * Forks `childBackend.ts`, which loads the backend's modules (the slow part
 * of a start) at once; `start` hands it its options and resolves once the
 * backend has started, on a free port with `backend.baseUrl` and
 * `backend.listen` set. Rejects, with what it printed, when the process
 * exits first.
 */
export function loadBackendProcess(): LoadedBackend {
  const child = fork(path.join(__dirname, 'childBackend.ts'), {
    cwd: path.resolve(__dirname, '../..'),
    execArgv: ['--import', 'tsx'],
    stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
    env: {
      ...process.env,
      // The scheduler's janitor, which frees the lock of a run that died,
      // runs only outside NODE_ENV=test.
      NODE_ENV: 'development',
    },
  });
  // A backend lives for seconds: all it prints is kept.
  const lines: string[] = [];
  const keep = (chunk: Buffer) => lines.push(chunk.toString());
  child.stdout!.on('data', keep);
  child.stderr!.on('data', keep);
  const output = () => lines.join('');
  const exited = new Promise<NodeJS.Signals | number | null>(resolve =>
    child.once('exit', (code, signal) => resolve(signal ?? code)),
  );
  const messages: string[] = [];
  const waiters: Array<() => void> = [];
  child.on('message', message => {
    messages.push(String(message));
    waiters.splice(0).forEach(wake => wake());
  });
  const said = (word: string) =>
    new Promise<void>((resolve, reject) => {
      const check = () => {
        if (messages.includes(word)) resolve();
        else waiters.push(check);
      };
      check();
      exited.then(how =>
        reject(
          new Error(
            `The backend exited (${how}) before it ${word}:\n${output()}`,
          ),
        ),
      );
    });
  const end = async (signal: NodeJS.Signals) => {
    if (child.exitCode === null && child.signalCode === null) {
      child.kill(signal);
    }
    await exited;
  };
  const kill = () => end('SIGKILL');
  return {
    kill,
    async start(options) {
      const port = await freePort();
      const url = `http://127.0.0.1:${port}`;
      const backend = (options.config.backend ?? {}) as Record<string, unknown>;
      await said('loaded');
      child.send({
        ...options,
        config: {
          ...options.config,
          backend: {
            ...backend,
            baseUrl: url,
            listen: { port, host: '127.0.0.1' },
          },
        },
      });
      await said('started');
      return { url, output, exited, kill, stop: () => end('SIGTERM') };
    },
  };
}

let spare: LoadedBackend | undefined;

/**
 * A backend process, and another one loading for the next call: the test
 * goes on while the next backend loads. Kill the last one with
 * {@link killSpareBackend}.
 */
export function takeBackendProcess(): LoadedBackend {
  const taken = spare ?? loadBackendProcess();
  spare = loadBackendProcess();
  return taken;
}

/** Kills the backend process loaded for a next call that will not come. */
export async function killSpareBackend(): Promise<void> {
  await spare?.kill();
  spare = undefined;
}
