import { firstViewAnswerOr, firstViewDrawn, firstViewReleased, handOver, releaseFirstView, takeFirstViewAnswer } from './handoff';

// One global between the first view's script and the console: each test leaves it as it found it.
afterEach(() => delete (globalThis as Record<string, unknown>).__ledgerFirstView);

describe('the first view hands over', () => {
  it('its answers once: a later load of the page asks the API', async () => {
    handOver({ dashboard: Promise.resolve({ figures: 1 }) });
    await expect(takeFirstViewAnswer('dashboard')).resolves.toEqual({ figures: 1 });
    expect(takeFirstViewAnswer('dashboard')).toBeUndefined();
    let asked = 0;
    await expect(firstViewAnswerOr('dashboard', async () => ++asked)).resolves.toBe(1);
  });

  it('leaves the console to ask when the API refused the view (an expired token)', async () => {
    handOver({ units: Promise.resolve(undefined) });
    await expect(firstViewAnswerOr('units', async () => ['市教育局'])).resolves.toEqual(['市教育局']);
  });

  it('lets the console start once the view is painted, or after the cap, or at once without a view', async () => {
    await expect(firstViewDrawn(60_000)).resolves.toBeUndefined();
    let painted!: () => void;
    handOver({ drawn: new Promise<void>((resolve) => (painted = resolve)) });
    let started = false;
    const start = firstViewDrawn(60_000).then(() => (started = true));
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(started).toBe(false);
    painted();
    await start;
    expect(started).toBe(true);
    handOver({ drawn: new Promise<void>(() => undefined) }); // an answer that never comes
    const before = Date.now();
    await firstViewDrawn(50);
    expect(Date.now() - before).toBeGreaterThanOrEqual(45);
  });

  it('is released once the page stands, even before it drew (then it draws nothing)', () => {
    expect(firstViewReleased()).toBe(false);
    releaseFirstView();
    expect(firstViewReleased()).toBe(true);
    handOver({ dashboard: Promise.resolve(undefined) });
    expect(firstViewReleased()).toBe(true);
  });
});
