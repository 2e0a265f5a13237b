/** Where a tab keeps its sign-in (sessionStorage): the console's session and the first view read it. */
export const SESSION_STORAGE_KEY = 'ledger.session';
