import { describe, expect, it } from 'vitest';
import { fieldCatalogue } from '../../src/api/field-catalogue.ts';
import { SCHEMAS, type Schema } from './schema.ts';

/**
 * The app's filter builder types its fields from src/data/record-fields.json; the mirror
 * validates uploads with the Eve schema. The two must agree, or the builder would send "3" as
 * text to a number field and match nothing. (Here, not in src/: src/ may not import the mirror.)
 */
describe('the filter builder catalogue and the Eve schema', () => {
  it("types every field as the mirror's Eve schema does", () => {
    // The mirror validates uploads with the schema of nipreps/mriqcwebapi: a number field there
    // must get number input here, or "3" would be sent as text and match nothing.
    const expected: [string, string][] = [];
    const walk = (prefix: string, schema: Schema) => {
      for (const [key, rule] of Object.entries(schema)) {
        if (rule.type === 'dict' && rule.schema) walk(`${prefix}${key}.`, rule.schema);
        else expected.push([`${prefix}${key}`, rule.type]);
      }
    };
    walk('', SCHEMAS.bold);
    const asCatalogue = { float: 'number', integer: 'number', string: 'text', boolean: 'boolean' };
    const wanted = expected
      .filter(
        ([path]) =>
          !path.startsWith('rating.') && !['_id', '_created', '_updated', '_etag'].includes(path),
      )
      .map(([path, type]) => [path, asCatalogue[type as keyof typeof asCatalogue]]);
    const catalogue = fieldCatalogue('bold').map((field) => [field.path, field.type]);
    expect(wanted.length).toBeGreaterThan(100);
    expect(catalogue.sort()).toEqual(wanted.sort());
  });
});
