import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { chromium } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { expectNoSecrets, PARTNER_TOKEN } from '../helpers';
import { built, freePort, node, root, startCli } from './run-cli';
import { spawn } from 'node:child_process';

const CHROMIUM = '/usr/bin/chromium';
const ARTIFACTS = `${root}test-artifacts`;
const FLAGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

// CI installs Debian's chromium; locally the test is skipped without it, with a line that says so.
const skip = !built || (!existsSync(CHROMIUM) && !process.env.CI);
if (skip) {
  console.warn(
    `[console] the Chromium console test is skipped: ${built ? `${CHROMIUM} not found (apt-get install -y chromium)` : 'dist/ is not built (npm run build)'}`,
  );
}
describe.skipIf(skip)('the fake Altegio console in Chromium', () => {
  it('Connect turns the installation active and logs the backend; Disconnect uninstalls it', {
    timeout: 60_000,
  }, async () => {
    const backendPort = await freePort();
    const backendUrl = `http://127.0.0.1:${backendPort}`;
    const fake = startCli([
      'fake',
      '--partner-token',
      PARTNER_TOKEN,
      '--registration-url',
      `${backendUrl}/altegio/register`,
      '--callback-url',
      `${backendUrl}/altegio/callback`,
    ]);
    const profile = await mkdtemp(`${tmpdir()}/console-chromium-`);
    let backend: ReturnType<typeof spawn> | undefined;
    let browser: Awaited<ReturnType<typeof chromium.launchPersistentContext>> | undefined;
    try {
      await fake.printed(/Press Ctrl-C to stop/);
      const env = Object.fromEntries(
        [...fake.output().matchAll(/^(ALTEGIO_[A-Z_]+)=(.*)$/gm)].map((m) => [m[1], m[2]]),
      );
      // The fake does not print the partner token it was given: the vendor has it.
      env.ALTEGIO_PARTNER_TOKEN = PARTNER_TOKEN;
      const consoleUrl = (await fake.printed(/^Console: (\S+)$/m))[1] as string;
      // Terminal 2: the reference backend, started with the printed env.
      backend = spawn(node, ['examples/reference-backend/demo.ts', '--serve'], {
        cwd: root,
        env: {
          PATH: process.env.PATH ?? '',
          ...env,
          PORT: String(backendPort),
          ADMIN_TOKEN: 'console-admin',
        },
        stdio: 'ignore',
      });
      for (let i = 0; i < 100; i++) {
        if (
          await fetch(backendUrl).then(
            () => true,
            () => false,
          )
        )
          break;
        await new Promise((resolve) => setTimeout(resolve, 100));
      }

      browser = await chromium.launchPersistentContext(profile, {
        executablePath: CHROMIUM,
        headless: true,
        args: FLAGS,
        viewport: { width: 1200, height: 1000 },
      });
      const page = browser.pages()[0] ?? (await browser.newPage());
      const errors: string[] = [];
      page.on('pageerror', (error) => errors.push(error.message));
      await page.goto(consoleUrl);
      await expect.poll(() => page.title()).toBe('Fake Altegio console');
      await expect
        .poll(() => page.getByLabel('Registration redirect URL of your backend').inputValue())
        .toBe(`${backendUrl}/altegio/register`);

      // Connect opens the registration page in a new tab, with a freshly signed redirect.
      const [tab] = await Promise.all([
        browser.waitForEvent('page'),
        page.getByRole('button', { name: 'Connect', exact: true }).click(),
      ]);
      await tab.waitForLoadState();
      expect(await tab.locator('h1').textContent()).toContain('Account created for');
      await tab.close();

      const row = page.locator('#installation-1001');
      await expect.poll(() => row.getAttribute('data-status'), { timeout: 10_000 }).toBe('active');
      const log = page.locator('#log');
      await expect.poll(() => log.textContent()).toContain('POST app /marketplace/partner/callback');
      await expect
        .poll(() => log.textContent())
        .toContain('"command":"setup","type":"enable","crm_token":"[REDACTED]"');

      // A call rings at the PBX: the backend notifies Altegio, and the console pops a client card.
      const headers = { authorization: 'Bearer console-admin', 'content-type': 'application/json' };
      const [account] = (await (await fetch(`${backendUrl}/admin/accounts`, { headers })).json()) as {
        id: string;
      }[];
      await fetch(`${backendUrl}/pbx/events`, {
        method: 'POST',
        headers,
        body: JSON.stringify({
          event: 'ring',
          callId: 'c1',
          accountId: account?.id,
          from: '+13155550175',
          to: '+13155550176',
          extension: '101',
          at: new Date().toISOString(),
        }),
      });
      await expect.poll(() => page.locator('#calls .card').first().textContent()).toContain('Incoming call');

      await mkdir(ARTIFACTS, { recursive: true });
      await page.screenshot({ path: `${ARTIFACTS}/console-connected.png`, fullPage: true });
      if (process.env.UPDATE_DOCS_SCREENSHOT)
        await page.screenshot({ path: `${root}docs/rehearse-console.png`, fullPage: true });

      // Disconnect, from the keyboard: the uninstall webhook goes to the backend, the row turns uninstalled.
      await page.locator('#disconnect-1001').focus();
      await page.keyboard.press('Enter');
      await expect.poll(() => row.getAttribute('data-status'), { timeout: 10_000 }).toBe('uninstalled');
      await expect
        .poll(() => page.locator('#notice').textContent())
        .toContain('Disconnected location 1001; the backend answered 200');
      await expect.poll(() => log.textContent()).toContain('"command":"setup","type":"disable"');
      await expect.poll(() => row.getByRole('button', { name: 'Reconnect location 1001' }).count()).toBe(1);
      await page.screenshot({ path: `${ARTIFACTS}/console-disconnected.png`, fullPage: true });

      // Reconnect signs a new redirect for the same location; Connect as an existing user adds one.
      const open = async (name: string) => {
        const [next] = await Promise.all([
          browser?.waitForEvent('page'),
          page.getByRole('button', { name, exact: true }).click(),
        ]);
        await next?.waitForLoadState();
        const title = await next?.locator('h1').textContent();
        await next?.close();
        return title;
      };
      expect(await open('Reconnect location 1001')).toContain('Welcome back');
      await expect.poll(() => row.getAttribute('data-status'), { timeout: 10_000 }).toBe('active');
      expect(await open('Connect as an existing user')).toContain('Welcome back');
      await expect
        .poll(() => page.locator('#installation-1002').getAttribute('data-status'), { timeout: 10_000 })
        .toBe('active');
      await page.getByRole('button', { name: 'Freeze location 1002' }).click();
      await expect
        .poll(() => page.locator('#installation-1002').getAttribute('data-status'), { timeout: 10_000 })
        .toBe('freezed');
      await expect.poll(() => log.textContent()).toContain('{"event":"freeze","salon_id":1002}');
      expect(errors).toEqual([]);
      expectNoSecrets(await page.content());
      expect(await page.content()).not.toContain(PARTNER_TOKEN);
    } finally {
      await browser?.close();
      backend?.kill();
      await fake.stop();
      await rm(profile, { recursive: true, force: true });
    }
  });
});
