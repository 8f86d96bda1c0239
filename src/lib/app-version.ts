/** This build of the app: package.json's version, when it was built, and which build it is. */
export const APP_VERSION: string = __APP_VERSION__;
/** ISO 8601, UTC. */
export const BUILD_DATE: string = __BUILD_DATE__;
export const BUILD_ID: string = __BUILD_ID__;

/**
 * The build date as a day, e.g. '2026-12-03' (UTC, as the build recorded it).
 * @example buildDay('2026-12-03T23:41:00.000Z') // '2026-12-03'
 */
export function buildDay(iso: string = BUILD_DATE): string {
  return /^\d{4}-\d{2}-\d{2}/.exec(iso)?.[0] ?? iso;
}
