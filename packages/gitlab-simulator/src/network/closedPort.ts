import net, { type AddressInfo } from 'node:net';

/**
 * A local port nothing listens on: it is bound, read and released, so a
 * connection to it is refused (ECONNREFUSED), like GitLab on a wrong port.
 */
export async function closedPort(host = '127.0.0.1'): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, host, () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  await new Promise<void>(resolve => server.close(() => resolve()));
  return port;
}
