// The rehearsal's browser against a small loopback site: which redirects it follows, which it stops at,
// the cookies it keeps between hops, and how it reads the page it ends on.
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { visit } from '../../src/cli/browser';
import { Check } from '../../src/cli/checks/check';
import { type FakeHost, startFakeHost } from '../../src/cli/fake-host';
import { expectNoSecrets, PARTNER_TOKEN, USER_TOKEN } from '../helpers';
import { freePort } from './run-cli';

let host: FakeHost;
let site: string;
const server = createServer((req: IncomingMessage, res: ServerResponse) => {
  const path = req.url ?? '/';
  const redirect = (to: string, headers: Record<string, string> = {}) =>
    res.writeHead(302, { location: to, ...headers }).end();
  if (path === '/login') return redirect('/session', { 'set-cookie': 'sid=abc123; Path=/; HttpOnly' });
  if (path === '/session')
    return req.headers.cookie === 'sid=abc123' ? redirect(`${host.url}/app/done`) : redirect('/login-failed');
  if (path === '/away') return redirect('https://vendor.example/welcome');
  if (path === '/loop') return redirect('/loop');
  if (path.startsWith('/page')) {
    const report = JSON.stringify({ account: 'existing' }).replace(/"/g, '&#34;');
    return res
      .writeHead(200, { 'content-type': 'text/html' })
      .end(
        `<title>ignored</title><h1 class="x">Welcome <b>back</b>,\n Ann</h1><script type="application/json" id="connect-report">${report}</script>`,
      );
  }
  if (path === '/broken-report')
    return res
      .writeHead(200)
      .end('<h1>Done</h1><script type="application/json" id="connect-report">{not json</script>');
  res.writeHead(500, { 'content-type': 'text/html' }).end(`<title>Failed for ${path}</title>`);
});

beforeAll(async () => {
  host = await startFakeHost({
    port: 0,
    partnerToken: PARTNER_TOKEN,
    applicationId: 1,
    userToken: USER_TOKEN,
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  site = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  await host.close();
  await new Promise((resolve) => server.close(resolve));
});

describe('the rehearsal browser', () => {
  it('follows loopback redirects with the cookies it was given, and stops at the redirect back to Altegio', async () => {
    const check = new Check();
    const page = await visit(host, check, `${site}/login`);
    expect(page).toEqual({
      ok: true,
      status: 302,
      summary: '302 redirect back to Altegio',
      report: undefined,
    });
    expect(check.lines).toEqual([
      'browser → GET /login',
      'browser ← 302 redirect to /session',
      'browser → GET /session',
      `browser ← 302 redirect to ${host.url}/app/done`,
    ]);
    // Each hop is on the console's timeline.
    expect(host.log.filter((e) => e.from === 'browser').map((e) => [e.path, e.status])).toEqual([
      ['/login', 302],
      ['/session', 302],
    ]);
  });

  it('stops at a redirect off this machine, which a real browser would then show', async () => {
    const page = await visit(host, new Check(), `${site}/away`);
    expect(page.ok).toBe(true);
    expect(page.summary).toBe('302 redirect to https://vendor.example');
  });

  it('reads the page heading as plain text and its connect report', async () => {
    const check = new Check();
    const page = await visit(host, check, `${site}/page?user_data=signed-${PARTNER_TOKEN}&salon_id=1`);
    expect(page).toEqual({
      ok: true,
      status: 200,
      summary: '200 "Welcome back, Ann"',
      report: { account: 'existing' },
    });
    // Signed query parameters never reach the transcript or the timeline.
    expect(check.lines[0]).toBe('browser → GET /page?user_data=[REDACTED]&salon_id=1');
    expectNoSecrets(JSON.stringify([check.lines, host.log]));
  });

  it('treats a malformed connect report as none', async () => {
    const page = await visit(host, new Check(), `${site}/broken-report`);
    expect(page).toMatchObject({ ok: true, summary: '200 "Done"', report: undefined });
  });

  it('fails on an error page, a redirect loop, and a backend that does not answer', async () => {
    expect(await visit(host, new Check(), `${site}/nowhere`)).toMatchObject({
      ok: false,
      status: 500,
      summary: '500 "Failed for /nowhere"',
    });
    expect(await visit(host, new Check(), `${site}/loop`)).toEqual({
      ok: false,
      status: 0,
      summary: 'more than 10 redirects',
      report: undefined,
    });
    const closed = `http://127.0.0.1:${await freePort()}`;
    const check = new Check();
    expect(await visit(host, check, `${closed}/x`)).toMatchObject({
      ok: false,
      status: 0,
      summary: `no answer from ${closed} (ECONNREFUSED)`,
    });
    expect(check.lines.at(-1)).toBe('browser ← no answer (ECONNREFUSED)');
  });
});
