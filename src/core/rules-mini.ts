import * as z from 'zod/mini';
import { isApplicationId, isCrmToken, isLocationId, isPartnerToken, RULE_MESSAGES } from './rules';

// The input rules of ./rules as zod/mini schemas, for the webhooks entry (which loads no full zod).

/** A partner or user token: a non-blank string. */
export const partnerTokenMini = z.custom<string>(isPartnerToken, RULE_MESSAGES.partnerToken);
/** Your Marketplace application id: a positive integer. */
export const applicationIdMini = z.custom<number>(isApplicationId, RULE_MESSAGES.applicationId);
/** A location (`salon_id`): a positive integer. */
export const locationIdMini = z.custom<number>(isLocationId, RULE_MESSAGES.locationId);
/** A chain's CRM token: 1 to 256 characters without whitespace. */
export const crmTokenMini = z.custom<string>(isCrmToken, RULE_MESSAGES.crmToken);
