// The marketplace's request and answer schemas, one file per group; schema and type names follow the
// scheme written at the top of src/core/wire.ts.
export * from './billing-schemas';
export * from './installation-schemas';
export { MAX_WEBHOOK_URLS, TOO_MANY_WEBHOOK_URLS, type InstallationStatus } from './schema-parts';
export * from './webhook-settings-schemas';
