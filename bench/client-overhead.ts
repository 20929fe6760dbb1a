// Per-call cost of the client (auth headers, limiter hook, envelope unwrapping, zod validation, error
// mapping) against a plain `fetch` + `res.json()` and against bare ky (`ky(url).json()`, which the
// client sends through) to the same loopback server, in the same run. Rounds of the three alternate
// (in a turning order), so machine noise hits all alike; each reports its median round.
// Run: `npm run build && node bench/client-overhead.ts` (BENCH_QUICK=1 for a short run).
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createAltegioClient } from 'altegio-marketplace';
import ky from 'ky';
import type { BenchRow } from './types.ts';

const quick = process.env.BENCH_QUICK === '1';
const rounds = quick ? 3 : 25;
const callsPerRound = quick ? 100 : 600;

const PARTNER_TOKEN = 'bench-partner-token-7c1d9e';
const ACCEPT = 'application/vnd.api.v2+json';
// The documented answer of GET /marketplace/salon/{id}/application/{app} (reference §3.6).
const installationAnswer = JSON.stringify({
  success: true,
  data: {
    logs: [
      {
        changed_at: '2022-06-27 12:20:02',
        status_from: 'uninstalled',
        status_to: 'pending',
        source: 'marketplace',
      },
      {
        changed_at: '2022-06-27 12:22:02',
        status_from: 'pending',
        status_to: 'active',
        source: 'partner_api',
      },
    ],
    payments: [
      {
        id: 1523,
        payment_sum: 1523.12,
        payment_date: '2022-06-27 12:22:02',
        is_refunded: false,
        period_from: '2022-06-27 00:00:00',
        period_to: '2022-07-27 00:00:00',
      },
    ],
    connection_status: { status: 'active', created_at: '2022-06-27 12:20:02' },
  },
});
const acceptedAnswer = JSON.stringify({ success: true, meta: { message: 'Accepted' } });

function answer(request: IncomingMessage, response: ServerResponse): void {
  request.resume();
  request.on('end', () => {
    const body = request.method === 'GET' ? installationAnswer : acceptedAnswer;
    response.writeHead(request.method === 'GET' ? 200 : 202, { 'content-type': 'application/json' });
    response.end(body);
  });
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;

type Call = () => Promise<unknown>;

/** Median µs per call of the client, plain fetch and bare ky, from alternating rounds of sequential calls. */
async function compare(subject: Call, baseline: Call, bareKy: Call) {
  const timeRound = async (fn: () => Promise<unknown>) => {
    const started = performance.now();
    for (let i = 0; i < callsPerRound; i++) await fn();
    return ((performance.now() - started) * 1000) / callsPerRound;
  };
  // Warm-up: JIT, the keep-alive connection, zod's compiled checks.
  for (let i = 0; i < 200; i++) {
    await baseline();
    await bareKy();
    await subject();
  }
  const s: number[] = [];
  const b: number[] = [];
  const k: number[] = [];
  // The order turns each round, so that no contender always runs right after the same other one.
  const order = [
    [baseline, b],
    [bareKy, k],
    [subject, s],
  ] as const;
  for (let round = 0; round < rounds; round++) {
    for (let i = 0; i < order.length; i++) {
      const [fn, times] = order[(round + i) % order.length]!;
      times.push(await timeRound(fn));
    }
  }
  return { subject: median(s), baseline: median(b), ky: median(k) };
}

/** The client stays within 10% of the ky call it wraps. */
const KY_TARGET = 1.1;

function rows(name: string, result: { subject: number; baseline: number; ky: number }): BenchRow[] {
  const vsKy = row(`${name} vs bare ky`, 'ky(url).json()', { subject: result.subject, baseline: result.ky });
  vsKy.target = `<= ${KY_TARGET}x`;
  vsKy.pass = (vsKy.ratio ?? Number.POSITIVE_INFINITY) <= KY_TARGET;
  return [
    row(name, 'fetch + json()', result),
    vsKy,
    row(`${name.replace(/^client call: [^ ]+/, 'bare ky: the same request')} (reference)`, 'fetch + json()', {
      subject: result.ky,
      baseline: result.baseline,
    }),
  ];
}

function row(name: string, baselineName: string, result: { subject: number; baseline: number }): BenchRow {
  return {
    name,
    value: `${result.subject.toFixed(0)} µs/call (${result.subject >= result.baseline ? '+' : '-'}${Math.abs(result.subject - result.baseline).toFixed(0)} µs)`,
    baseline: `${baselineName} ${result.baseline.toFixed(0)} µs/call`,
    ratio: Math.round((result.subject / result.baseline) * 100) / 100,
  };
}

/** Bench rows: a validated GET and a POST command, each against plain fetch to the same server. */
export async function run(): Promise<BenchRow[]> {
  const server = createServer(answer);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  try {
    const altegio = createAltegioClient({
      partnerToken: PARTNER_TOKEN,
      applicationId: 123,
      platform: { appBaseUrl: base, apiBaseUrl: `${base}/api/v1`, accept: ACCEPT },
      rateLimit: false,
      retry: 0,
      env: {},
    });
    const headers = { Accept: ACCEPT, Authorization: `Bearer ${PARTNER_TOKEN}` };

    const installationUrl = `${base}/marketplace/salon/456/application/123`;
    const get = await compare(
      () => altegio.marketplace.getInstallation(456),
      async () => (await fetch(installationUrl, { headers })).json(),
      () => ky(installationUrl, { headers, retry: 0 }).json(),
    );

    const call = {
      crmToken: 'bench-crm-token-5a8f',
      type: 'incoming',
      phone: '+13155550175',
      diversion: '+13155550176',
    } as const;
    const voipUrl = `${base}/api/v1/voip/integration`;
    const voipPayload = {
      command: 'event',
      type: call.type,
      crm_token: call.crmToken,
      phone: call.phone,
      diversion: call.diversion,
    };
    const voipBody = JSON.stringify(voipPayload);
    const post = await compare(
      () => altegio.telephony.notifyCall(call),
      async () =>
        (
          await fetch(voipUrl, {
            method: 'POST',
            headers: { ...headers, 'Content-Type': 'application/json' },
            body: voipBody,
          })
        ).json(),
      () => ky.post(voipUrl, { headers, json: voipPayload, retry: 0 }).json(),
    );
    return [
      ...rows('client call: marketplace.getInstallation (GET, validated)', get),
      ...rows('client call: telephony.notifyCall (POST)', post),
    ];
  } finally {
    server.closeAllConnections();
    server.close();
  }
}

if (import.meta.main) {
  for (const r of await run()) console.log(`${r.name}: ${r.value}; ${r.baseline}; ${r.ratio}x`);
}
