import type { StoredDoc } from '../data/types.ts';
import { EveBadRequest, EveServerError } from './errors.ts';
import { isPlainObject, pyTruthy } from './python/python-text.ts';
import { JsonSyntaxError, JsonTooDeep, parseSimpleJson } from './python/simple-json.ts';

/** A client projection: the parsed JSON object of `?projection=`. */
export type Projection = Record<string, unknown>;

/** Stored meta fields Eve always asks MongoDB for (eve-api.md 3.4). */
const META_FIELDS = ['_id', '_updated', '_created', '_etag'];
/** Eve's `auto_fields`: client projection entries on these are ignored. */
const AUTO_FIELDS = new Set([...META_FIELDS, '_issues', '_status', '_links']);

/**
 * Parses `projection` like Eve's `_client_projection`: simplejson, and it must be an object;
 * anything else is a 400 (eve-api.md 2.4). '' means none.
 *
 * @example
 * parseProjection('{"snr": 1}') // { snr: 1 }
 * parseProjection('[1]')        // throws EveBadRequest
 */
export function parseProjection(raw: string): Projection | null {
  if (raw === '') return null;
  let value: unknown;
  try {
    value = parseSimpleJson(raw);
  } catch (error) {
    if (error instanceof JsonSyntaxError || error instanceof JsonTooDeep) {
      throw new EveBadRequest(`projection: ${error.message}`);
    }
    throw error;
  }
  if (!isPlainObject(value)) throw new EveBadRequest('projection is not a JSON object');
  return value;
}

/**
 * The field list Eve sends MongoDB (`_datasource_ex`): schema fields plus meta; when any
 * client value == 1 only meta fields start included; client entries on schema fields (dotted
 * too) then set their value; falsy ones are dropped.
 */
function projectedFields(schemaFields: readonly string[], client: Projection | null): string[] {
  const fields = new Map<string, unknown>([...schemaFields, ...META_FIELDS].map((f) => [f, 1]));
  const entries = Object.entries(client ?? {});
  if (entries.length === 0) return [...fields.keys()];
  if (entries.some(([, value]) => value === 1 || value === true)) {
    for (const field of fields.keys()) fields.set(field, AUTO_FIELDS.has(field));
  }
  for (const [field, value] of entries) {
    const base = field.split('.')[0] as string;
    if (!AUTO_FIELDS.has(base) && fields.has(base)) fields.set(field, value);
  }
  return [...fields].filter(([, value]) => pyTruthy(value)).map(([field]) => field);
}

/** MongoDB refuses a projection with "a" and "a.b" (path collision) or a malformed path. */
function checkForMongo(fields: readonly string[]): void {
  const sorted = [...fields].sort();
  sorted.forEach((field, i) => {
    if (
      field.split('.').some((part) => part === '' || part.startsWith('$') || part.includes('\0'))
    ) {
      throw new EveServerError(`bad projection path "${field}"`);
    }
    const next = sorted[i + 1];
    if (next?.startsWith(`${field}.`)) throw new EveServerError(`Path collision at ${next}`);
  });
}

/** An inclusion tree: `true` keeps the whole value, a subtree keeps only those sub-fields. */
type Plan = Map<string, true | Plan>;

function toPlan(fields: readonly string[]): Plan {
  const plan: Plan = new Map();
  for (const field of fields) {
    const parts = field.split('.');
    let node = plan;
    parts.forEach((part, i) => {
      if (i === parts.length - 1) node.set(part, true);
      else {
        const child = node.get(part);
        const sub: Plan = child instanceof Map ? child : new Map();
        node.set(part, sub);
        node = sub;
      }
    });
  }
  return plan;
}

const planCache = new WeakMap<readonly string[], Map<Projection | null, Plan>>();

/**
 * The inclusion plan for these schema fields and projection (cached per pair of objects).
 * Throws EveServerError where MongoDB would reject the resulting projection.
 *
 * @example
 * planProjection(['snr', 'bids_meta'], { 'bids_meta.Manufacturer': 1 })
 * // Map { '_id' → true, …, 'bids_meta' → Map { 'Manufacturer' → true } }
 */
export function planProjection(
  schemaFields: readonly string[],
  projection: Projection | null,
): Plan {
  let perSchema = planCache.get(schemaFields);
  if (!perSchema) {
    perSchema = new Map();
    planCache.set(schemaFields, perSchema);
  }
  let plan = perSchema.get(projection);
  if (!plan) {
    const fields = projectedFields(schemaFields, projection);
    checkForMongo(fields);
    plan = toPlan(fields);
    if (perSchema.size > 256) perSchema.clear();
    perSchema.set(projection, plan);
  }
  return plan;
}

/** MongoDB inclusion of sub-fields: documents keep the listed fields (even if then empty),
 *  arrays are projected element-wise (scalars dropped), scalars vanish. */
function projectValue(value: unknown, plan: Plan): unknown {
  if (Array.isArray(value)) {
    return value
      .filter((item) => Array.isArray(item) || isPlainObject(item))
      .map((item) => projectValue(item, plan));
  }
  if (!isPlainObject(value)) return undefined;
  return applyPlan(value, plan);
}

function applyPlan(doc: Record<string, unknown>, plan: Plan): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(doc)) {
    const rule = plan.get(key);
    if (rule === undefined) continue;
    const kept = rule === true ? value : projectValue(value, rule);
    if (kept !== undefined)
      Object.defineProperty(out, key, {
        value: kept,
        enumerable: true,
        writable: true,
        configurable: true,
      });
  }
  return out;
}

/**
 * The stored fields Eve returns for `doc` (eve-api.md 2.4, 3.4): only top-level schema fields
 * and `_id`, `_created`, `_updated`, `_etag`, in stored order, with the projection applied.
 * Values are shared with `doc` (do not mutate); dates stay Dates.
 *
 * @example
 * toOutputFields(doc, ['snr', 'bids_meta'], { snr: 1 }) // { _id, _created, _updated, _etag, snr }
 */
export function toOutputFields(
  doc: StoredDoc,
  schemaFields: readonly string[],
  projection: Projection | null,
): Record<string, unknown> {
  return applyPlan(doc, planProjection(schemaFields, projection));
}
