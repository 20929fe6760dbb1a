import { createAltegioClient, parseConnectRedirect } from 'altegio-marketplace';
import { describe, expect, it } from 'vitest';
import { APPLICATION_ID, expectNoSecrets, PARTNER_TOKEN } from '../helpers';
import { startExample } from '../node/example-harness';
import { built, runCli, STACK, startCli } from './run-cli';

describe.skipIf(!built)('altegio-marketplace fake', () => {
  it('prints the env that points an unchanged client at it (never the partner token it was given), serves the console, stops on Ctrl-C', async () => {
    const fake = startCli([
      'fake',
      '--port',
      '0',
      '--partner-token',
      PARTNER_TOKEN,
      '--application-id',
      String(APPLICATION_ID),
    ]);
    try {
      await fake.printed(/Press Ctrl-C to stop/);
      const env = Object.fromEntries(
        [...fake.output().matchAll(/^(ALTEGIO_[A-Z_]+)=(.*)$/gm)].map((m) => [
          m[1] as string,
          m[2] as string,
        ]),
      );
      expect(Object.keys(env).sort()).toEqual([
        'ALTEGIO_API_BASE_URL',
        'ALTEGIO_APPLICATION_ID',
        'ALTEGIO_APP_BASE_URL',
        'ALTEGIO_USER_TOKEN',
      ]);
      // The token the user passed may be their real one: named, never printed.
      expect(fake.output()).toContain(
        '# ALTEGIO_PARTNER_TOKEN: the token you passed as --partner-token (not printed)',
      );
      expect(fake.output()).not.toContain(PARTNER_TOKEN);
      expect(env.ALTEGIO_APP_BASE_URL).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/app$/);
      // A client configured by these lines and the token the user has talks to the fake: a location
      // never granted is not installed.
      const altegio = createAltegioClient({ env: { ...env, ALTEGIO_PARTNER_TOKEN: PARTNER_TOKEN } });
      await expect(altegio.marketplace.getInstallation(1001)).resolves.toBeNull();
      const consoleUrl = (await fake.printed(/^Console: (\S+)$/m))[1] as string;
      const page = await fetch(consoleUrl);
      expect(page.status).toBe(200);
      const html = await page.text();
      expect(html).toContain('<h1>Fake Altegio console</h1>');
      expect(html).toMatch(/<label for="registration-url">/);
      expect(html).not.toContain(PARTNER_TOKEN);
      // The console's log shows the client's request, without its Authorization header.
      const sections = (await (await fetch(`${consoleUrl}_console/sections`)).json()) as Record<
        string,
        string
      >;
      expect(sections.log).toContain('GET app /marketplace/salon/1001/application/123');
    } finally {
      expect(await fake.stop()).toBe(0);
    }
    expect(fake.output()).not.toMatch(STACK);
  });

  it('makes a partner token when given none, and prints it', async () => {
    const fake = startCli(['fake'], {});
    try {
      const token = (await fake.printed(/^ALTEGIO_PARTNER_TOKEN=(\S+)$/m))[1];
      expect(token).toMatch(/^fake-partner-[0-9a-f-]{36}$/);
      expect(fake.output()).toContain('the partner token is new');
    } finally {
      await fake.stop();
    }
  });

  it('takes the partner token from $ALTEGIO_PARTNER_TOKEN without printing it', async () => {
    const fake = startCli(['fake'], { ALTEGIO_PARTNER_TOKEN: PARTNER_TOKEN });
    try {
      await fake.printed(/Press Ctrl-C to stop/);
      expect(fake.output()).toContain(
        '# ALTEGIO_PARTNER_TOKEN: the token you passed as $ALTEGIO_PARTNER_TOKEN (not printed)',
      );
      expect(fake.output()).not.toContain(PARTNER_TOKEN);
      expect(fake.output()).not.toContain('the partner token is new');
    } finally {
      await fake.stop();
    }
  });

  it('a port in use: exit 1 with a clear message', async () => {
    const first = startCli(['fake', '--port', '0']);
    try {
      const port = (await first.printed(/Fake Altegio on http:\/\/127\.0\.0\.1:(\d+)/))[1] as string;
      const second = await runCli(['fake', '--port', port]);
      expect(second.stderr).toContain(`port ${port} on 127.0.0.1 is in use`);
      expect(second.stderr).not.toMatch(STACK);
      expect(second.code).toBe(1);
    } finally {
      await first.stop();
    }
  });
});

describe.skipIf(!built)('altegio-marketplace redirect', () => {
  it('prints a registration redirect that the SDK verifies with the partner token', async () => {
    const { code, stdout } = await runCli([
      'redirect',
      '--registration-url',
      'https://vendor.example/altegio/register',
      '--location',
      '5',
      '--location',
      '6',
      '--chain',
      '9',
      '--user',
      '{"user_id":501,"name":"Ann Lee"}',
      '--partner-token',
      PARTNER_TOKEN,
    ]);
    expect(code).toBe(0);
    const url = stdout.trim();
    expect(url.startsWith('https://vendor.example/altegio/register?')).toBe(true);
    const redirect = await parseConnectRedirect(url, { partnerToken: PARTNER_TOKEN });
    expect(redirect.locationIds).toEqual([5, 6]);
    expect(redirect.crmToken).toMatch(/^[0-9a-f-]{36}$/);
    expect(redirect.user).toMatchObject({ userId: 501, name: 'Ann Lee' });
    // Signed with another token, it is refused: the signature is real.
    await expect(parseConnectRedirect(url, { partnerToken: 'another-token' })).rejects.toThrow();
  });
});

describe.skipIf(!built)('altegio-marketplace trigger, against the Express example', () => {
  it('sends uninstall, freeze and a signed payment; prints the answer; exit 1 on a refusal', async () => {
    const example = await startExample('express', {
      ALTEGIO_PARTNER_TOKEN: PARTNER_TOKEN,
      ALTEGIO_APPLICATION_ID: String(APPLICATION_ID),
      WEBHOOK_SECRET: 'example-webhook-secret-0123456789',
      PUBLIC_URL: 'https://vendor.example',
    });
    try {
      const to = `${example.url}/altegio/callback`;
      const trigger = (event: string, ...more: string[]) =>
        runCli(['trigger', event, '--to', to, '--location', '55', ...more], {
          ALTEGIO_PARTNER_TOKEN: PARTNER_TOKEN,
          ALTEGIO_APPLICATION_ID: String(APPLICATION_ID),
        });

      const uninstall = await trigger('uninstall');
      expect(uninstall.stdout).toContain(`→ POST ${to} uninstall for location 55`);
      expect(uninstall.stdout).toMatch(/← 200 OK/);
      expect(uninstall.code).toBe(0);
      await example.printed('uninstall location 55');

      expect((await trigger('freeze')).code).toBe(0);
      await example.printed('freeze location 55');

      const payment = await trigger('payment', '--amount', '19.90');
      expect(payment.code, payment.stdout + payment.stderr).toBe(0);
      await example.printed('location 55 19.9');

      // Signed with the wrong partner token, the example refuses it: exit 1, its answer printed.
      const forged = await trigger('payment', '--partner-token', 'not-the-partner-token');
      expect(forged.stdout).toMatch(/← 40[13]/);
      expect(forged.stdout).not.toContain('not-the-partner-token');
      expect(forged.code).toBe(1);
      expectNoSecrets(uninstall.stdout + payment.stdout + forged.stdout);
    } finally {
      await example.stop();
    }
  });
});

describe.skipIf(!built)('altegio-marketplace trigger, against a callback URL that redirects', () => {
  it('follows no redirect: the body with the partner token never reaches the Location host', async () => {
    const { createServer } = await import('node:http');
    let elsewhere = 0;
    const other = createServer((_req, res) => {
      elsewhere++;
      res.end('{}');
    });
    await new Promise<void>((resolve) => other.listen(0, '127.0.0.1', resolve));
    const otherPort = (other.address() as { port: number }).port;
    const redirector = createServer((_req, res) => {
      res.writeHead(307, { location: `http://127.0.0.1:${otherPort}/steal` }).end();
    });
    await new Promise<void>((resolve) => redirector.listen(0, '127.0.0.1', resolve));
    const port = (redirector.address() as { port: number }).port;
    try {
      const result = await runCli(
        ['trigger', 'uninstall', '--to', `http://127.0.0.1:${port}/cb`, '--location', '55'],
        { ALTEGIO_PARTNER_TOKEN: PARTNER_TOKEN, ALTEGIO_APPLICATION_ID: String(APPLICATION_ID) },
      );
      expect(result.stdout).toMatch(/← 307/);
      expect(result.stdout).toContain(`a redirect to 127.0.0.1:${otherPort}, not followed`);
      expect(result.code).toBe(1);
      expect(elsewhere).toBe(0);
      expectNoSecrets(result.stdout + result.stderr);
    } finally {
      await new Promise((resolve) => redirector.close(resolve));
      await new Promise((resolve) => other.close(resolve));
    }
  });
});
