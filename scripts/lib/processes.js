// Child processes of a script: started in their own process group with their
// output in a log file, waited for by port, and stopped together.
const { spawn } = require('node:child_process');
const fs = require('node:fs');
const net = require('node:net');
const os = require('node:os');
const path = require('node:path');

function listening(port) {
  return new Promise(resolve => {
    const socket = net.connect({ host: '127.0.0.1', port });
    socket.setTimeout(1000, () => socket.destroy() || resolve(false));
    socket.once('connect', () => socket.end(() => resolve(true)));
    socket.once('error', () => resolve(false));
  });
}

class Processes {
  constructor(cwd, name) {
    this.cwd = cwd;
    this.logs = fs.mkdtempSync(path.join(os.tmpdir(), `${name}-logs-`));
    this.children = [];
  }

  start(name, command, args) {
    const log = path.join(this.logs, `${name.replace(/\W+/g, '-')}.log`);
    const out = fs.openSync(log, 'a');
    const child = spawn(command, args, {
      cwd: this.cwd,
      env: process.env,
      stdio: ['ignore', out, out],
      detached: true,
    });
    child.on('exit', code => {
      if (!this.stopping) {
        console.error(`${name} exited (${code ?? 'signal'}); its log: ${log}`);
        process.exit(1);
      }
    });
    this.children.push(child);
    return child;
  }

  async waitFor(port, timeoutMs) {
    const until = Date.now() + timeoutMs;
    while (Date.now() < until) {
      if (await listening(port)) return;
      await new Promise(r => setTimeout(r, 500));
    }
    throw new Error(`Nothing listens on port ${port}; logs in ${this.logs}`);
  }

  stopAll() {
    this.stopping = true;
    for (const child of this.children) {
      try {
        process.kill(-child.pid, 'SIGTERM');
      } catch {
        // already gone
      }
    }
  }
}

module.exports = { Processes, listening };
