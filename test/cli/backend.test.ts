// The vendor's processes of a rehearsal: a started backend stops with everything it started, a hook's
// exit code and last lines land in the check's transcript, redacted.
import { existsSync, readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { describe, expect, it } from 'vitest';
import { reachable, runHook, startBackend } from '../../src/cli/backend';
import { Check } from '../../src/cli/checks/check';
import { freePort } from './run-cli';

/** Whether `pid` still runs (a zombie waiting for a parent to reap it does not). */
const alive = (pid: number) => {
  try {
    process.kill(pid, 0);
  } catch {
    return false;
  }
  const stat = existsSync(`/proc/${pid}/stat`) ? readFileSync(`/proc/${pid}/stat`, 'utf8') : '';
  return !/^\d+ \(.*\) Z/.test(stat);
};

describe('the backend started with --start', () => {
  it('stops together with the processes its shell started', async () => {
    const started = startBackend('sleep 30 & echo "child $!"; wait', {});
    let child: number | undefined;
    for (let i = 0; i < 50 && child === undefined; i++) {
      child = Number(/child (\d+)/.exec(started.output.join('\n'))?.[1]) || undefined;
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    expect(child).toBeDefined();
    expect(alive(child as number)).toBe(true);
    await started.stop();
    await started.exited;
    for (let i = 0; i < 40 && alive(child as number); i++)
      await new Promise((resolve) => setTimeout(resolve, 50));
    expect(alive(child as number)).toBe(false);
  });

  it('is reachable once it answers; a backend that exits first is named', async () => {
    const server = createServer((_, res) => res.writeHead(404).end());
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/register`;
    expect(await reachable(url, 1000)).toBeUndefined();
    server.close();
    const quits = startBackend('exit 3', {});
    await quits.exited;
    expect(await reachable(`http://127.0.0.1:${await freePort()}/`, 5000, quits)).toBe(
      'the backend exited (3)',
    );
    expect(await reachable(`http://127.0.0.1:${await freePort()}/`, 300)).toBe('ECONNREFUSED');
  });
});

describe('a vendor hook', () => {
  it('resolves to its exit code and notes its last five lines, secrets in URLs redacted', async () => {
    const check = new Check();
    const code = await runHook(
      check,
      'for i in 1 2 3 4 5 6; do echo "line $i"; done; echo "GET /x?api_key=$KEY" >&2; exit 4',
      { KEY: 'hook-secret-value' },
    );
    expect(code).toBe(4);
    expect(check.lines[0]).toMatch(/^vendor hook → for i in/);
    expect(check.lines.slice(1)).toEqual([
      '    line 3',
      '    line 4',
      '    line 5',
      '    line 6',
      '    GET /x?api_key=[REDACTED]',
      'vendor hook ← exit 4',
    ]);
  });
});
