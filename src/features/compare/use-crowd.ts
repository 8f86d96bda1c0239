import { useEffect, useMemo, useState } from 'react';
import {
  CROWD_PARAMS,
  type CrowdChoice,
  compareVersions,
  crowdChoiceParams,
  crowdViewSpec,
  MAKER_FIELD,
  parseCrowdChoice,
  TESLA_FIELD,
  VERSION_FIELD,
} from '../../compare/crowd-spec.ts';
import { useDataset } from '../../dataset-view/dataset-context.tsx';
import type { Frame } from '../../frame/frame.ts';
import { countValues } from '../../frame/value-counts.ts';
import { useUrlSpec } from '../../lib/use-url-spec.ts';
import { useFrameView } from '../../queries/use-frame-view.ts';

const OWNED = new Set<string>(CROWD_PARAMS);

/** Values a match can take, as stored; null = the dataset has no such field. */
export interface CrowdOptions {
  makers: string[] | null;
  teslas: string[] | null;
  /** In release order. */
  versions: string[] | null;
}

/** More distinct values than this and the field is not offered as a match (not a category). */
const MAX_VALUES = 200;

async function valuesOf(frame: Frame, field: string): Promise<string[] | null> {
  if (!frame.has(field)) return null;
  const counts = countValues(await frame.load(field), MAX_VALUES);
  return counts ? counts.values.filter((v) => v.count > 0).map((v) => v.value) : null;
}

/**
 * The crowd the comparison uses: the choice from the URL, the values it can match on, and the
 * crowd's rows (the table's dedup and filters machinery, through the same view cache).
 */
export function useCrowd() {
  const { datasetKey, frame, spec } = useDataset();
  const { spec: asked, update } = useUrlSpec(parseCrowdChoice, crowdChoiceParams, OWNED);
  const [options, setOptions] = useState<{ frame: Frame; options: CrowdOptions } | null>(null);
  useEffect(() => {
    if (!frame) return;
    let live = true;
    Promise.all([
      valuesOf(frame, MAKER_FIELD),
      valuesOf(frame, TESLA_FIELD),
      valuesOf(frame, VERSION_FIELD),
    ]).then(
      ([makers, teslas, versions]) => {
        if (!live) return;
        setOptions({
          frame,
          options: {
            makers: makers?.sort((a, b) => a.localeCompare(b)) ?? null,
            teslas: teslas?.sort((a, b) => Number(a) - Number(b)) ?? null,
            versions: versions?.sort(compareVersions) ?? null,
          },
        });
      },
      // A field that can't be read is not offered as a match; the crowd still works.
      () => live && setOptions({ frame, options: { makers: null, teslas: null, versions: null } }),
    );
    return () => {
      live = false;
    };
  }, [frame]);
  const ready = options && options.frame === frame ? options.options : null;
  // A match on a field the dataset lacks (a link from another dataset) is dropped, not failed.
  const choice = useMemo<CrowdChoice>(
    () => ({
      ...asked,
      maker: ready?.makers ? asked.maker : null,
      tesla: ready?.teslas ? asked.tesla : null,
      versionFrom: ready?.versions ? asked.versionFrom : null,
      versionTo: ready?.versions ? asked.versionTo : null,
    }),
    [asked, ready],
  );
  const crowdSpec = useMemo(
    () => crowdViewSpec(spec, choice, ready?.versions ?? []),
    [spec, choice, ready],
  );
  const { view, pending, error } = useFrameView(datasetKey, ready ? frame : null, crowdSpec);
  return {
    choice,
    update,
    options: ready,
    view,
    pending,
    error,
    tableFilters: spec.filters.length,
  };
}
