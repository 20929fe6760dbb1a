import { execFile, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { createFakeAltegio } from 'altegio-marketplace/testing';
import { describe, expect, it } from 'vitest';
import { APPLICATION_ID, expectNoSecrets, PARTNER_TOKEN, USER_TOKEN } from '../../test/helpers';

// The five checks themselves, and each broken step they catch, are tested through the CLI in
// test/cli/rehearse.test.ts (`rehearse` against `demo.ts --serve`).

const demo = fileURLToPath(new URL('./demo.ts', import.meta.url));
const built = existsSync(fileURLToPath(new URL('../../dist/testing.js', import.meta.url)));
const node = async (args: string[], env: Record<string, string>) => {
  try {
    const { stdout } = await promisify(execFile)(process.execPath, [demo, ...args], {
      env: { PATH: process.env.PATH ?? '', ...env },
      timeout: 60_000,
    });
    return { code: 0, stdout };
  } catch (error) {
    const failure = error as { code?: number; stdout?: string };
    return { code: failure.code ?? -1, stdout: failure.stdout ?? '' };
  }
};

// `node demo.ts` loads the package through its exports (dist/); `npm test` builds first.
describe.skipIf(!built)('node examples/reference-backend/demo.ts', () => {
  it('prints the checklist and exits 0 with nothing configured', async () => {
    const { code, stdout } = await node([], {});
    expect(stdout).toContain('✓ 1. Correct connection');
    expect(stdout).toContain('5 passed, 0 failed');
    expect(code).toBe(0);
  });

  it('exits 1 and marks the check failed when a backend step is broken', async () => {
    const { code, stdout } = await node(['--break=skipActivation'], {});
    expect(stdout).toMatch(
      /✗ 1\. Correct connection to the client's location[\s\S]*✗ location 1001 is active in Altegio/,
    );
    expect(stdout).toContain('see docs/rehearse-moderation.md#check-1-connect-a-new-user');
    expect(code).toBe(1);
  });

  it('with real-looking credentials, refuses the destructive steps unless allowed', async () => {
    // "Real" Altegio here is a fake on 127.0.0.1 reached through the documented env vars.
    const fake = createFakeAltegio({
      partnerToken: PARTNER_TOKEN,
      applicationId: APPLICATION_ID,
      userToken: USER_TOKEN,
    });
    const server = await fake.listen();
    try {
      const redirect = await fake.grantAccess({
        registrationUrl: 'https://vendor.example/altegio/register',
        locationIds: [456],
        user: { userId: 9, name: 'Bo' },
      });
      const env = {
        ALTEGIO_PARTNER_TOKEN: PARTNER_TOKEN,
        ALTEGIO_APPLICATION_ID: String(APPLICATION_ID),
        ALTEGIO_USER_TOKEN: USER_TOKEN,
        ALTEGIO_APP_BASE_URL: server.appBaseUrl,
        ALTEGIO_API_BASE_URL: server.apiBaseUrl,
        ALTEGIO_DEMO_REDIRECT_URL: redirect,
      };
      const refused = await node([], env);
      expect(refused.stdout).toContain('destructive steps refused');
      expect(refused.stdout).toMatch(/– 2\. Sending payment data \(skipped\)\n\s+skipped: destructive/);
      expect(refused.stdout).toContain('✓ 1. Correct connection');
      expect(fake.payments()).toEqual([]);
      expect(fake.installation(456)?.status).toBe('active');
      expect(refused.code).toBe(0);
      expectNoSecrets(refused.stdout);

      const allowed = await node(['--allow-destructive'], env);
      expect(allowed.stdout).toContain('✓ 2. Sending payment data');
      expect(allowed.stdout).toContain('✓ 3. Sending payment refund data');
      expect(fake.payments(456)).toEqual([expect.objectContaining({ isRefunded: true })]);
      expect(allowed.code).toBe(0);
      expectNoSecrets(allowed.stdout);
    } finally {
      await server.close();
    }
  });

  it('serve.ts starts the backend with a fake and prints a working Connect link', async () => {
    const child = spawn(process.execPath, [fileURLToPath(new URL('./serve.ts', import.meta.url))], {
      env: { PATH: process.env.PATH ?? '' },
    });
    try {
      let output = '';
      const link = await new Promise<string>((resolve, reject) => {
        child.stdout.on('data', (chunk: Buffer) => {
          output += chunk.toString();
          const found = /^(http:\/\/127\.0\.0\.1:\d+\/altegio\/register\?\S+)$/m.exec(output);
          if (found?.[1]) resolve(found[1]);
        });
        child.once('exit', () => reject(new Error(`serve.ts exited: ${output}`)));
      });
      const page = await fetch(link);
      expect(page.status).toBe(200);
      expect(await page.text()).toContain('Account created for Ann Lee');
    } finally {
      child.kill('SIGTERM');
    }
  });
});
