import { PY_SPACE_CLASS } from './python/python-text.ts';

/**
 * `datetime.strptime(value, "%a, %d %b %Y %H:%M:%S GMT")` as Eve's `_mongotize` runs it on
 * every string inside `where` (eve-api.md 2.2.4). CPython's `_strptime` compiles the format to
 * a case-insensitive regex: each space becomes `\s+`, `%d`/`%H`/`%M`/`%S` take one or two
 * digits (`%d` also " 7"), the weekday is matched but never checked against the date, and the
 * whole string must be consumed. The date is then validated by `datetime()` (no Feb 30, no
 * second 60).
 */

const SP = `[${PY_SPACE_CLASS}]+`;
const DAY = '3[01]|[12]\\d|0[1-9]|[1-9]| [1-9]';
const MONTHS = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];
const FORMAT = new RegExp(
  `^(?:mon|tue|wed|thu|fri|sat|sun),${SP}(${DAY})${SP}(${MONTHS.join('|')})${SP}(\\d{4})${SP}` +
    `(2[0-3]|[01]\\d|\\d):([0-5]\\d|\\d):(6[01]|[0-5]\\d|\\d)${SP}gmt$`,
  'iu',
);

function daysInMonth(year: number, month: number): number {
  if (month === 2) {
    const leap = (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
    return leap ? 29 : 28;
  }
  return [4, 6, 9, 11].includes(month) ? 30 : 31;
}

/**
 * A UTC Date for year/month/day/h/m/s/ms when `datetime()` accepts them, else null.
 * Years 1–99 are real years here (Date.UTC would read them as 19xx).
 *
 * @example
 * pyDatetime(2017, 10, 2, 0, 0, 0, 0)?.toISOString() // '2017-10-02T00:00:00.000Z'
 * pyDatetime(2017, 2, 30, 0, 0, 0, 0)                 // null
 */
export function pyDatetime(
  year: number,
  month: number,
  day: number,
  hour: number,
  minute: number,
  second: number,
  millis: number,
): Date | null {
  if (year < 1 || year > 9999 || month < 1 || month > 12) return null;
  if (day < 1 || day > daysInMonth(year, month)) return null;
  if (hour < 0 || hour > 23 || minute < 0 || minute > 59 || second < 0 || second > 59) return null;
  if (millis < 0 || millis > 999) return null;
  const date = new Date(0);
  date.setUTCFullYear(year, month - 1, day);
  date.setUTCHours(hour, minute, second, millis);
  return date;
}

/**
 * The Date Eve would make of `text`, or null when strptime (or datetime) rejects it.
 * ISO-8601 and anything but the exact RFC-1123 GMT layout stay strings.
 *
 * @example
 * parseRfc1123('Mon, 02 Oct 2017 00:00:00 GMT')?.toISOString() // '2017-10-02T00:00:00.000Z'
 * parseRfc1123('2017-10-02T00:00:00Z')                          // null
 */
export function parseRfc1123(text: string): Date | null {
  if (text.length < 20) return null;
  const m = FORMAT.exec(text);
  if (!m) return null;
  const [, day = '', month = '', year = '', hour = '', minute = '', second = ''] = m;
  return pyDatetime(
    Number(year),
    MONTHS.indexOf(month.toLowerCase()) + 1,
    Number(day.trim()),
    Number(hour),
    Number(minute),
    Number(second),
    0,
  );
}
