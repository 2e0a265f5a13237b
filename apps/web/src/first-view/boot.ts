import type { Dashboard, Unit } from '../api';
import { SESSION_STORAGE_KEY } from '../session-key';
import { FIRST_VIEW_ID, firstViewReleased, handOver } from './handoff';
import { FIRST_VIEW_CSS, firstViewHtml } from './render';

// A plain deferred script, run before the console's modules (which are seconds of work on a slow
// desktop): on a cold load of the dashboard with a session, it asks for the dashboard and draws
// its first view as soon as the answer is in, and the console starts once that frame is painted.
// Anything else, or any refusal, and it draws nothing: the console answers as it always does.

function signedInToken(): string | undefined {
  try {
    const stored = JSON.parse(window.sessionStorage.getItem(SESSION_STORAGE_KEY) ?? 'null') as { accessToken?: string } | null;
    return stored?.accessToken || undefined;
  } catch {
    return undefined;
  }
}

function ask<T>(path: string, token: string): Promise<T | undefined> {
  return fetch(path, { headers: { authorization: `Bearer ${token}` } }).then(
    (response) => (response.ok ? (response.json() as Promise<T>) : undefined),
    () => undefined,
  );
}

function draw(dashboard: Dashboard, units: Unit[] | undefined): void {
  // The console has its own page up already (a fast desktop): nothing to cover.
  const root = document.getElementById('root');
  if (!root || firstViewReleased()) return;
  const names = new Map((units ?? []).map((unit) => [unit.id, unit.name]));
  const style = document.createElement('style');
  style.textContent = FIRST_VIEW_CSS;
  const view = document.createElement('div');
  view.id = FIRST_VIEW_ID;
  view.setAttribute('data-testid', 'first-view');
  view.innerHTML = firstViewHtml(dashboard, (id) => names.get(id));
  view.append(style);
  // The console below is starting: readers and the keyboard see only the view until it goes.
  root.inert = true;
  document.body.append(view);
}

const token = signedInToken();
if (token && window.location.pathname === '/dashboard' && !window.location.search) {
  const dashboard = ask<Dashboard>('/api/dashboard', token);
  const units = ask<Unit[]>('/api/units', token);
  const drawn = Promise.all([dashboard, units]).then(
    ([answer, unitList]) =>
      new Promise<void>((painted) => {
        if (!answer) return painted();
        try {
          draw(answer, unitList);
        } catch {
          // An answer this view cannot draw: the console's page will say what it makes of it.
          return painted();
        }
        // Settled once the frame with the view is painted, not merely laid out.
        requestAnimationFrame(() => setTimeout(painted));
      }),
  );
  handOver({ dashboard, units, drawn });
}
