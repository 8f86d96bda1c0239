import { iqmsOf } from '../data/iqm-catalog.ts';

type Modality = 'T1w' | 'T2w' | 'bold';

/**
 * What a group file says about its modality. Structural (T1w, T2w) and functional (bold) IQMs
 * share some names (efc, fber, fwhm_*, size_*, summary_bg_*), so only the names one side has
 * count; T1w and T2w share every IQM, so the scan names' BIDS suffix tells them apart.
 */
export type FileModality =
  | { type: 'known'; modality: Modality; evidence: string[] }
  /** Structural IQMs, but the scan names don't say T1w or T2w. */
  | { type: 'structural'; evidence: string[] }
  | { type: 'unknown' };

const structuralNames = new Set(iqmsOf('T1w').map((i) => i.name));
const boldNames = new Set(iqmsOf('bold').map((i) => i.name));
const STRUCTURAL_ONLY = new Set([...structuralNames].filter((n) => !boldNames.has(n)));
const BOLD_ONLY = new Set([...boldNames].filter((n) => !structuralNames.has(n)));

/** The IQMs people know a modality by, named first when telling the user why. */
const TELLING = ['tsnr', 'fd_mean', 'dvars_std', 'gcor', 'cjv', 'cnr', 'snr_wm', 'wm2max'];

function tellingFirst(names: string[]): string[] {
  const rank = (name: string) => {
    const at = TELLING.indexOf(name);
    return at < 0 ? TELLING.length : at;
  };
  return [...names].sort((a, b) => rank(a) - rank(b));
}

/** The BIDS suffix of most scan names (`sub-01_T2w` → T2w), when most agree. */
function suffixOf(scans: readonly string[]): 'T1w' | 'T2w' | null {
  let t1 = 0;
  let t2 = 0;
  for (const name of scans) {
    if (/_T1w$/.test(name)) t1++;
    else if (/_T2w$/.test(name)) t2++;
  }
  if (t1 > scans.length / 2) return 'T1w';
  if (t2 > scans.length / 2) return 'T2w';
  return null;
}

/**
 * @example
 * detectFileModality(['tsnr', 'fd_mean'], ['sub-01_task-rest_bold']) // { type: 'known', modality: 'bold', evidence: ['tsnr', 'fd_mean'] }
 * detectFileModality(['cjv', 'efc'], ['sub-01_T2w']) // { type: 'known', modality: 'T2w', evidence: ['cjv'] }
 */
export function detectFileModality(
  iqms: readonly string[],
  scans: readonly string[],
): FileModality {
  const structural = tellingFirst(iqms.filter((n) => STRUCTURAL_ONLY.has(n)));
  const bold = tellingFirst(iqms.filter((n) => BOLD_ONLY.has(n)));
  if (bold.length > 0 && structural.length === 0) {
    return { type: 'known', modality: 'bold', evidence: bold };
  }
  if (structural.length > 0 && bold.length === 0) {
    const suffix = suffixOf(scans);
    return suffix
      ? { type: 'known', modality: suffix, evidence: structural }
      : { type: 'structural', evidence: structural };
  }
  return { type: 'unknown' };
}

/**
 * Why the file doesn't fit the crowd dataset, or null when it does (or can't be told).
 *
 * @example
 * modalityMismatch({ type: 'known', modality: 'bold', evidence: ['tsnr'] }, 'T1w')
 * // { fileModality: 'bold', message: 'This is a bold group file … the crowd dataset … is T1w …' }
 */
export function modalityMismatch(
  file: FileModality,
  crowd: Modality,
): { fileModality: Modality | 'structural'; message: string } | null {
  const fileModality =
    file.type === 'known' ? file.modality : file.type === 'structural' ? 'structural' : null;
  if (fileModality === null || fileModality === crowd) return null;
  if (fileModality === 'structural' && crowd !== 'bold') return null;
  const what = fileModality === 'structural' ? 'structural (T1w or T2w)' : fileModality;
  const evidence = file.type === 'unknown' ? [] : file.evidence.slice(0, 3);
  const because =
    fileModality === 'T1w' || fileModality === 'T2w'
      ? `its scan names end in _${fileModality}`
      : `it has ${what} IQM columns (${evidence.join(', ')})`;
  const suggest = fileModality === 'structural' ? 'T1w or T2w' : fileModality;
  return {
    fileModality,
    message:
      `This is a ${what} group file (${because}), but the crowd dataset you are viewing is ` +
      `${crowd}. Switch the Modality to ${suggest} and download or open those records to compare it.`,
  };
}
