/** Marketplace wire format, e.g. `2022-01-01 10:10:00` (zone-less). */
export const MARKETPLACE_DATE_TIME = /^(\d{4})-(\d{2})-(\d{2}) (\d{2}):(\d{2}):(\d{2})$/;
/** ISO 8601 date-time with seconds and an offset (`Z` or `±HH:MM`), as VoIP sends it. */
export const ISO_DATE_TIME =
  /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(\.\d{1,9})?(Z|[+-]\d{2}:?\d{2})$/;
/** A calendar day, `YYYY-MM-DD` (the call list's filters). */
export const CALENDAR_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/**
 * True when the captured parts (year, month, day and, when captured, hour, minute, second) name a real
 * calendar moment (no 2026-02-30, no 25:00).
 */
export function isRealDate(match: RegExpExecArray): boolean {
  const [y = 0, mo = 0, d = 0, h = 0, mi = 0, s = 0] = match.slice(1, 7).map(Number);
  const t = new Date(Date.UTC(y, mo - 1, d, h, mi, s));
  return (
    t.getUTCFullYear() === y &&
    t.getUTCMonth() === mo - 1 &&
    t.getUTCDate() === d &&
    h < 24 &&
    mi < 60 &&
    s < 60
  );
}

const formatters = new Map<string, Intl.DateTimeFormat>();

/** Throws RangeError for a time zone the runtime does not know. */
function formatter(timeZone: string): Intl.DateTimeFormat {
  let f = formatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
    });
    formatters.set(timeZone, f);
  }
  return f;
}

/** Tells whether the runtime knows the IANA time zone `timeZone`. */
export function isValidTimeZone(timeZone: string): boolean {
  try {
    formatter(timeZone);
    return true;
  } catch {
    return false;
  }
}

function wallClock(date: Date, timeZone: string) {
  const parts: Record<string, string> = {};
  for (const part of formatter(timeZone).formatToParts(date)) parts[part.type] = part.value;
  const { year = '', month = '', day = '', hour = '', minute = '', second = '' } = parts;
  return { year, month, day, hour, minute, second };
}

/** `Date` → `YYYY-MM-DD HH:MM:SS` on the wall clock of `timeZone`. */
export function formatMarketplaceDateTime(date: Date, timeZone: string): string {
  const w = wallClock(date, timeZone);
  return `${w.year}-${w.month}-${w.day} ${w.hour}:${w.minute}:${w.second}`;
}

/** `Date` → ISO 8601 with the offset of `timeZone` at that moment, e.g. `2026-09-01T14:40:28-05:00`. */
export function formatIsoDateTime(date: Date, timeZone: string): string {
  const w = wallClock(date, timeZone);
  const seconds = Math.floor(date.getTime() / 1000) * 1000;
  const wallAsUtc = Date.UTC(+w.year, +w.month - 1, +w.day, +w.hour, +w.minute, +w.second);
  const offset = Math.round((wallAsUtc - seconds) / 60_000);
  const sign = offset < 0 ? '-' : '+';
  const abs = Math.abs(offset);
  const hh = String(Math.floor(abs / 60)).padStart(2, '0');
  const mm = String(abs % 60).padStart(2, '0');
  return `${w.year}-${w.month}-${w.day}T${w.hour}:${w.minute}:${w.second}${sign}${hh}:${mm}`;
}

/** Formats a validated marketplace date input for the wire. */
export const toMarketplaceDateTime = (value: Date | string, timeZone: string): string =>
  typeof value === 'string' ? value : formatMarketplaceDateTime(value, timeZone);

/** Formats a validated ISO date input for the wire. */
export const toIsoDateTime = (value: Date | string, timeZone: string): string =>
  typeof value === 'string' ? value : formatIsoDateTime(value, timeZone);
