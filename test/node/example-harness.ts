import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { createLifecycleBody, createFakeAltegio, createPaymentBody } from 'altegio-marketplace/testing';
import { expect } from 'vitest';
import { APPLICATION_ID, PARTNER_TOKEN } from '../helpers';

const root = fileURLToPath(new URL('../..', import.meta.url));
const SECRET = 'example-webhook-secret-0123456789';
/** Where the examples are told Altegio reaches them; deliberately not their loopback address. */
const PUBLIC_URL = 'https://vendor.example';

/** A running example server: its URL, what it printed, and how to stop it. */
export interface RunningExample {
  url: string;
  output: string[];
  /** Resolves once a line containing `text` has been printed (or fails after a few seconds). */
  printed(text: string): Promise<void>;
  stop(): Promise<void>;
}

/** Starts `examples/<name>/server.ts` with `node`, as a user would, and waits for its URL. */
export async function startExample(name: string, env: Record<string, string>): Promise<RunningExample> {
  // The example imports the package by name, which resolves to dist/ (package self-reference).
  for (const entry of ['index.js', 'webhooks.js', 'node.js']) {
    if (!existsSync(`${root}dist/${entry}`))
      throw new Error(`dist/${entry} is missing: run \`npx tsup\` first.`);
  }
  const child: ChildProcess = spawn(process.execPath, [`examples/${name}/server.ts`], {
    cwd: root,
    env: { PATH: process.env.PATH ?? '', PORT: '0', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const output: string[] = [];
  const waiters: (() => void)[] = [];
  let buffered = '';
  const onData = (chunk: Buffer) => {
    buffered += chunk.toString();
    const lines = buffered.split('\n');
    buffered = lines.pop() ?? '';
    output.push(...lines);
    for (const wake of waiters.splice(0)) wake();
  };
  child.stdout?.on('data', onData);
  child.stderr?.on('data', onData);
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));

  const printed = async (text: string) => {
    const deadline = Date.now() + 10_000;
    while (!output.some((line) => line.includes(text))) {
      if (Date.now() > deadline || child.exitCode !== null) {
        throw new Error(`example ${name} did not print "${text}"; output:\n${output.join('\n')}`);
      }
      await new Promise<void>((resolve) => {
        waiters.push(resolve);
        setTimeout(resolve, 200);
      });
    }
  };
  await printed('listening on http://127.0.0.1:');
  const line = output.find((l) => l.includes('listening on ')) as string;
  const url = (line.match(/http:\/\/127\.0\.0\.1:\d+/) as RegExpMatchArray)[0];
  return {
    url,
    output,
    printed,
    stop: async () => {
      child.kill();
      await exited;
    },
  };
}

/** The whole vendor flow against an example server, with the fake Altegio on loopback. */
export async function exerciseExample(name: string): Promise<void> {
  const fake = createFakeAltegio({
    partnerToken: PARTNER_TOKEN,
    applicationId: APPLICATION_ID,
    rateLimit: false,
  });
  const altegio = await fake.listen();
  const example = await startExample(name, {
    ALTEGIO_PARTNER_TOKEN: PARTNER_TOKEN,
    ALTEGIO_APPLICATION_ID: String(APPLICATION_ID),
    ALTEGIO_APP_BASE_URL: altegio.appBaseUrl,
    ALTEGIO_API_BASE_URL: altegio.apiBaseUrl,
    WEBHOOK_SECRET: SECRET,
    PUBLIC_URL: `${PUBLIC_URL}/`,
  });
  try {
    const { url } = example;
    const json = { 'content-type': 'application/json' };

    // Connect page: the user granted access to location 55 and Altegio redirected the browser here.
    const redirect = await fake.grantAccess({ locationIds: [55], registrationUrl: `${url}/altegio/connect` });
    const connect = await fetch(redirect);
    expect(await connect.text()).toBe('Connected.\nlocation 55: activated');
    expect(connect.status).toBe(200);
    expect(fake.installation(55)?.status).toBe('active');
    const forgedRedirect = await fetch(
      `${url}/altegio/connect?salon_id=55&user_data=e30%3D&user_data_sign=00`,
    );
    expect(forgedRedirect.status).toBe(400);
    expect(fake.requests.filter((r) => r.method === 'POST')).toHaveLength(1);

    // Entity webhooks: the URL registered at activation is signed for location 55 and built on
    // PUBLIC_URL, not on the Host header the redirect arrived with (127.0.0.1:<port>).
    const registered = fake.installation(55)?.webhookUrls[0] as string;
    expect(registered.startsWith(`${PUBLIC_URL}/altegio/webhooks?`)).toBe(true);
    // Deliver it here, as the proxy behind vendor.example would.
    const webhookUrl = registered.replace(PUBLIC_URL, url);
    const entity = JSON.stringify({
      company_id: 55,
      resource: 'client',
      resource_id: 401,
      status: 'create',
      data: { id: 401 },
    });
    expect((await fetch(webhookUrl, { method: 'POST', headers: json, body: entity })).status).toBe(200);
    await example.printed('entity client create 401 location 55');
    const unsigned = await fetch(`${url}/altegio/webhooks`, { method: 'POST', headers: json, body: entity });
    expect(unsigned.status).toBe(401);
    const other = JSON.stringify({
      company_id: 56,
      resource: 'client',
      resource_id: 1,
      status: 'create',
      data: {},
    });
    expect((await fetch(webhookUrl, { method: 'POST', headers: json, body: other })).status).toBe(401);

    // Lifecycle: Altegio posts freeze, payment and uninstall to the callback URL.
    fake.callbackUrl = `${url}/altegio/callback`;
    expect((await fake.freeze(55)).status).toBe(200);
    await example.printed('freeze location 55');
    const payment = await createPaymentBody({
      partnerToken: PARTNER_TOKEN,
      applicationId: APPLICATION_ID,
      locationId: 55,
      paymentId: 9,
      amount: '100.50',
    });
    expect((await fetch(fake.callbackUrl, { method: 'POST', headers: json, body: payment })).status).toBe(
      200,
    );
    await example.printed('payment 9 location 55 100.5');
    const forged = createLifecycleBody({
      partnerToken: 'forged',
      applicationId: APPLICATION_ID,
      locationId: 55,
      event: 'uninstall',
    });
    expect((await fetch(fake.callbackUrl, { method: 'POST', headers: json, body: forged })).status).toBe(401);
    expect(
      (
        await fetch(fake.callbackUrl, {
          method: 'POST',
          headers: { 'content-type': 'text/plain' },
          body: 'x',
        })
      ).status,
    ).toBe(415);
    expect((await fake.disconnect(55)).status).toBe(200);
    await example.printed('uninstall location 55');
    expect(example.output.filter((line) => line.startsWith('uninstall'))).toHaveLength(1);
    expect(example.output.join('\n')).not.toContain(PARTNER_TOKEN);
  } finally {
    await example.stop();
    await altegio.close();
  }
}

/** Starts an example without PUBLIC_URL and expects it to refuse, naming the variable. */
export async function expectRefusalWithoutPublicUrl(name: string): Promise<void> {
  const child = spawn(process.execPath, [`examples/${name}/server.ts`], {
    cwd: root,
    env: {
      PATH: process.env.PATH ?? '',
      PORT: '0',
      ALTEGIO_PARTNER_TOKEN: PARTNER_TOKEN,
      ALTEGIO_APPLICATION_ID: String(APPLICATION_ID),
      WEBHOOK_SECRET: SECRET,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout?.on('data', (chunk: Buffer) => {
    output += chunk.toString();
  });
  child.stderr?.on('data', (chunk: Buffer) => {
    output += chunk.toString();
  });
  const code = await new Promise<number | null>((resolve) => {
    const timer = setTimeout(() => child.kill(), 10_000);
    child.once('exit', (exitCode) => {
      clearTimeout(timer);
      resolve(exitCode);
    });
  });
  expect(code).not.toBe(0);
  expect(output).toContain('Set PUBLIC_URL');
  expect(output).not.toContain('listening on');
}
