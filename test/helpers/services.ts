/**
 * Real servers for the suites that need them. In CI (CI=true) an unreachable server
 * fails the suite; elsewhere the suite is skipped with the reason.
 */
import net from 'node:net';

export const SERVICES = {
  postgres: { host: '127.0.0.1', port: 5432, url: 'postgres://postgres@127.0.0.1:5432/test' },
  mysql: { host: '127.0.0.1', port: 3306, url: 'mysql://root@127.0.0.1:3306/test' },
  redis: { host: '127.0.0.1', port: 6379, url: 'redis://127.0.0.1:6379' },
} as const;

export type ServiceName = keyof typeof SERVICES;

export function reachable(host: string, port: number, timeoutMs = 1000): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect({ host, port });
    const done = (ok: boolean) => {
      socket.destroy();
      resolve(ok);
    };
    socket.setTimeout(timeoutMs, () => done(false));
    socket.once('connect', () => done(true));
    socket.once('error', () => done(false));
  });
}

/**
 * Resolves to a skip reason (string) when the service is down outside CI, or null
 * when it is up. In CI it throws, so the suite fails instead of skipping.
 */
export async function serviceStatus(name: ServiceName): Promise<string | null> {
  const { host, port } = SERVICES[name];
  if (await reachable(host, port)) return null;
  const reason = `${name} is not reachable on ${host}:${port}`;
  if (process.env.CI === 'true') throw new Error(`${reason}; CI requires it (.ci/run starts it)`);
  return reason;
}
