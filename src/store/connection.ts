import { type CrowdDatabase, openCrowdDb } from './db.ts';

let shared: Promise<CrowdDatabase> | null = null;

/** The page's one connection to the app database (the worker opens its own). */
export function sharedDb(): Promise<CrowdDatabase> {
  shared ??= openCrowdDb();
  shared.catch(() => {
    shared = null; // let the next caller try again (e.g. after the user freed a blocked upgrade)
  });
  return shared;
}
