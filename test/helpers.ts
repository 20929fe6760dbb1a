import { type AltegioClientOptions, createAltegioClient } from 'altegio-marketplace';

/** Secrets used across the suite; every redaction test searches output for them. */
export const PARTNER_TOKEN = 'partner-token-5f2b9c1e7a';
export const USER_TOKEN = 'user-token-8d41e0b3c6';
export const CRM_TOKEN = '7cf262d6-1656-43f9-86ac-2826bdc125d2';
export const API_KEY = '2f181e2a-5c22-4ae7-9d9b-07104f312c28';
export const APPLICATION_ID = 123;
export const SECRETS = [PARTNER_TOKEN, USER_TOKEN, CRM_TOKEN, API_KEY] as const;

export const APP = 'https://app.alteg.io';
export const API = 'https://api.alteg.io/api/v1';

/** A client with test tokens, no env fallbacks, no limiter and near-instant retries. */
export function testClient(options: AltegioClientOptions = {}) {
  return createAltegioClient({
    partnerToken: PARTNER_TOKEN,
    userToken: USER_TOKEN,
    applicationId: APPLICATION_ID,
    rateLimit: false,
    retry: { initialDelay: 1, maxDelay: 5 },
    env: {},
    ...options,
  });
}

/** Throws when any test secret appears in `text`. */
export function expectNoSecrets(text: string): void {
  for (const secret of SECRETS) {
    if (text.includes(secret)) throw new Error(`secret leaked: ${secret.slice(0, 6)}…`);
  }
}
