// The loopback Altegio both limiter benches run against: it enforces the documented 5/s and 200/min
// (a 429 past either) and records each accepted request with its arrival time.
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export const PER_SECOND = 5;
export const PER_MINUTE = 200;

/** One accepted request: when it arrived (by `clock`), its VoIP command, and the notified user. */
export interface Arrival {
  at: number;
  command: string;
  user: string | undefined;
}

/**
 * Starts the enforcing server on a free loopback port. `clock` is `performance.now` for one process,
 * `Date.now` when the clients are other processes whose issue times are compared with arrivals.
 */
export async function startStrictServer(clock: () => number = () => performance.now()) {
  const accepted: Arrival[] = [];
  let rejected = 0;
  const countSince = (since: number) => {
    let n = 0;
    for (let i = accepted.length - 1; i >= 0 && (accepted[i]?.at ?? 0) > since; i--) n++;
    return n;
  };
  const server = createServer((request: IncomingMessage, response: ServerResponse) => {
    const at = clock();
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const reply = (status: number, body: unknown) => {
        response.writeHead(status, { 'content-type': 'application/json' });
        response.end(JSON.stringify(body));
      };
      if (countSince(at - 1000) >= PER_SECOND || countSince(at - 60_000) >= PER_MINUTE) {
        rejected++;
        reply(429, { success: false, meta: { message: 'Too Many Requests' } });
        return;
      }
      const body = JSON.parse(Buffer.concat(chunks).toString() || '{}') as {
        command?: string;
        user?: string;
      };
      accepted.push({ at, command: body.command ?? '', user: body.user });
      reply(202, { success: true, meta: { message: 'Accepted' } });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    platform: { appBaseUrl: base, apiBaseUrl: `${base}/api/v1`, accept: 'application/vnd.api.v2+json' },
    accepted,
    rejected: () => rejected,
    close: () => {
      server.closeAllConnections();
      server.close();
    },
  };
}
