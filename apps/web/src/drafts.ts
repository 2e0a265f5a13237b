// Drafts of the report form live in localStorage, so an expired session, a closed tab or a crash
// does not lose what a unit typed; each account, task and period has its own, cleared on submission.
const PREFIX = 'ledger.draft';

/** The key of one draft: whose it is and what it reports on. */
export const draftKeyOf = (username: string, taskId: string, period: string) => `${PREFIX}:${username}:${taskId}:${period}`;

export function readDraft<T>(key: string): T | undefined {
  try {
    const stored = window.localStorage.getItem(key);
    return stored ? (JSON.parse(stored) as T) : undefined;
  } catch {
    return undefined;
  }
}

export function writeDraft(key: string, value: unknown): void {
  try {
    window.localStorage.setItem(key, JSON.stringify(value));
  } catch {
    // A full or disabled storage only costs the draft, never the form.
  }
}

export function clearDraft(key: string): void {
  try {
    window.localStorage.removeItem(key);
  } catch {
    // As above.
  }
}
