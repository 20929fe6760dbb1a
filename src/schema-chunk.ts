// The client's zod/mini half: every request and answer schema it parses with, input parsing and answer
// reading. The root entry does not import this file; `loadSchemas()` (src/load-schemas.ts) does, on the
// first call, so that importing the SDK (a serverless cold start) never loads or parses zod. The ESM build
// ships it as a chunk of its own. A module that needs a schema at run time takes it from
// `await loadSchemas()`, and imports the schema modules only with `import type`. Export each name
// that is used, one by one: a dynamic import keeps every export, so an unused one would only add bytes.
export { readAnswer } from './core/read-answer';
export { parseInput } from './core/validate';
export { connectTargetSchema } from './connect/connect-target';
export { readConnectUser, USER_ID_PROBLEM } from './connect/user-data';
export {
  businessGroupListSchema,
  citiesParamsSchema,
  cityListSchema,
  countryListSchema,
} from './dictionaries/schemas';
export {
  activateParamsSchema,
  addDiscountParamsSchema,
  channelAvailabilityParamsSchema,
  installationSchema,
  installFrameParamsSchema,
  listLocationsParamsSchema,
  locationIdSchema,
  locationListSchema,
  locationsParamsSchema,
  MAX_WEBHOOK_URLS,
  paymentIdSchema,
  paymentLinkParamsSchema,
  paymentLinkSchema,
  reconcilePaymentParamsSchema,
  refundPaymentOptionsSchema,
  reportPaymentParamsSchema,
  reportPaymentResultSchema,
  shortNamesParamsSchema,
  TOO_MANY_WEBHOOK_URLS,
  tariffListSchema,
  webhookEntityFields,
  webhookSettingsParamsSchema,
  webhookSettingsReadSchema,
  webhookUrlListSchema,
} from './marketplace/schemas';
export {
  callListSchema,
  crmTokenSchema,
  listCallsParamsSchema,
  notifyCallParamsSchema,
  saveCallParamsSchema,
} from './telephony/schemas';
