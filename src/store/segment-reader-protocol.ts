/** Messages between the page's segment readers (segment-readers.ts) and each reader worker. */
export type ToReader = { id: number; dir: string; name: string };

export type FromReader =
  | { id: number; bytes: Uint8Array }
  | { id: number; error: { name: string; message: string } };
