import { inspect } from 'node:util';
import {
  InvalidInputError,
  NotFoundError,
  type NotifyCallParams,
  OutcomeUnknownError,
  PermissionDeniedError,
  type SaveCallParams,
} from 'altegio-marketplace';
import type { JsonBodyType } from 'msw';
import { describe, expect, it } from 'vitest';
import {
  CRM_TOKEN,
  expectNoSecrets,
  PARTNER_TOKEN,
  recordVoipCommands,
  testClient,
  useMswServer,
} from '../helpers';
import { schemaProblems, voipSchemas } from './openapi';

const server = useMswServer();

const record = (status?: number, answer?: JsonBodyType) => recordVoipCommands(server, status, answer);

const ringing: NotifyCallParams = {
  crmToken: CRM_TOKEN,
  type: 'incoming',
  phone: '+13155550175',
  diversion: '+13155550176',
  user: 'external_user_id',
};

const finished: SaveCallParams = {
  ...ringing,
  duration: 90,
  link: 'https://external.call.storage/call_record.mp3',
  callId: 'external_call_id',
  status: 'success',
  date: '2026-09-01T14:40:28-05:00',
};

function expectPartnerHeaders(headers: Headers | undefined) {
  expect(headers?.get('authorization')).toBe(`Bearer ${PARTNER_TOKEN}`);
  expect(headers?.get('accept')).toBe('application/vnd.api.v2+json');
  expect(headers?.get('content-type')).toMatch(/^application\/json/);
}

describe('telephony.notifyCall', () => {
  it('sends the spec example body {command:"event", ...} with partner auth', async () => {
    const seen = record();
    await expect(testClient().telephony.notifyCall(ringing)).resolves.toBeUndefined();
    expect(seen).toHaveLength(1);
    expect(seen[0]?.body).toStrictEqual({
      command: 'event',
      type: 'incoming',
      crm_token: CRM_TOKEN,
      phone: '+13155550175',
      user: 'external_user_id',
      diversion: '+13155550176',
    });
    expect(schemaProblems(voipSchemas.event, seen[0]?.body ?? {})).toEqual([]);
    expectPartnerHeaders(seen[0]?.headers);
  });

  it('leaves out `user` when not given and sends bare-digit numbers unchanged (YCLIENTS style)', async () => {
    const seen = record();
    await testClient().telephony.notifyCall({
      crmToken: CRM_TOKEN,
      type: 'incoming',
      phone: '71010001100',
      diversion: '71010001122',
    });
    expect(seen[0]?.body).toStrictEqual({
      command: 'event',
      type: 'incoming',
      crm_token: CRM_TOKEN,
      phone: '71010001100',
      diversion: '71010001122',
    });
  });
});

describe('telephony.saveCall', () => {
  it('sends the spec example body {command:"history", ...} with snake_case fields', async () => {
    const seen = record();
    await expect(testClient().telephony.saveCall(finished)).resolves.toBeUndefined();
    expect(seen[0]?.body).toStrictEqual({
      command: 'history',
      type: 'incoming',
      crm_token: CRM_TOKEN,
      phone: '+13155550175',
      user: 'external_user_id',
      diversion: '+13155550176',
      duration: 90,
      link: 'https://external.call.storage/call_record.mp3',
      call_id: 'external_call_id',
      status: 'success',
      date: '2026-09-01T14:40:28-05:00',
    });
    expect(schemaProblems(voipSchemas.history, seen[0]?.body ?? {})).toEqual([]);
    expectPartnerHeaders(seen[0]?.headers);
  });

  it('sends only the required fields when the optional ones are absent', async () => {
    const seen = record();
    await testClient().telephony.saveCall({
      crmToken: CRM_TOKEN,
      type: 'outgoing',
      phone: '13155550175',
      diversion: '13155550176',
    });
    expect(seen[0]?.body).toStrictEqual({
      command: 'history',
      type: 'outgoing',
      crm_token: CRM_TOKEN,
      phone: '13155550175',
      diversion: '13155550176',
    });
    expect(schemaProblems(voipSchemas.history, seen[0]?.body ?? {})).toEqual([]);
  });

  it.each([
    ['UTC', '2026-09-01T19:40:28+00:00'],
    ['America/Chicago', '2026-09-01T14:40:28-05:00'],
    ['Asia/Kolkata', '2026-09-02T01:10:28+05:30'],
  ])('writes a Date as ISO 8601 with the offset of timeZone %s', async (timeZone, wire) => {
    const seen = record();
    await testClient({ timeZone }).telephony.saveCall({
      ...finished,
      date: new Date('2026-09-01T19:40:28.750Z'),
    });
    expect(seen[0]?.body?.date).toBe(wire);
  });

  it('sends a numeric callId as its decimal string and duration 0 as 0', async () => {
    const seen = record();
    await testClient().telephony.saveCall({ ...finished, callId: 1700000042, duration: 0, status: 'missed' });
    expect(seen[0]?.body).toMatchObject({ call_id: '1700000042', duration: 0, status: 'missed' });
  });
});

describe('input validation (nothing is sent)', () => {
  const bad: [string, 'notifyCall' | 'saveCall', Record<string, unknown>, string][] = [
    ['an unknown call type', 'notifyCall', { ...ringing, type: 'missed' }, 'type'],
    ['a letter in the phone', 'notifyCall', { ...ringing, phone: '+1315555O175' }, 'phone'],
    ['separators in the phone', 'notifyCall', { ...ringing, phone: '+1 (315) 555-0175' }, 'phone'],
    ['an empty diversion', 'notifyCall', { ...ringing, diversion: '' }, 'diversion'],
    ['a missing diversion', 'notifyCall', { ...ringing, diversion: undefined }, 'diversion'],
    ['an empty user', 'notifyCall', { ...ringing, user: '' }, 'user'],
    ['a crm token with spaces', 'notifyCall', { ...ringing, crmToken: 'a b' }, 'crmToken'],
    [
      'a crm token over 256 characters (the one CRM token rule)',
      'notifyCall',
      { ...ringing, crmToken: 'a'.repeat(257) },
      'crmToken',
    ],
    ['a list-only status', 'saveCall', { ...finished, status: 'busy' }, 'status'],
    ['a negative duration', 'saveCall', { ...finished, duration: -1 }, 'duration'],
    ['a fractional duration', 'saveCall', { ...finished, duration: 1.5 }, 'duration'],
    ['a NaN duration', 'saveCall', { ...finished, duration: Number.NaN }, 'duration'],
    ['a string duration', 'saveCall', { ...finished, duration: '90' }, 'duration'],
    ['a link that is no URL', 'saveCall', { ...finished, link: 'call_record.mp3' }, 'link'],
    ['an ftp link', 'saveCall', { ...finished, link: 'ftp://records.example.com/a.mp3' }, 'link'],
    ['a date without offset', 'saveCall', { ...finished, date: '2026-09-01T14:40:28' }, 'date'],
    ['a zone-less marketplace date', 'saveCall', { ...finished, date: '2026-09-01 14:40:28' }, 'date'],
    ['an impossible date', 'saveCall', { ...finished, date: '2026-02-30T10:00:00Z' }, 'date'],
    ['an Invalid Date', 'saveCall', { ...finished, date: new Date('nope') }, 'date'],
    ['an empty callId', 'saveCall', { ...finished, callId: '' }, 'callId'],
  ];

  it.each(bad)('rejects %s', async (_label, method, input, field) => {
    const seen = record();
    const error = await testClient()
      .telephony[method](input as never)
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(InvalidInputError);
    const issues = (error as InvalidInputError).issues;
    expect(issues.map((issue) => issue.path[0])).toContain(field);
    expect((error as Error).message).toContain(`telephony.${method}`);
    expectNoSecrets(inspect(error, { depth: 10 }));
    expect(seen).toHaveLength(0);
  });

  it('does not echo the rejected values in the error', async () => {
    record();
    const error = await testClient()
      .telephony.notifyCall({ ...ringing, phone: 'secret-caller-4242' })
      .catch((e: unknown) => e);
    expect(inspect(error, { depth: 10 })).not.toContain('secret-caller-4242');
  });
});

describe('secrets', () => {
  it('keeps every token out of util.inspect of the client and its telephony resource', () => {
    const altegio = testClient();
    expectNoSecrets(inspect(altegio, { depth: 10, showHidden: true }));
    expectNoSecrets(inspect(altegio.telephony, { depth: 10, showHidden: true }));
  });

  it('keeps the crm token out of debug logs of a successful command', async () => {
    record();
    const logs: unknown[] = [];
    const logger = { debug: (...a: unknown[]) => logs.push(a) };
    await testClient({ logger }).telephony.notifyCall(ringing);
    expect(logs.length).toBeGreaterThan(0);
    expectNoSecrets(JSON.stringify(logs));
  });
});

describe('errors', () => {
  it.each([
    [403, PermissionDeniedError],
    [404, NotFoundError],
  ])('%i on a call command hints at telephony.enable and keeps the crm token out', async (status, type) => {
    const logs: unknown[] = [];
    const logger = { debug: (...a: unknown[]) => logs.push(a), error: (...a: unknown[]) => logs.push(a) };
    record(status, { success: false, data: { crm_token: CRM_TOKEN }, meta: { message: `no ${CRM_TOKEN}` } });
    const error = await testClient({ logger })
      .telephony.saveCall(finished)
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(type);
    expect((error as Error).message).toContain('telephony.enable(crmToken)');
    expectNoSecrets(inspect(error, { depth: 10 }));
    expectNoSecrets(JSON.stringify(logs));
    expect(logs.length).toBeGreaterThan(0);
  });

  it('does not retry a call command that may have been processed (500 → OutcomeUnknownError)', async () => {
    const seen = record(500, { success: false, meta: { message: 'boom' } });
    const error = await testClient()
      .telephony.saveCall(finished)
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(OutcomeUnknownError);
    expect(seen).toHaveLength(1);
  });
});
