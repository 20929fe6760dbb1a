/**
 * Test kit: a stateful fake Altegio (msw handlers or a loopback HTTP server), signers for registration
 * redirects and webhooks, and fixtures.
 *
 * @module altegio-marketplace/testing
 */

// --- signers: lifecycle bodies and payment signs (issue 5) ---
export type { LifecycleBodyOptions, NumberText, PaymentBodyOptions, PaymentSignOptions } from './signers';
export { createLifecycleBody, createPaymentBody, createPaymentSign } from './signers';

// --- signers: registration redirect URLs and user_data (issue 3) ---
export type {
  ConnectRedirectUrlOptions,
  RedirectLocationForm,
  RedirectUser,
  SignedUserData,
  SignUserDataOptions,
} from './redirect';
export { buildConnectRedirectUrl, signUserData } from './redirect';

// --- fake Altegio (issue 6) ---
export type {
  FakeAltegioOptions,
  FakePayOptions,
  FakeRateLimit,
  GrantAccessOptions,
} from './fake/fake-altegio';
export { createFakeAltegio, FakeAltegio } from './fake/fake-altegio';
export { NO_ROUTE_HEADER } from './fake/route';
export type { FakeFrame, FakeWebhookSettingsWire } from './fake/routes-extra';
export type { MswHandler } from './fake/msw';
export type { FakeAltegioServer, FakeListenOptions } from './fake/server';
export type {
  FakeCall,
  FakeDelayFault,
  FakeDropFault,
  FakeFault,
  FakeFaultFilter,
  FakeFaultKind,
  FakeHtmlFault,
  FakeInstallation,
  FakeInstallationStatus,
  FakePayment,
  FakeRequestRecord,
  FakeStatusFault,
  FakeStatusLog,
  FakeSuccessFalseFault,
  FakeTelephony,
  FakeVoipCommand,
  FakeWebhookDelivery,
} from './fake/types';
