import { describe, expect, it } from 'vitest';
import { AnswerTooLargeError, byteLimit, describeLimit } from './bounded-body.ts';
import { readBodyText, watchExchange } from './exchange.ts';

const MB = 1024 * 1024;

/** The request side's body reader with only a size cap (no timers). */
const readBoundedText = (response: Response, maxBytes: number) =>
  readBodyText(
    response,
    watchExchange('http://127.0.0.1/api/v1/T1w', {
      maxBytes,
      timeoutMs: Number.POSITIVE_INFINITY,
      inactivityMs: Number.POSITIVE_INFINITY,
    }),
  );

/**
 * A body of `total` bytes produced on demand in `chunk`-byte pieces, counting what the reader
 * pulled and whether it cancelled the rest: a 100 MB answer without allocating 100 MB.
 */
function streamedBody(total: number, chunk = 64 * 1024, fill = 0x61) {
  const seen = { pulled: 0, cancelled: false };
  const stream = new ReadableStream<Uint8Array>(
    {
      pull(controller) {
        const size = Math.min(chunk, total - seen.pulled);
        if (size <= 0) {
          controller.close();
          return;
        }
        seen.pulled += size;
        controller.enqueue(new Uint8Array(size).fill(fill));
      },
      cancel() {
        seen.cancelled = true;
      },
    },
    { highWaterMark: 0 },
  );
  return { response: new Response(stream), seen };
}

describe('readBodyText with maxBytes', () => {
  it('stops a 100 MB answer at the limit and cancels the rest', async () => {
    const { response, seen } = streamedBody(100 * MB);
    const error = await readBoundedText(response, MB).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AnswerTooLargeError);
    expect((error as AnswerTooLargeError).limitBytes).toBe(MB);
    expect((error as Error).message).toContain('larger than 1 MB');
    expect(seen.cancelled).toBe(true);
    // One chunk past the limit at most: the rest was never produced.
    expect(seen.pulled).toBeLessThanOrEqual(MB + 64 * 1024);
  });

  it('reads an answer of exactly the limit', async () => {
    const { response, seen } = streamedBody(MB, 1000);
    const text = await readBoundedText(response, MB);
    expect(text).toHaveLength(MB);
    expect(text).toBe('a'.repeat(MB));
    expect(seen.cancelled).toBe(false);
  });

  it('refuses a declared Content-Length over the limit before reading a byte', async () => {
    const { response, seen } = streamedBody(2 * MB);
    const declared = new Response(response.body, { headers: { 'Content-Length': String(2 * MB) } });
    await expect(readBoundedText(declared, MB)).rejects.toBeInstanceOf(AnswerTooLargeError);
    expect(seen.pulled).toBe(0);
  });

  it('decodes UTF-8 split across chunks as Response.text() does, BOM included', async () => {
    const text = '\uFEFF{"Manufacturer": "Siemens — Ørsted ✓ 𝛼"}';
    const bytes = new TextEncoder().encode(text);
    const stream = new ReadableStream<Uint8Array>({
      start(controller) {
        // One byte at a time: every multi-byte character is split.
        for (const byte of bytes) controller.enqueue(Uint8Array.of(byte));
        controller.close();
      },
    });
    expect(await readBoundedText(new Response(stream), MB)).toBe(await new Response(bytes).text());
  });

  it('reads an empty body', async () => {
    expect(await readBoundedText(new Response(null), MB)).toBe('');
    expect(await readBoundedText(new Response(''), MB)).toBe('');
  });

  it('passes a failure of the stream on unchanged', async () => {
    const failure = new TypeError('network error');
    const stream = new ReadableStream<Uint8Array>({
      start(controller) {
        controller.enqueue(Uint8Array.of(0x7b));
        controller.error(failure);
      },
    });
    await expect(readBoundedText(new Response(stream), MB)).rejects.toBe(failure);
  });
});

describe('describeLimit', () => {
  it('says the limit in MB or KB', () => {
    expect(describeLimit(MB)).toBe('1 MB');
    expect(describeLimit(8 * MB)).toBe('8 MB');
    expect(describeLimit(1.5 * MB)).toBe('1.5 MB');
    expect(describeLimit(256 * 1024)).toBe('256 KB');
  });
});

describe('byteLimit', () => {
  it('lets chunks through up to the limit and throws on the one past it', () => {
    const count = byteLimit(10);
    count(new Uint8Array(4));
    count(new Uint8Array(6));
    expect(() => count(new Uint8Array(1))).toThrow(AnswerTooLargeError);
  });
});
