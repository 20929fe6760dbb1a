// zod/mini has no messages of its own ("Invalid input"); the client's input errors still say what is wrong.
import { InvalidInputError } from 'altegio-marketplace';
import { describe, expect, it } from 'vitest';
import { testClient } from '../helpers';

const issuesOf = async (promise: Promise<unknown>) => {
  const error = await promise.catch((e: unknown) => e);
  expect(error).toBeInstanceOf(InvalidInputError);
  return (error as InvalidInputError).issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`);
};

describe('input issue messages', () => {
  const altegio = testClient();

  it('name the bound that was crossed', async () => {
    expect(await issuesOf(altegio.marketplace.listLocations({ count: 5000 }))).toEqual([
      'count: Too big: expected number to be <=1000',
    ]);
    expect(await issuesOf(altegio.marketplace.addDiscount({ locationIds: [], discount: 1 }))).toEqual([
      'locationIds: Too small: expected array to have >=1 items',
    ]);
  });

  it('name the expected type and the type received, never the value', async () => {
    const issues = await issuesOf(
      altegio.marketplace.setChannelAvailability({
        locationId: 1,
        channelSlug: 'fax',
        isAvailable: 'secret-yes',
      } as never),
    );
    expect(issues).toEqual([
      'channelSlug: Invalid option: expected one of "sms"|"whatsapp"',
      'isAvailable: Invalid input: expected boolean, received string',
    ]);
    expect(issues.join()).not.toContain('secret-yes');
  });
});
