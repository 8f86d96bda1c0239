import { sha256Hex } from './hex.ts';

/**
 * sha256 digests of subject/session labels, one string per distinct label, shared by all
 * collections of a database. Records keep a small integer code; the same label ("01") hashes
 * to the same id in every study, which is why real subject_ids repeat across datasets.
 *
 * @example
 * const labels = new LabelHashes();
 * const code = labels.code('1');
 * labels.hash(code) // '6b86b273ff34fce19d6b804eff5a3f5747ada4eaa22f1d49c01e52ddb7875b4b'
 */
export class LabelHashes {
  private readonly codes = new Map<string, number>();
  private readonly hashes: string[] = [];

  code(label: string): number {
    let code = this.codes.get(label);
    if (code === undefined) {
      code = this.hashes.length;
      this.codes.set(label, code);
      this.hashes.push(sha256Hex(label));
    }
    return code;
  }

  hash(code: number): string {
    return this.hashes[code] as string;
  }

  get size(): number {
    return this.hashes.length;
  }
}
