/**
 * Typed client for Altegio (YCLIENTS) Marketplace apps: activation and connect flow, billing,
 * telephony (VoIP), with typed errors, retries that never send a write twice, and a rate limiter.
 *
 * Webhook receivers live in `altegio-marketplace/webhooks`, the Node adapter in
 * `altegio-marketplace/node`, and the fake Altegio in `altegio-marketplace/testing`.
 *
 * @module altegio-marketplace
 */

// --- client and transport ---
export type { AltegioClient, AltegioClientOptions } from './client';
export { createAltegioClient } from './client';
export type { Defaults } from './core/defaults';
export { DEFAULTS } from './core/defaults';
export type { Priority, RateLimitOptions } from './core/limiter';
export type { Logger } from './core/logger';
export type { PlatformConfig, PlatformName } from './core/platform';
export { platforms } from './core/platform';
export type { RetryOptions } from './core/retry';

// --- shared store: rate limit, payment ledger, webhook dedupe across instances ---
export type { LedgerOptions, RefundPaymentOptions } from './store/ledger';
export type { MemoryStoreOptions } from './store/memory';
export { createMemoryStore } from './store/memory';
export type { LimitDecision, LimitStep, LimitWindow, Store } from './store/store';

// --- errors ---
export { AltegioApiError } from './errors/altegio-api-error';
export type { AltegioErrorClasses, AltegioErrorName } from './errors/altegio-error';
export { AltegioError, isAltegioError } from './errors/altegio-error';
export { AuthenticationError } from './errors/authentication-error';
export { ConfigurationError } from './errors/configuration-error';
export type { ConnectRedirectErrorReason } from './errors/connect-redirect-error';
export { ConnectRedirectError } from './errors/connect-redirect-error';
export { ConnectionError } from './errors/connection-error';
export type { IdempotencyConflictReason } from './errors/idempotency-conflict-error';
export { IdempotencyConflictError } from './errors/idempotency-conflict-error';
export { InstallationStateError } from './errors/installation-state-error';
export { InvalidInputError } from './errors/invalid-input-error';
export { NotFoundError } from './errors/not-found-error';
export type { OutcomeUnknownReason } from './errors/outcome-unknown-error';
export { OutcomeUnknownError } from './errors/outcome-unknown-error';
export { PermissionDeniedError } from './errors/permission-denied-error';
export { RateLimitError } from './errors/rate-limit-error';
export { RequestAbortedError } from './errors/request-aborted-error';
export type { ResponseIssue } from './errors/response-validation-error';
export { ResponseValidationError } from './errors/response-validation-error';
export { ServerError } from './errors/server-error';
export { StoreUnavailableError } from './errors/store-unavailable-error';
export { TimeoutError } from './errors/timeout-error';
export { UnexpectedRedirectError } from './errors/unexpected-redirect-error';
export { ValidationError } from './errors/validation-error';
export type { WebhookVerificationErrorReason } from './errors/webhook-verification-error';
export { WebhookVerificationError } from './errors/webhook-verification-error';

// --- marketplace ---
export { Marketplace } from './marketplace/marketplace';
export type {
  ActivateOutcome,
  ActivateParams,
  ActivateRedirectResult,
  ActivateResult,
  AddDiscountParams,
  ChannelAvailabilityParams,
  InstallFrameParams,
  Installation,
  InstallationLog,
  InstallationPayment,
  InstallationStatus,
  ListLocationsParams,
  Location,
  LocationPage,
  LocationsParams,
  PaymentLink,
  PaymentLinkParams,
  ReconcilePaymentParams,
  ReportPaymentParams,
  ReportPaymentResult,
  ShortNamesParams,
  Tariff,
  WebhookSettings,
  WebhookSettingsParams,
} from './marketplace/schemas';

// --- dictionaries ---
export { Dictionaries } from './dictionaries/dictionaries';
export type { BusinessGroup, CitiesParams, City, Country } from './dictionaries/schemas';

// --- connect ---
export type {
  ActivationExtras,
  ConnectLocationResult,
  ConnectOptions,
  ConnectOutcome,
  ConnectReport,
  ConnectTelephonyResult,
} from './connect/connect';
export type { ConnectTarget } from './connect/connect-target';
export type { ConnectRedirect, ParseConnectRedirectOptions } from './connect/parse-redirect';
export { parseConnectRedirect } from './connect/parse-redirect';
export type { ConnectUser } from './connect/user-data';

// --- telephony ---
export type { PhoneFormat } from './telephony/phone';
export { normalizePhone } from './telephony/phone';
export type {
  Call,
  CallFilters,
  CallStatus,
  CallsParams,
  CallType,
  ListCallsInput,
  ListCallsParams,
  NotifyCallInput,
  NotifyCallParams,
  SaveCallInput,
  SaveCallParams,
  SavedCallStatus,
} from './telephony/schemas';
export type { CallOptions } from './core/call-options';
export type { CallPage } from './telephony/telephony';
export { Telephony } from './telephony/telephony';
