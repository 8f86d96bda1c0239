import { MAX_GROUP_FILE_BYTES, tooLargeMessage } from './file-limits.ts';
import { type GroupFileResult, parseGroupFile } from './parse-group-file.ts';

/**
 * The user's group file, read and parsed; too large a file is refused by its size, before
 * reading (a 2 GB file is never read into memory).
 *
 * @example
 * await readGroupFile(new File(['bids_name\tcjv\nsub-01_T1w\t0.4\n'], 'group_T1w.tsv')) // { type: 'ok', … }
 */
export async function readGroupFile(file: Blob): Promise<GroupFileResult> {
  if (file.size > MAX_GROUP_FILE_BYTES) {
    return { type: 'error', code: 'too-large', message: tooLargeMessage(file.size) };
  }
  return parseGroupFile(await file.text());
}
