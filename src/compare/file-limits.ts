/**
 * The largest group file the compare view reads: 20 MB. MRIQC writes about 1.1 KB per T1w scan
 * and 0.8 KB per bold run, so 20 MB is some 18,000 T1w scans, more than any single study's
 * group file; a bigger file is far more often the wrong file (a whole crowd export, a log).
 * Refusing by `File.size` costs nothing, while reading it would hold the text, its parse and
 * its columns in memory at once.
 */
export const MAX_GROUP_FILE_BYTES = 20 * 1024 * 1024;

function megabytes(bytes: number): string {
  return `${(bytes / (1024 * 1024)).toFixed(1)} MB`;
}

/**
 * @example
 * tooLargeMessage(50 * 1024 * 1024) // 'This file is 50.0 MB; the comparison reads group files up to 20 MB …'
 */
export function tooLargeMessage(bytes: number): string {
  return (
    `This file is ${megabytes(bytes)}; the comparison reads group files up to ` +
    `${megabytes(MAX_GROUP_FILE_BYTES).replace('.0', '')} (about 18,000 scans). ` +
    'Split it into smaller files (for example one per session or site) and compare each.'
  );
}
