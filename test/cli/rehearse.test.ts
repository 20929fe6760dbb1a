import { spawn } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { describe, expect, it } from 'vitest';
import { expectNoSecrets, PARTNER_TOKEN } from '../helpers';
import { built, freePort, node, root, runCli, STACK, startCli } from './run-cli';

// The reference backend's demo starts it (`--serve`, from the env `--start` passes) and bills it (`--hook`).
const demo = 'node examples/reference-backend/demo.ts';

/** `rehearse --start` against the reference backend, optionally with steps broken on purpose. */
async function rehearseReference(broken = '', extra: string[] = []) {
  const port = await freePort();
  const json = `${tmpdir()}/rehearse-${port}.json`;
  const result = await runCli(
    [
      'rehearse',
      '--registration-url',
      `http://127.0.0.1:${port}/altegio/register`,
      '--callback-url',
      `http://127.0.0.1:${port}/altegio/callback`,
      '--start',
      `${demo} --serve`,
      '--on-payment',
      `${demo} --hook=charge`,
      '--on-refund',
      `${demo} --hook=refund`,
      '--timeout',
      '2',
      '--json',
      json,
      '--partner-token',
      PARTNER_TOKEN,
      ...extra,
    ],
    { ALTEGIO_DEMO_BREAK: broken, ADMIN_TOKEN: 'admin-token-for-the-hooks' },
  );
  const report = JSON.parse(await readFile(json, 'utf8').catch(() => 'null')) as {
    ok: boolean;
    checks: {
      number: number;
      title: string;
      outcome: string;
      failures: { expected: string; saw: string }[];
      guide: string;
    }[];
  } | null;
  return { ...result, report };
}

describe.skipIf(!built)('altegio-marketplace rehearse', () => {
  it('passes all five checks against the reference backend, and writes the JSON report', async () => {
    const { code, stdout, stderr, report } = await rehearseReference();
    expect(stdout).toContain("✓ 1. Correct connection to the client's location");
    expect(stdout).toContain('✓ 5. Correct connection when the user is already registered');
    expect(stdout).toContain('5 passed, 0 failed');
    // It shows what the backend sent to Altegio, secrets hidden.
    expect(stdout).toContain('backend → Altegio POST app /marketplace/partner/callback');
    expect(stdout).toContain('"command":"setup","type":"enable","crm_token":"[REDACTED]"');
    expect(stdout).toContain('POST app /marketplace/partner/payment/refund/');
    expectNoSecrets(stdout + stderr);
    expect(report?.ok).toBe(true);
    expect(report?.checks.map((c) => [c.number, c.outcome])).toEqual([
      [1, 'passed'],
      [2, 'passed'],
      [3, 'passed'],
      [4, 'passed'],
      [5, 'passed'],
    ]);
    expect(code).toBe(0);
  });

  it('without --start: against a backend the vendor started with the env of `fake --port N`', async () => {
    const [fakePort, backendPort] = [await freePort(), await freePort()];
    const fake = startCli(['fake', '--port', String(fakePort), '--partner-token', PARTNER_TOKEN]);
    await fake.printed(/Press Ctrl-C to stop/);
    const env = Object.fromEntries(
      [...fake.output().matchAll(/^(ALTEGIO_[A-Z_]+)=(.*)$/gm)].map((m) => [m[1] as string, m[2] as string]),
    );
    // The fake does not print the partner token it was given: the vendor has it.
    env.ALTEGIO_PARTNER_TOKEN = PARTNER_TOKEN;
    expect(await fake.stop()).toBe(0);
    // Terminal 2: the backend, with the printed lines.
    const backend = spawn(node, ['examples/reference-backend/demo.ts', '--serve'], {
      cwd: root,
      env: { PATH: process.env.PATH ?? '', ...env, PORT: String(backendPort), ADMIN_TOKEN: 'admin-2' },
      stdio: 'ignore',
    });
    try {
      const url = `http://127.0.0.1:${backendPort}`;
      const { code, stdout } = await runCli(
        [
          'rehearse',
          '--registration-url',
          `${url}/altegio/register`,
          '--callback-url',
          `${url}/altegio/callback`,
          '--port',
          String(fakePort),
          '--on-payment',
          `${demo} --hook=charge`,
          '--on-refund',
          `${demo} --hook=refund`,
        ],
        { ALTEGIO_PARTNER_TOKEN: PARTNER_TOKEN, ADMIN_TOKEN: 'admin-2' },
      );
      expect(stdout).toContain(`Fake Altegio on http://127.0.0.1:${fakePort}`);
      expect(stdout).toContain('5 passed, 0 failed');
      expect(code).toBe(0);
    } finally {
      backend.kill();
    }
  });

  it('shows the checks on its console while it runs', async () => {
    // The payment hook reads the console (same origin as the fake) in the middle of the rehearsal.
    const peek =
      "node -e \"fetch(new URL('/_console/sections', process.env.ALTEGIO_APP_BASE_URL)).then((r) => r.json()).then((s) => console.log('CHE' + 'CKS: ' + s.checks.replace(/<[^>]+>/g, ' ')))\"";
    // A careless hook that prints secrets: they never reach the terminal.
    const careless = 'echo "token $ALTEGIO_PARTNER_TOKEN admin $ADMIN_TOKEN"';
    const { stdout } = await rehearseReference('', [
      '--on-payment',
      `${peek} && ${careless} && ${demo} --hook=charge`,
    ]);
    expect(stdout).toContain('token [REDACTED] admin [REDACTED]');
    expect(stdout).not.toContain('admin-token-for-the-hooks');
    expectNoSecrets(stdout);
    const seen = /CHECKS: (.*)/.exec(stdout)?.[1]?.replace(/\s+/g, ' ');
    expect(seen).toContain('passed 1. Correct connection to the client&#39;s location');
    expect(seen).toContain('running 2. Sending payment data');
    expect(seen).toContain('pending 3. Sending payment refund data');
    expect(stdout).toContain('5 passed, 0 failed');
  });

  // Each broken step is caught by the check that covers it, with what was expected and what was seen.
  it.each<[string, number, RegExp, RegExp]>([
    [
      'skipActivation',
      1,
      /location 1001 is active in Altegio/,
      /status pending; activation requests: no such request/,
    ],
    [
      'skipTelephonyEnable',
      1,
      /telephony is enabled for the chain/,
      /telephony is off; \/voip\/integration requests: no such request/,
    ],
    [
      'skipPaymentReport',
      2,
      /Altegio received a valid payment for location 1001/,
      /no such request from the backend/,
    ],
    ['skipRefundReport', 3, /as refunded/, /no such request from the backend/],
    ['ignoreUninstall', 4, /turned telephony off/, /telephony is on/],
    ['forgetExistingUsers', 5, /recognised the existing account/, /it says new/],
  ])('with %s broken, check %i fails and says why', async (broken, number, expected, saw) => {
    const { code, stdout, stderr, report } = await rehearseReference(broken);
    const check = report?.checks.find((c) => c.number === number);
    expect(check?.outcome, stdout).toBe('failed');
    expect(check?.failures[0]?.expected).toMatch(expected);
    expect(check?.failures[0]?.saw).toMatch(saw);
    expect(check?.guide).toMatch(/^docs\/rehearse-moderation\.md#check-\d/);
    expect(stdout).toMatch(
      new RegExp(
        `✗ ${number}\\. [\\s\\S]*the fake saw: [\\s\\S]*see docs/rehearse-moderation\\.md#check-${number}-`,
      ),
    );
    expect(report?.checks.filter((c) => c.outcome === 'failed').map((c) => c.number)).toContain(number);
    expect(stdout + stderr).not.toMatch(STACK);
    expectNoSecrets(stdout + stderr);
    expect(code).toBe(1);
  });

  it('against the Express example: passes what it implements, names the checks it does not', async () => {
    const port = await freePort();
    const { code, stdout, stderr } = await runCli(
      [
        'rehearse',
        '--registration-url',
        `http://127.0.0.1:${port}/altegio/connect`,
        '--callback-url',
        `http://127.0.0.1:${port}/altegio/callback`,
        '--start',
        'node examples/express/server.ts',
        '--timeout',
        '2',
        '--partner-token',
        PARTNER_TOKEN,
        '--application-id',
        '123',
      ],
      { WEBHOOK_SECRET: 'example-webhook-secret-0123456789', PUBLIC_URL: 'https://vendor.example' },
    );
    expect(stdout).toContain("✓ 1. Correct connection to the client's location");
    // No billing in that example: the payment check waits, then names what it did not see.
    expect(stdout).toMatch(
      /✗ 2\. Sending payment data[\s\S]*Waiting up to 2 s[\s\S]*✗ Altegio received a valid payment/,
    );
    expect(stdout).toContain('✗ 3. Sending payment refund data');
    // It acknowledges the uninstall but leaves telephony on.
    expect(stdout).toMatch(
      /✗ 4\. Correct handling of disabling[\s\S]*✓ the callback URL answers the signed uninstall webhook with 2xx[\s\S]*✗ the backend turned telephony off/,
    );
    expect(stdout).toContain('✓ 5. Correct connection when the user is already registered');
    expect(stdout).toContain('2 passed, 3 failed (2, 3, 4)');
    expectNoSecrets(stdout + stderr);
    expect(code).toBe(1);
  });
});
