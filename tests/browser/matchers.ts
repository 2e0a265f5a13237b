import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Locator } from 'playwright-core';

// Jest's expect does not wait; pages change a moment after a click. These matchers poll the
// locator until the condition holds or the time is up, then report what the page showed.
const TIMEOUT_MS = 20_000;
const ARTIFACTS = join(__dirname, '../artifacts');

// When a wait fails, the page as it was is the quickest explanation.
async function keepEvidence(locator: Locator, pass: boolean): Promise<string> {
  if (pass) return '';
  mkdirSync(ARTIFACTS, { recursive: true });
  const path = join(ARTIFACTS, `failed-${Date.now()}.png`);
  await locator
    .page()
    .screenshot({ path, fullPage: true })
    .catch(() => undefined);
  return ` (page saved as ${path})`;
}

async function poll(
  read: () => Promise<string | boolean>,
  holds: (value: string | boolean) => boolean,
): Promise<{ pass: boolean; last: string | boolean }> {
  const deadline = Date.now() + TIMEOUT_MS;
  let last: string | boolean = '';
  for (;;) {
    last = await read().catch((error: Error) => `(${error.message.split('\n')[0]})`);
    if (holds(last)) return { pass: true, last };
    if (Date.now() > deadline) return { pass: false, last };
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

const fits = (expected: string | RegExp) => (value: string | boolean) =>
  typeof value === 'string' ? (typeof expected === 'string' ? value.trim() === expected : expected.test(value)) : false;

/**
 * What must never reach a reader: the API's codes (levels, statuses, causes, roles, event types,
 * snake_case values), record and account ids, and task ids. Task codes such as P01 are the plan's own.
 */
const CODES =
  /\b(?:blue|yellow|red|issued|acknowledged|responded|returned|closed|in_review|signed_off|submitter|coordinator|office|auditor|admin|[a-z]+_[a-z_]+|(?:Notice|Report|Stage|Urge)[A-Z][A-Za-z]+)\b|[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}|hengyang-\d{4}/g;

expect.extend({
  /** Reads the text once it is there: whatever it shows must be free of codes. */
  async toShowNoCodes(locator: Locator) {
    const text = await locator.first().innerText({ timeout: TIMEOUT_MS });
    const codes = [...new Set(text.match(CODES) ?? [])];
    const pass = codes.length === 0;
    const evidence = await keepEvidence(locator, pass);
    return {
      pass,
      message: () =>
        pass ? `expected ${locator} to show a code` : `expected ${locator} to show no codes; it showed ${codes.join(', ')}${evidence}`,
    };
  },
  async toBeVisibleSoon(locator: Locator) {
    const { pass } = await poll(
      () => locator.first().isVisible(),
      (visible) => visible === true,
    );
    const evidence = await keepEvidence(locator, pass);
    return { pass, message: () => `expected ${locator} to become visible within ${TIMEOUT_MS} ms${evidence}` };
  },
  async toBeHiddenSoon(locator: Locator) {
    const { pass } = await poll(
      () => locator.first().isVisible(),
      (visible) => visible === false,
    );
    const evidence = await keepEvidence(locator, pass);
    return { pass, message: () => `expected ${locator} to be hidden within ${TIMEOUT_MS} ms${evidence}` };
  },
  async toHaveTextSoon(locator: Locator, expected: string | RegExp) {
    const { pass, last } = await poll(() => locator.first().innerText({ timeout: 1000 }), fits(expected));
    const evidence = await keepEvidence(locator, pass);
    return {
      pass,
      message: () => `expected ${locator} to show ${expected} within ${TIMEOUT_MS} ms; it showed ${JSON.stringify(last)}${evidence}`,
    };
  },
  async toHaveValueSoon(locator: Locator, expected: string | RegExp) {
    const { pass, last } = await poll(() => locator.first().inputValue({ timeout: 1000 }), fits(expected));
    const evidence = await keepEvidence(locator, pass);
    return {
      pass,
      message: () => `expected ${locator} to hold ${expected} within ${TIMEOUT_MS} ms; it held ${JSON.stringify(last)}${evidence}`,
    };
  },
});

declare global {
  // eslint-disable-next-line @typescript-eslint/no-namespace
  namespace jest {
    interface Matchers<R> {
      toBeVisibleSoon(): Promise<R>;
      toBeHiddenSoon(): Promise<R>;
      toHaveTextSoon(expected: string | RegExp): Promise<R>;
      toHaveValueSoon(expected: string | RegExp): Promise<R>;
      toShowNoCodes(): Promise<R>;
    }
  }
}
