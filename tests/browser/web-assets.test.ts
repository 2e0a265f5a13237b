import { readdirSync } from 'node:fs';
import { resolve } from 'node:path';
import { startTestSystem, type TestSystem } from '../support/system';
import { ensureWebBuild } from './support';

jest.setTimeout(240_000);

const ASSETS = resolve(__dirname, '../../dist/web/assets');

/** How the API hands out the built console: compressed where it helps, cached for as long as it is safe. */
describe('the console files as the API serves them', () => {
  let system: TestSystem;
  let script: string;

  beforeAll(async () => {
    await ensureWebBuild();
    script = readdirSync(ASSETS).find((name) => /^index-.*\.js$/.test(name))!;
    system = await startTestSystem('web-assets');
  });
  afterAll(() => system?.stop());

  const get = (path: string, acceptEncoding: string) => fetch(`${system.url}${path}`, { headers: { 'accept-encoding': acceptEncoding } });

  it('sends the brotli twin of a script to a browser that accepts it, cached for a year', async () => {
    const response = await get(`/assets/${script}`, 'gzip, deflate, br');
    expect(response.status).toBe(200);
    expect(response.headers.get('content-encoding')).toBe('br');
    expect(response.headers.get('content-type')).toMatch(/^(application|text)\/javascript/);
    expect(response.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
    expect(response.headers.get('vary')).toMatch(/accept-encoding/i);
    // fetch decodes it: the browser gets the script itself.
    expect(await response.text()).toContain('民生实事督办台账');
  });

  it('sends gzip where brotli is not accepted, and the plain file where nothing is', async () => {
    expect((await get(`/assets/${script}`, 'gzip')).headers.get('content-encoding')).toBe('gzip');
    const plain = await get(`/assets/${script}`, 'identity');
    expect(plain.headers.get('content-encoding')).toBeNull();
    expect(Number(plain.headers.get('content-length'))).toBeGreaterThan(100_000);
    expect(plain.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
  });

  it('has the page itself revalidated on every visit, so a new build is seen at once', async () => {
    for (const path of ['/', '/inbox']) {
      const response = await get(path, 'gzip, br');
      expect(response.status).toBe(200);
      expect(response.headers.get('cache-control')).toBe('no-cache');
      expect(await response.text()).toContain(`/assets/${script}`);
    }
  });

  it('has a favicon, and a missing asset stays a 404', async () => {
    const icon = await get('/favicon.ico', 'br');
    expect(icon.status).toBe(200);
    expect(icon.headers.get('content-type')).toMatch(/icon/);
    expect(Buffer.from(await icon.arrayBuffer()).subarray(0, 4)).toEqual(Buffer.from([0, 0, 1, 0]));
    expect((await get('/assets/index-missing.js', 'br')).status).toBe(404);
  });
});
