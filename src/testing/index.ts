/**
 * Test kit: a stateful fake Altegio (msw handlers or a loopback HTTP server), signers for registration
 * redirects and webhooks, and fixtures.
 *
 * @module altegio-marketplace/testing
 */

// --- the error every function of this entry throws on bad input (also in the root entry) ---
export { ConfigurationError } from '../errors/configuration-error';

// --- signers: lifecycle bodies and payment signs ---
export type { LifecycleBodyOptions, NumberText, PaymentBodyOptions, PaymentSignOptions } from './signers';
export { createLifecycleBody, createPaymentBody, createPaymentSign } from './signers';

// --- signers: registration redirect URLs and user_data ---
export type {
  ConnectRedirectUrlOptions,
  RedirectLocationForm,
  RedirectUser,
  SignedUserData,
  SignUserDataOptions,
} from './redirect';
export { buildConnectRedirectUrl, signUserData } from './redirect';

// --- fake Altegio: the factory, its interface and options ---
export type { FakeAltegio } from './fake/api';
export { createFakeAltegio } from './fake/fake-altegio';
export type { MswHandler } from './fake/msw';
export type {
  AddInstallationOptions,
  FakeAltegioOptions,
  FakePayOptions,
  FakeRateLimit,
  GrantAccessOptions,
} from './fake/options';
export { NO_ROUTE_HEADER } from './fake/routes/reply';
export type { FakeAltegioServer, FakeListenOptions } from './fake/server';
export type {
  FakeCall,
  FakeDelayFault,
  FakeDropFault,
  FakeFault,
  FakeFaultFilter,
  FakeFaultKind,
  FakeFrame,
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
  FakeWebhookSettingsWire,
} from './fake/types';
