import { InvalidInputError, normalizePhone } from 'altegio-marketplace';
import fc from 'fast-check';
import { HttpResponse, http } from 'msw';
import { describe, expect, it } from 'vitest';
import { API, CRM_TOKEN, testClient, useMswServer } from '../helpers';

const server = useMswServer();

describe('normalizePhone', () => {
  it.each([
    ['+1 (315) 555-0175', 'e164', '+13155550175'],
    ['+1 (315) 555-0175', 'digits', '13155550175'],
    ['13155550175', 'e164', '+13155550175'],
    ['+13155550175', 'digits', '13155550175'],
    ['00 44 20 7946 0958', 'e164', '+442079460958'],
    ['+1 315.555.0175', 'digits', '13155550175'],
    ['7 (901) 000–11–00', 'e164', '+79010001100'],
    ['  101  ', 'digits', '101'],
  ] as const)('%s as %s → %s', (input, format, expected) => {
    expect(normalizePhone(input, format)).toBe(expected);
  });

  it('defaults to e164', () => {
    expect(normalizePhone('31 20 555 0175')).toBe('+31205550175');
  });

  it.each([
    ['anonymous'],
    ['+1 315 CALL NOW'],
    ['1+315'],
    [''],
    ['+'],
    ['123456789012345678901'],
    ['ext. 101'],
  ])('rejects %j without echoing it', (input) => {
    const error = (() => {
      try {
        normalizePhone(input);
      } catch (e) {
        return e;
      }
    })();
    expect(error).toBeInstanceOf(InvalidInputError);
    if (input.length > 2) expect((error as Error).message).not.toContain(input);
  });

  it('rejects an unknown format', () => {
    expect(() => normalizePhone('+1', 'national' as never)).toThrow(InvalidInputError);
  });

  it('gives numbers notifyCall accepts, keeping every digit in order', async () => {
    const sent: string[] = [];
    server.use(
      http.post(`${API}/voip/integration`, async ({ request }) => {
        sent.push(((await request.json()) as { phone: string }).phone);
        return HttpResponse.json({ success: true }, { status: 202 });
      }),
    );
    const altegio = testClient();
    const separator = fc.constantFrom(' ', '-', '.', '(', ')', '/', '');
    const decorated = fc
      .array(fc.tuple(fc.integer({ min: 0, max: 9 }), separator), { minLength: 1, maxLength: 15 })
      .map((parts) => ({
        digits: parts.map(([d]) => d).join(''),
        text: parts.map(([d, s]) => `${d}${s}`).join(''),
      }));
    await fc.assert(
      fc.asyncProperty(
        decorated,
        fc.constantFrom('e164', 'digits') as fc.Arbitrary<'e164' | 'digits'>,
        async (number, format) => {
          const phone = normalizePhone(`+${number.text}`, format);
          expect(phone).toBe(format === 'e164' ? `+${number.digits}` : number.digits);
          await altegio.telephony.notifyCall({
            crmToken: CRM_TOKEN,
            type: 'incoming',
            phone,
            diversion: '+1',
          });
          expect(sent.at(-1)).toBe(phone);
        },
      ),
      { numRuns: 50 },
    );
  });
});
