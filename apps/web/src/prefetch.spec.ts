import { PREFETCH_FRESH_MS, prefetch, prefetchFirstPage, takePrefetched } from './prefetch';

describe('prefetch', () => {
  it('hands the started answer to the first taker only', async () => {
    let calls = 0;
    prefetch('a', async () => ++calls, 1_000);
    prefetch('a', async () => ++calls, 1_001);
    expect(calls).toBe(1);
    await expect(takePrefetched('a', 1_002)).resolves.toBe(1);
    expect(takePrefetched('a', 1_003)).toBeUndefined();
  });

  it('does not hand over an answer older than the freshness limit', () => {
    prefetch('b', async () => 'old', 0);
    expect(takePrefetched('b', PREFETCH_FRESH_MS + 1)).toBeUndefined();
  });

  it('keeps a failure for the taker, not as an unhandled rejection', async () => {
    prefetch('c', () => Promise.reject(new Error('refused')), 0);
    await expect(takePrefetched('c', 1)).rejects.toThrow('refused');
  });

  it('starts the first page only once', () => {
    const started: string[] = [];
    prefetchFirstPage(() => started.push('first'));
    prefetchFirstPage(() => started.push('second'));
    expect(started).toEqual(['first']);
  });
});
