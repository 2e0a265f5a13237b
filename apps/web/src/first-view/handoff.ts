/**
 * What the first view (boot.ts) hands the console: the answers it asked for, so the console
 * takes them instead of asking again, and the view itself, which the console removes once its
 * own page stands. Shared through one global: boot.ts is a separate script that runs before the
 * console's modules, and neither can import the other at run time.
 */
export interface FirstViewAnswers {
  /** Each answer, or undefined when the API refused it (the console then asks itself, and says why). */
  dashboard?: Promise<unknown>;
  units?: Promise<unknown>;
  /** Settles once the first view is on screen, or is known not to be drawn (a refusal). */
  drawn?: Promise<void>;
  /** Set once the console has its own page up: an answer arriving later draws nothing. */
  released?: boolean;
}

/** The element the first view draws in, over the console's root. */
export const FIRST_VIEW_ID = 'first-view';

const GLOBAL = '__ledgerFirstView';

type WithAnswers = { [GLOBAL]?: FirstViewAnswers };

export function handOver(answers: FirstViewAnswers): void {
  Object.assign(((globalThis as WithAnswers)[GLOBAL] ??= {}), answers);
}

/** The first view's answer under `key`, taken once: a later load of the same page asks the API. */
export function takeFirstViewAnswer<T>(key: 'dashboard' | 'units'): Promise<T | undefined> | undefined {
  const answers = (globalThis as WithAnswers)[GLOBAL];
  const answer = answers?.[key];
  if (answers) delete answers[key];
  return answer as Promise<T | undefined> | undefined;
}

/** The first view's answer under `key` if it has one, otherwise (or if the API refused it) `ask`'s. */
export async function firstViewAnswerOr<T>(key: 'dashboard' | 'units', ask: () => Promise<T>): Promise<T> {
  return (await takeFirstViewAnswer<T>(key)) ?? ask();
}

/**
 * Waits, at most `capMs`, for the first view to be on screen. The console starts its page only
 * then: started before, its seconds of work on a slow desktop would hold the view's frame back
 * (one main thread). Its own page needs the same answer, so the wait costs it next to nothing.
 */
export function firstViewDrawn(capMs: number): Promise<void> {
  const drawn = (globalThis as WithAnswers)[GLOBAL]?.drawn;
  if (!drawn) return Promise.resolve();
  return new Promise<void>((resolve) => {
    const cap = setTimeout(resolve, capMs);
    const done = () => {
      clearTimeout(cap);
      resolve();
    };
    drawn.then(done, done);
  });
}

export function firstViewReleased(): boolean {
  return (globalThis as WithAnswers)[GLOBAL]?.released === true;
}

/** Removes the first view, if it is drawn, and gives the console back to the keyboard and readers. */
export function releaseFirstView(): void {
  const document = (globalThis as { document?: Document }).document;
  ((globalThis as WithAnswers)[GLOBAL] ??= {}).released = true;
  if (!document) return;
  document.getElementById(FIRST_VIEW_ID)?.remove();
  const root = document.getElementById('root');
  if (root) root.inert = false;
}
