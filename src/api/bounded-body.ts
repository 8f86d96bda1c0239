/**
 * The answer was longer than the caller allows: reading stopped there and the rest was
 * cancelled, so the connection closes instead of delivering it.
 */
export class AnswerTooLargeError extends Error {
  override readonly name = 'AnswerTooLargeError';
  readonly limitBytes: number;

  constructor(limitBytes: number) {
    super(
      `The server's answer is larger than ${describeLimit(limitBytes)}: reading stopped there.`,
    );
    this.limitBytes = limitBytes;
  }
}

/** Throws (and cancels the body) when the Content-Length header already says too much. */
export async function refuseDeclaredSize(response: Response, maxBytes: number): Promise<void> {
  if (Number(response.headers.get('content-length')) > maxBytes) {
    await response.body?.cancel().catch(() => {});
    throw new AnswerTooLargeError(maxBytes);
  }
}

/**
 * A running count of a body's chunks that throws AnswerTooLargeError past `maxBytes`: for any
 * stream reader (cancel the reader when it throws).
 * @example const count = byteLimit(1024); count(chunk); // throws once 1,024 bytes are passed
 */
export function byteLimit(maxBytes: number): (chunk: Uint8Array) => void {
  let read = 0;
  return (chunk) => {
    read += chunk.byteLength;
    if (read > maxBytes) throw new AnswerTooLargeError(maxBytes);
  };
}

/** @example describeLimit(1024 * 1024) // '1 MB' */
export function describeLimit(bytes: number): string {
  const mb = bytes / (1024 * 1024);
  return mb >= 1 ? `${Number(mb.toFixed(1))} MB` : `${Math.ceil(bytes / 1024)} KB`;
}
