import net, { type AddressInfo, type Socket } from 'node:net';

/** A server that accepts connections and never answers. */
export interface HangingServer {
  /** e.g. `http://127.0.0.1:34567`. */
  url: string;
  port: number;
  /** Connections accepted so far. */
  readonly connections: number;
  close(): Promise<void>;
}

/**
 * Starts a TCP server that accepts every connection and never sends a byte,
 * like a firewall or a stuck proxy in front of GitLab. Clients see a timeout.
 */
export async function startHangingServer(
  host = '127.0.0.1',
): Promise<HangingServer> {
  const sockets = new Set<Socket>();
  let connections = 0;
  const server = net.createServer(socket => {
    connections += 1;
    sockets.add(socket);
    socket.on('error', () => {});
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, host, () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  const hostForUrl = host.includes(':') ? `[${host}]` : host;
  return {
    url: `http://${hostForUrl}:${port}`,
    port,
    get connections() {
      return connections;
    },
    close: () =>
      new Promise<void>(resolve => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}
