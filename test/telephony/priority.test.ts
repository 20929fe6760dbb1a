import { HttpResponse, http } from 'msw';
import { describe, expect, it } from 'vitest';
import { API, CRM_TOKEN, testClient, useMswServer } from '../helpers';

const server = useMswServer();

const call = {
  crmToken: CRM_TOKEN,
  type: 'incoming',
  phone: '+13155550175',
  diversion: '+13155550176',
} as const;

describe('call notifications jump the queue', () => {
  it('sends a notifyCall issued behind 20 queued saveCalls within the next second, before the rest', async () => {
    const arrivals: { command: string; callId: unknown; at: number }[] = [];
    server.use(
      http.post(`${API}/voip/integration`, async ({ request }) => {
        const body = (await request.json()) as { command: string; call_id?: string };
        arrivals.push({ command: body.command, callId: body.call_id, at: performance.now() });
        return HttpResponse.json({ success: true, meta: { message: 'Accepted' } }, { status: 202 });
      }),
    );
    // The documented default: 5 a second, 200 a minute.
    const altegio = testClient({ rateLimit: { perSecond: 5, perMinute: 200 } });
    const saves = Array.from({ length: 20 }, (_, i) =>
      altegio.telephony.saveCall({ ...call, status: 'missed', callId: `save-${i}` }),
    );
    // Let the first window's five go out, so the rest are really queued behind the limit.
    await new Promise((resolve) => setTimeout(resolve, 100));
    const issued = performance.now();
    await altegio.telephony.notifyCall(call);
    const answered = performance.now();
    await Promise.all(saves);

    const order = arrivals.map((a) => a.command);
    const ringing = order.indexOf('event');
    // Only the first second's five saveCalls, already let through, arrive before it.
    expect(ringing).toBe(5);
    expect(order.filter((c) => c === 'history')).toHaveLength(20);
    // Queued saveCalls keep their order.
    expect(arrivals.filter((a) => a.command === 'history').map((a) => a.callId)).toEqual(
      Array.from({ length: 20 }, (_, i) => `save-${i}`),
    );
    // Without the high lane it would wait for the 15 queued saveCalls: three more seconds.
    const latency = (arrivals[ringing]?.at ?? Number.POSITIVE_INFINITY) - issued;
    expect(latency).toBeLessThan(1500);
    expect(answered - issued).toBeLessThan(2000);
  }, 15_000);
});
