import * as z from 'zod/mini';
import { CALENDAR_DATE, ISO_DATE_TIME, isRealDate, MARKETPLACE_DATE_TIME } from './dates';

// The date input schemas of the endpoints (the formats and formatting are in dates.ts, which has no zod).

/** A `Date` that holds a time (not `new Date('nonsense')`). */
const validDate = z.date().check(z.refine((date: Date) => !Number.isNaN(date.getTime()), 'Invalid Date'));

/** A string that `pattern` matches and whose captured parts name a real calendar moment. */
const realDateText = (pattern: RegExp, message: string) =>
  z.string().check(
    z.refine((value: string) => {
      const match = pattern.exec(value);
      return match !== null && isRealDate(match);
    }, message),
  );

/** Input schema: a valid `Date`, or a real `YYYY-MM-DD HH:MM:SS` string (passed through unchanged). */
export const marketplaceDateTimeInput = z.union([
  validDate,
  realDateText(MARKETPLACE_DATE_TIME, 'Expected a Date or a "YYYY-MM-DD HH:MM:SS" string'),
]);

/** Input schema: a valid `Date`, or an ISO 8601 date-time string with an offset (passed through unchanged). */
export const isoDateTimeInput = z.union([
  validDate,
  realDateText(
    ISO_DATE_TIME,
    'Expected a Date or an ISO 8601 date-time with offset, e.g. "2026-09-01T14:40:28-05:00"',
  ),
]);

/** Input schema: a valid `Date` (its calendar day in the client's `timeZone`) or a real `YYYY-MM-DD` string. */
export const calendarDateInput = z.union([
  validDate,
  realDateText(CALENDAR_DATE, 'Expected a Date or a "YYYY-MM-DD" date, e.g. "2026-01-31"'),
]);
