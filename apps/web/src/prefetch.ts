/**
 * The first page's data, asked for while the page's code is still on its way. A page is a lazily
 * loaded chunk: left to itself it would ask the API only once that chunk has arrived and rendered,
 * on a slow link most of a second after the shell could have asked. The shell starts the request
 * for the first page it shows (and only the first: on later navigations the page's code is usually
 * loaded and asks at once), and the page takes the answer on its first load, once.
 */
interface Pending {
  answer: Promise<unknown>;
  at: number;
}

/** An answer older than this is not taken: the page asks again rather than show stale figures. */
export const PREFETCH_FRESH_MS = 10_000;

const pending = new Map<string, Pending>();
let firstPageStarted = false;

/** Starts `load` under `key` unless it is already under way. */
export function prefetch(key: string, load: () => Promise<unknown>, now = Date.now()): void {
  if (pending.has(key)) return;
  const answer = load();
  // A failure is the page's to report when it takes the answer; unhandled here it would be logged twice.
  answer.catch(() => undefined);
  pending.set(key, { answer, at: now });
}

/** The answer started under `key`, if it is fresh; a key is taken once. */
export function takePrefetched<T>(key: string, now = Date.now()): Promise<T> | undefined {
  const found = pending.get(key);
  pending.delete(key);
  return found && now - found.at <= PREFETCH_FRESH_MS ? (found.answer as Promise<T>) : undefined;
}

/** Runs `start` for the first page the console shows, and never again. */
export function prefetchFirstPage(start: () => void): void {
  if (firstPageStarted) return;
  firstPageStarted = true;
  start();
}
