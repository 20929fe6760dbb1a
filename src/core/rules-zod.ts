import * as z from 'zod';
import { isApplicationId, isCrmToken, isLocationId, isPartnerToken, RULE_MESSAGES } from './rules';

// The input rules of ./rules as zod schemas, for the client's resources and the fake.

/** A partner or user token: a non-blank string. */
export const partnerTokenSchema = z.custom<string>(isPartnerToken, RULE_MESSAGES.partnerToken);
/** Your Marketplace application id: a positive integer. */
export const applicationIdSchema = z.custom<number>(isApplicationId, RULE_MESSAGES.applicationId);
/** A location (`salon_id`): a positive integer. */
export const locationIdSchema = z.custom<number>(isLocationId, RULE_MESSAGES.locationId);
/** A chain's CRM token: 1 to 256 characters without whitespace. */
export const crmTokenSchema = z.custom<string>(isCrmToken, RULE_MESSAGES.crmToken);
