import { InvalidInputError, NotFoundError, PermissionDeniedError } from 'altegio-marketplace';
import type { JsonBodyType } from 'msw';
import { inspect } from 'node:util';
import { describe, expect, it } from 'vitest';
import {
  API,
  CRM_TOKEN,
  expectNoSecrets,
  PARTNER_TOKEN,
  recordVoipCommands,
  testClient,
  useMswServer,
} from '../helpers';

const server = useMswServer();

const record = (status?: number, answer?: JsonBodyType) => recordVoipCommands(server, status, answer);

describe('telephony.enable / disable', () => {
  it.each(['enable', 'disable'] as const)(
    '%s sends {command:"setup", type, crm_token} with partner auth',
    async (type) => {
      const seen = record();
      await expect(testClient().telephony[type](CRM_TOKEN)).resolves.toBeUndefined();
      expect(seen).toHaveLength(1);
      const [request] = seen;
      expect(request?.url.href).toBe(`${API}/voip/integration`);
      expect(request?.body).toStrictEqual({ command: 'setup', type, crm_token: CRM_TOKEN });
      expect(request?.headers.get('authorization')).toBe(`Bearer ${PARTNER_TOKEN}`);
      expect(request?.headers.get('accept')).toBe('application/vnd.api.v2+json');
      expect(request?.headers.get('content-type')).toMatch(/^application\/json/);
    },
  );

  it('accepts the YCLIENTS-style 202 with data:null', async () => {
    record(202, { success: true, data: null, meta: { message: 'Accepted' } });
    await expect(testClient().telephony.enable(CRM_TOKEN)).resolves.toBeUndefined();
  });

  it.each([
    ['empty', ''],
    ['whitespace', ' 7cf262d6 '],
    ['a number', 42],
    ['undefined', undefined],
  ])('rejects a %s crm token before sending', async (_label, token) => {
    const seen = record();
    const error = await testClient()
      .telephony.enable(token as string)
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(InvalidInputError);
    expect(seen).toHaveLength(0);
  });

  it.each([
    [403, PermissionDeniedError],
    [404, NotFoundError],
  ])('maps %i to a typed error that hints at the crm token and never contains it', async (status, type) => {
    record(status, { success: false, meta: { message: `bad token ${CRM_TOKEN}` } });
    const error = await testClient()
      .telephony.enable(CRM_TOKEN)
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(type);
    expect((error as Error).message).toMatch(/crm_token/);
    expectNoSecrets(inspect(error, { depth: 10 }));
    expectNoSecrets(JSON.stringify(error));
  });
});
