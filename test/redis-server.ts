import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { createConnection, createServer } from 'node:net';
import { describe } from 'vitest';

/** The install line named wherever a missing `redis-server` is reported. */
export const REDIS_INSTALL = 'apt-get install -y redis-server';

/** True when a `redis-server` binary is on the PATH. */
export function hasRedisServer(): boolean {
  try {
    execFileSync('redis-server', ['--version'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

/**
 * `describe` for suites that need a real Redis. Without `redis-server` the suite is skipped with one
 * visible line naming the install command; under `CI=true` a missing `redis-server` fails the run.
 */
export const describeRedis: typeof describe = (() => {
  if (hasRedisServer()) return describe;
  if (process.env.CI === 'true') {
    throw new Error(`redis-server is missing, and CI=true needs the Redis suites: ${REDIS_INSTALL}`);
  }
  console.warn(`[redis] redis-server not found: Redis suites skipped (install: ${REDIS_INSTALL})`);
  return describe.skip;
})() as typeof describe;

/** A free TCP port on 127.0.0.1, found by binding port 0 and closing it again. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

/** A `redis-server` child on a loopback port, with no persistence, for one test file. */
export interface RedisServer {
  readonly port: number;
  /** `redis://127.0.0.1:<port>` */
  readonly url: string;
  /** Stops the server (SIGTERM) and waits for it to exit. */
  stop(): Promise<void>;
  /** Kills the server at once (SIGKILL), as a crash would, and waits for it to exit. */
  kill(): Promise<void>;
  /** Starts it again on the same port (after `stop` or `kill`), empty. */
  restart(): Promise<void>;
}

function canConnect(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = createConnection({ port, host: '127.0.0.1' });
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

async function waitFor(check: () => Promise<boolean>, what: string, ms = 5_000): Promise<void> {
  const until = Date.now() + ms;
  while (Date.now() < until) {
    if (await check()) return;
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
  throw new Error(`redis-server: timed out waiting until ${what}`);
}

/** Starts `redis-server` on a free 127.0.0.1 port; call `stop()` in `afterAll`. */
export async function startRedisServer(): Promise<RedisServer> {
  const port = await freePort();
  let child: ChildProcess | undefined;

  const launch = async () => {
    const proc = spawn(
      'redis-server',
      [
        '--port',
        String(port),
        '--bind',
        '127.0.0.1',
        '--save',
        '',
        '--appendonly',
        'no',
        '--protected-mode',
        'no',
      ],
      { stdio: 'ignore' },
    );
    child = proc;
    await waitFor(() => canConnect(port), `it listens on ${port}`);
  };
  const end = async (signal: NodeJS.Signals) => {
    const proc = child;
    child = undefined;
    if (!proc || proc.exitCode !== null || proc.signalCode !== null) return;
    const exited = new Promise<void>((resolve) => proc.once('exit', () => resolve()));
    proc.kill(signal);
    await exited;
    await waitFor(async () => !(await canConnect(port)), `port ${port} is closed`);
  };

  await launch();
  return {
    port,
    url: `redis://127.0.0.1:${port}`,
    stop: () => end('SIGTERM'),
    kill: () => end('SIGKILL'),
    restart: async () => {
      await end('SIGTERM');
      await launch();
    },
  };
}
