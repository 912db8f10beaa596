// readBounded: a response body read whole within a byte bound, the stream cancelled past it.
import { describe, expect, it } from 'vitest';
import { readBounded } from '../src/index.js';

/** A Response whose body arrives in these chunks, noting whether the stream was cancelled. */
function chunked(chunks: readonly number[][]): { response: Response; cancelled: () => boolean } {
  let cancelled = false;
  let next = 0;
  const body = new ReadableStream<Uint8Array>({
    pull(controller) {
      const chunk = chunks[next++];
      if (chunk === undefined) controller.close();
      else controller.enqueue(new Uint8Array(chunk));
    },
    cancel() {
      cancelled = true;
    },
  });
  return { response: new Response(body), cancelled: () => cancelled };
}

describe('readBounded', () => {
  it.each([
    { name: 'one chunk under the limit', chunks: [[1, 2, 3]], limit: 4, want: [1, 2, 3] },
    {
      name: 'chunks exactly at the limit, joined in order',
      chunks: [[1, 2], [3], [4, 5]],
      limit: 5,
      want: [1, 2, 3, 4, 5],
    },
    { name: 'no chunks', chunks: [], limit: 0, want: [] },
    { name: 'an empty chunk at a limit of 0', chunks: [[]], limit: 0, want: [] },
  ])('gives the bytes of $name', async ({ chunks, limit, want }) => {
    const { response, cancelled } = chunked(chunks);
    expect([...((await readBounded(response, limit)) ?? [-1])]).toEqual(want);
    expect(cancelled()).toBe(false);
  });

  it.each([
    { name: 'one byte past the limit', chunks: [[1, 2, 3]], limit: 2 },
    { name: 'past the limit in a later chunk', chunks: [[1, 2], [3, 4], [5]], limit: 3 },
  ])('gives undefined and cancels the stream, $name', async ({ chunks, limit }) => {
    const { response, cancelled } = chunked(chunks);
    expect(await readBounded(response, limit)).toBeUndefined();
    expect(cancelled()).toBe(true);
  });

  it('gives no bytes for a response without a body', async () => {
    const bytes = await readBounded(new Response(null, { status: 204 }), 10);
    expect(bytes).toBeInstanceOf(Uint8Array);
    expect(bytes?.byteLength).toBe(0);
  });

  it('rejects with the stream error of a body cut mid-way', async () => {
    const body = new ReadableStream<Uint8Array>({
      start(controller) {
        controller.enqueue(new Uint8Array([1]));
        controller.error(new Error('socket hang up'));
      },
    });
    await expect(readBounded(new Response(body), 10)).rejects.toThrow('socket hang up');
  });
});
