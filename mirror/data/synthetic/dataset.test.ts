import { beforeAll, describe, expect, it } from 'vitest';
import { bsonTypeOf } from '../../query/bson-type.ts';
import { ObjectId } from '../object-id.ts';
import type { Collection, Database, StoredDoc } from '../types.ts';
import { generateDatabase } from './dataset.ts';
import { loadReferenceData, type Modality } from './reference-data.ts';
import { FIRST_UPLOAD, LAST_UPLOAD } from './study.ts';

const ref = loadReferenceData();
const MODALITIES: Modality[] = ['T1w', 'T2w', 'bold'];
const HEX64 = /^[0-9a-f]{64}$/;

function docs(c: Collection): StoredDoc[] {
  return Array.from({ length: c.size }, (_, i) => c.docAt(i));
}

/** A document as it goes over the wire (ObjectId and Date serialise to hex and ISO). */
function wire(c: Collection): string[] {
  return docs(c).map((d) => JSON.stringify(d));
}

type Doc = StoredDoc & {
  bids_meta: Record<string, unknown>;
  provenance: {
    md5sum: string;
    version: string;
    software: string;
    settings?: Record<string, unknown>;
  };
};

describe('generateDatabase: determinism', () => {
  it('gives byte-identical documents for a seed, and different ones for another seed', () => {
    const records = { T1w: 1500, T2w: 300, bold: 1500 };
    const a = generateDatabase({ records, seed: 7 });
    const b = generateDatabase({ records, seed: 7 });
    const c = generateDatabase({ records, seed: 8 });
    for (const m of MODALITIES) {
      expect(wire(b[m])).toEqual(wire(a[m]));
      expect(wire(c[m])[0]).not.toEqual(wire(a[m])[0]);
    }
  });

  it('keeps a modality unchanged when another modality’s count changes', () => {
    const a = generateDatabase({ records: { T1w: 800, bold: 100 }, seed: 3 });
    const b = generateDatabase({ records: { T1w: 800, bold: 2000 }, seed: 3 });
    expect(wire(b.T1w)).toEqual(wire(a.T1w));
  });

  it('has every collection, empty where not asked for', () => {
    const db = generateDatabase({ records: { bold: 10 }, seed: 1 });
    expect([
      db.bold.size,
      db.T1w.size,
      db.T2w.size,
      db.rating.size,
      db.nipype_telemetry.size,
    ]).toEqual([10, 0, 0, 0, 0]);
  });
});

describe('generateDatabase: 20,000 records per modality', () => {
  let db: Database;
  const all: Record<Modality, Doc[]> = { T1w: [], T2w: [], bold: [] };
  beforeAll(() => {
    db = generateDatabase({ records: { T1w: 20_000, T2w: 2_000, bold: 20_000 }, seed: 42 });
    for (const m of MODALITIES) all[m] = docs(db[m]) as Doc[];
  });

  // Checks over every document collect failures and assert once: expect() per value is slow.
  it.each(MODALITIES)('%s: every schema IQM is present with its BSON type', (m) => {
    const bad: string[] = [];
    for (const d of all[m]) {
      for (const field of ref.iqms[m]) {
        const value = d[field.name];
        if (value === undefined && !field.required) continue;
        // A float field holds doubles, whole ones too (`size_t: 120.0`); an integer field ints.
        const ok =
          Number.isFinite(Number(value)) &&
          bsonTypeOf(value) === (field.type === 'integer' ? 'int' : 'double');
        if (!ok) bad.push(`${d._id.hex} ${field.name}=${value}`);
      }
    }
    expect(bad.slice(0, 5)).toEqual([]);
  });

  it.each(MODALITIES)('%s: bids_meta and provenance hold their required keys', (m) => {
    const bad = all[m].filter(
      (d) =>
        d.bids_meta.modality !== m ||
        !HEX64.test(String(d.bids_meta.subject_id)) ||
        (d.bids_meta.session_id !== undefined && !HEX64.test(String(d.bids_meta.session_id))) ||
        (m === 'bold' && typeof d.bids_meta.TaskName !== 'string') ||
        !/^[0-9a-f]{32}$/.test(d.provenance.md5sum) ||
        d.provenance.software !== 'mriqc' ||
        typeof d.provenance.version !== 'string' ||
        !/^[0-9a-f]{40}$/.test(d._etag),
    );
    expect(bad.slice(0, 3)).toEqual([]);
  });

  it.each(MODALITIES)('%s: ids are unique ObjectIds, ascending, stamped with _created', (m) => {
    const bad: string[] = [];
    let previous = '';
    for (const [i, d] of all[m].entries()) {
      const created = d._created.getTime();
      const ok =
        d._id instanceof ObjectId &&
        d._id.hex > previous &&
        db[m].idAt(i) === d._id.hex &&
        d._id.seconds * 1000 === created &&
        d._updated.getTime() === created &&
        created >= FIRST_UPLOAD * 1000 &&
        created < LAST_UPLOAD * 1000;
      if (!ok) bad.push(`${i}: ${d._id.hex} ${d._created.toISOString()}`);
      previous = d._id.hex;
    }
    expect(bad.slice(0, 5)).toEqual([]);
  });

  it('lowerBound finds every id without building documents', () => {
    const c = db.T1w;
    for (const i of [0, 1, 777, 12_345, c.size - 1]) expect(c.lowerBound(c.idAt(i))).toBe(i);
    expect(c.lowerBound('ffffffffffffffffffffffff')).toBe(c.size);
  });

  it('keeps _id first and the server fields last, like MongoDB stores uploads', () => {
    const keys = Object.keys(all.bold[0] as Doc);
    expect(keys[0]).toBe('_id');
    expect(keys.slice(-5)).toEqual(['bids_meta', 'provenance', '_created', '_updated', '_etag']);
    expect(keys.slice(1, -5)).toEqual(ref.iqms.bold.map((f) => f.name));
  });

  it.each(['T1w', 'bold'] as const)(
    '%s: a quarter of records are re-uploads in md5sum groups of 2–3',
    (m) => {
      const groups = new Map<string, Doc[]>();
      for (const d of all[m])
        groups.set(d.provenance.md5sum, [...(groups.get(d.provenance.md5sum) ?? []), d]);
      const grouped = [...groups.values()].filter((g) => g.length > 1);
      const share = grouped.reduce((n, g) => n + g.length, 0) / all[m].length;
      expect(share).toBeGreaterThan(0.22);
      expect(share).toBeLessThan(0.28);
      const strip = ({ _id, _created, _updated, _etag, ...rest }: Doc) => JSON.stringify(rest);
      const bad = grouped.filter((g) => {
        const times = g.map((d) => d._created.getTime() / 1000).sort((a, b) => a - b);
        const gaps = times.slice(1).map((t, k) => t - (times[k] as number));
        return (
          g.length > 3 ||
          new Set(g.map(strip)).size !== 1 ||
          new Set(g.map((d) => d._etag)).size !== g.length ||
          // Re-uploads come hours to days after the first upload.
          gaps.some((gap) => gap < 3600 - 600) ||
          (times[times.length - 1] as number) - (times[0] as number) > 15 * 86_400
        );
      });
      expect(bad.length).toBe(0);
    },
  );

  // Share of records at or below the real median: 0.5 for a faithful distribution.
  it.each([
    ['T1w', ['cjv', 'cnr', 'efc', 'fber', 'snr_total', 'qi_2']],
    ['bold', ['aor', 'tsnr', 'fd_mean', 'fber', 'snr', 'gcor']],
  ] as const)('%s: medians follow field-stats.json', (m, fields) => {
    for (const field of fields) {
      const stats = ref.iqmStats[m][field];
      if (!stats) throw new Error(`no stats for ${field}`);
      const values = all[m].map((d) => d[field] as number).sort((a, b) => a - b);
      const below = values.filter((v) => v <= stats.median).length / values.length;
      expect(below, field).toBeGreaterThan(0.42);
      expect(below, field).toBeLessThan(0.58);
      const median = values[values.length >> 1] as number;
      expect(Math.abs(median - stats.median), field).toBeLessThan(0.25 * (stats.p75 - stats.p25));
    }
  });

  it('keeps integer-valued IQMs whole and cross-field rules true', () => {
    const n = (d: Doc, f: string) => Number(d[f]);
    const badBold = all.bold.filter(
      (d) =>
        !['size_t', 'size_x', 'fd_num', 'summary_fg_n', 'dummy_trs'].every((f) =>
          Number.isInteger(n(d, f)),
        ) ||
        Math.abs(n(d, 'fd_perc') - (n(d, 'fd_num') * 100) / n(d, 'size_t')) > 1e-9 ||
        (d.bids_meta.RepetitionTime !== undefined &&
          n(d, 'spacing_tr') !== Number(d.bids_meta.RepetitionTime)),
    );
    const badT1w = all.T1w.filter(
      (d) =>
        Math.abs(n(d, 'icvs_csf') + n(d, 'icvs_gm') + n(d, 'icvs_wm') - 1) > 1e-9 ||
        n(d, 'summary_gm_p05') > n(d, 'summary_gm_p95') ||
        Math.abs(n(d, 'fwhm_avg') - (n(d, 'fwhm_x') + n(d, 'fwhm_y') + n(d, 'fwhm_z')) / 3) > 1e-9,
    );
    expect([badBold.length, badT1w.length]).toEqual([0, 0]);
  });

  it('has fber sentinels: 0 before MRIQC 22, -1 after', () => {
    const sentinels = [...all.T1w, ...all.bold].filter((d) => Number(d.fber) <= 0);
    expect(sentinels.length).toBeGreaterThan(0);
    expect(sentinels.length / 40_000).toBeLessThan(0.01);
    expect(new Set(sentinels.map((d) => Number(d.fber)))).toEqual(new Set([0, -1]));
  });

  it('stores bids_meta numbers with their real types: RepetitionTime 2.0, FlipAngle 90, and MagneticFieldStrength 3 (2017) or 3.0', () => {
    const types = (key: string) =>
      new Set(
        [...all.T1w, ...all.bold]
          .map((d) => d.bids_meta[key])
          .filter((v) => v !== undefined)
          .map(bsonTypeOf),
      );
    expect(types('RepetitionTime')).toEqual(new Set(['double']));
    expect(types('EchoTime')).toEqual(new Set(['double']));
    expect(types('FlipAngle')).toEqual(new Set(['int']));
    expect(types('MagneticFieldStrength')).toEqual(new Set(['int', 'double']));
    const fdThres = all.bold
      .map((d) => d.provenance.settings?.fd_thres)
      .filter((v) => v !== undefined);
    expect(new Set(fdThres.map(bsonTypeOf))).toEqual(new Set(['double']));
  });

  it('reproduces the type and value quirks of real bids_meta', () => {
    const bold = all.bold.map((d) => d.bids_meta);
    const runIds = new Set(bold.map((b) => b.run_id).filter((r) => r !== undefined));
    expect(runIds.has('1') && runIds.has('01')).toBe(true);
    const serials = bold.map((b) => b.DeviceSerialNumber).filter((s) => s !== undefined);
    expect(serials.every((s) => typeof s === 'string')).toBe(true);
    expect(
      serials.some((s) => /^\d+$/.test(s as string)) &&
        serials.some((s) => !/^\d+$/.test(s as string)),
    ).toBe(true);
    expect(bold.some((b) => b.CogAtlasID === 'TODO')).toBe(true);
    const withImageType = [...all.T1w, ...all.bold].filter(
      (d) => d.bids_meta.ImageType !== undefined,
    );
    expect(withImageType.length).toBeGreaterThan(0);
    for (const d of withImageType) {
      expect(Array.isArray(d.bids_meta.ImageType)).toBe(true);
      expect(
        Number.parseInt(d.provenance.version, 10) >= 22 || !/^\d+\.\d+/.test(d.provenance.version),
      ).toBe(true);
    }
    const known = new Set(Object.keys(ref.boldBidsMeta));
    expect(bold.some((b) => Object.keys(b).some((k) => !known.has(k) && k !== 'ImageType'))).toBe(
      true,
    );
  });

  it('hashes subject and session labels (sha256("1") is the commonest session)', () => {
    const counts = new Map<unknown, number>();
    for (const d of all.bold)
      counts.set(d.bids_meta.session_id, (counts.get(d.bids_meta.session_id) ?? 0) + 1);
    counts.delete(undefined);
    const top = [...counts].sort((a, b) => b[1] - a[1])[0]?.[0];
    expect(top).toBe('6b86b273ff34fce19d6b804eff5a3f5747ada4eaa22f1d49c01e52ddb7875b4b');
    const present =
      all.bold.filter((d) => d.bids_meta.session_id !== undefined).length / all.bold.length;
    expect(present).toBeGreaterThan(0.2);
    expect(present).toBeLessThan(0.6);
  });

  it('uses versions released before the upload, plus a few odd strings', () => {
    const tags = new Map(ref.versionTags.map((t) => [t.tag, Date.parse(t.date)]));
    const odd = new Set<string>();
    const early: string[] = [];
    for (const d of [...all.T1w, ...all.bold]) {
      const released = tags.get(d.provenance.version);
      if (released === undefined) odd.add(d.provenance.version);
      else if (released > d._created.getTime())
        early.push(`${d.provenance.version} ${d._created.toISOString()}`);
    }
    expect(early.slice(0, 3)).toEqual([]);
    expect([...odd].some((v) => /^[0-9a-f]{40}$/.test(v))).toBe(true);
    const settings = new Set(
      all.bold.map((d) => Object.keys(d.provenance.settings ?? {}).join(',')),
    );
    expect(settings).toEqual(
      new Set(['fd_thres,testing', 'fd_thres,hmc_fsl', 'fd_thres,hmc_fsl,testing']),
    );
  });

  it('uploads grow over the years', () => {
    const perYear = (y: number) => all.bold.filter((d) => d._created.getUTCFullYear() === y).length;
    expect(perYear(2025)).toBeGreaterThan(perYear(2018));
  });

  it('never hands out shared arrays', () => {
    const i = all.T1w.findIndex((d) => Array.isArray(d.bids_meta.ImageType));
    const a = db.T1w.docAt(i) as Doc;
    const b = db.T1w.docAt(i) as Doc;
    expect(a.bids_meta.ImageType).toEqual(b.bids_meta.ImageType);
    expect(a.bids_meta.ImageType).not.toBe(b.bids_meta.ImageType);
  });
});

describe('generated collections accept inserts', () => {
  it('places a POSTed document at its _id among generated ones', () => {
    const db = generateDatabase({ records: { T1w: 500 }, seed: 5 });
    const c = db.T1w;
    const mid = c.docAt(250);
    const at = new Date(mid._created.getTime());
    const posted = {
      _id: ObjectId.fromTime(mid._id.seconds, 0),
      _created: at,
      _updated: at,
      _etag: 'f'.repeat(40),
      note: 'posted',
    };
    c.insert([posted]);
    expect([c.size, c.version]).toEqual([501, 1]);
    const pos = c.lowerBound(posted._id.hex);
    expect(c.docAt(pos).note).toBe('posted');
    expect(c.idAt(pos + 1)).toBe(mid._id.hex);
    const sorted = Array.from({ length: c.size }, (_, i) => c.idAt(i));
    expect(sorted).toEqual([...sorted].sort());
    expect(() => c.insert([{ ...posted, _id: mid._id }])).toThrow(/duplicate _id/);
  });
});
