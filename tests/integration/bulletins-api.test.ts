import { Workbook } from 'exceljs';
import { BULLETIN_SHEETS, bulletinHeadline } from '../../apps/api/src/bulletins/documents';
import { pdfText } from '../support/pdf-text';
import { startTestSystem, type TestSystem } from '../support/system';

// Bulletin workflows are named by plan and period (bulletin-<planId>-<period>) on the Temporal
// server the suites share: this suite takes 2025-06 and 2025-07, matrix.test.ts 2025-01 to 2025-04.
const PERIOD = '2025-06';

/** 督查通报 over HTTP, against the whole system: drafted, commented, signed off, read by the member units. */
describe('the monthly bulletin through the API', () => {
  let system: TestSystem;
  let coordinator: string;
  let office: string;
  let edu: string;
  let hrss: string;
  let auditor: string;

  beforeAll(async () => {
    system = await startTestSystem('bulletins-api');
    [coordinator, office, edu, hrss, auditor] = await Promise.all(
      ['coordinator', 'office', 'edu', 'hrss', 'auditor'].map((u) => system.login(u)),
    );
  });
  afterAll(() => system?.stop());

  const download = async (path: string, token: string) => {
    const response = await fetch(`${system.url}${path}`, { headers: { authorization: `Bearer ${token}` } });
    return { status: response.status, headers: response.headers, body: Buffer.from(await response.arrayBuffer()) };
  };

  it('is drafted, edited, signed off once, downloaded as PDF and xlsx, and read once by each member unit', async () => {
    const drafted = await system.call('POST', '/api/bulletins', coordinator, { period: PERIOD });
    expect(drafted).toMatchObject({ status: 201, body: { id: `bulletin-hengyang-2025-${PERIOD}`, status: 'draft' } });
    const id = drafted.body.id as string;
    const figures = drafted.body.draft.figures;
    expect(figures).toMatchObject({ period: PERIOD, asOf: '2025-07-25T16:00:00.000Z', plan: { id: 'hengyang-2025' } });
    expect(figures.headline.tasks).toBeGreaterThan(0);
    expect(figures.units.map((u: { unitId: string }) => u.unitId)).toEqual(expect.arrayContaining(['edu', 'hrss']));
    expect(figures.categories.length).toBeGreaterThan(0);

    // A unit sees nothing of a draft, and does not sign off.
    expect((await system.call('GET', `/api/bulletins/${id}`, edu)).status).toBe(404);
    expect((await download(`/api/bulletins/${id}.pdf`, edu)).status).toBe(404);
    expect((await system.call('POST', `/api/bulletins/${id}/read`, edu)).status).toBe(404);
    expect((await system.call('POST', `/api/bulletins/${id}/approve`, edu)).status).toBe(403);
    expect((await system.call('POST', `/api/bulletins/${id}/commentary`, edu, { text: 'x' })).status).toBe(403);
    await system.services.projector.waitFor(await system.storage.store.lastPosition());
    expect((await system.call('GET', '/api/bulletins', edu)).body).toEqual([]);

    const commentary = '上半年总体平稳，个别任务进度滞后，请相关牵头单位加快推进。';
    const edited = await system.call('POST', `/api/bulletins/${id}/commentary`, coordinator, { text: commentary });
    expect(edited).toMatchObject({ status: 200, body: { status: 'draft', draft: { commentary } } });
    expect((await system.call('POST', `/api/bulletins/${id}/commentary`, coordinator, { text: 5 })).status).toBe(400);
    // PUT says the same: the commentary replaced whole; the same text again records nothing.
    expect((await system.call('PUT', `/api/bulletins/${id}/commentary`, coordinator, { text: commentary })).body).toMatchObject({
      draft: { commentary },
    });
    // The staff drafts; the office signs.
    expect((await system.call('POST', `/api/bulletins/${id}/approve`, coordinator)).status).toBe(403);
    const approved = await system.call('POST', `/api/bulletins/${id}/approve`, office);
    expect(approved).toMatchObject({ status: 200, body: { status: 'published', published: { version: 1, commentary } } });
    expect((await system.call('POST', `/api/bulletins/${id}/approve`, office)).status).toBe(409);
    expect((await system.call('POST', `/api/bulletins/${id}/commentary`, coordinator, { text: '改' })).status).toBe(409);

    // The PDF: A4, the fonts embedded, the Chinese headline extractable as text; a Chinese file name.
    const pdf = await download(`/api/bulletins/${id}.pdf`, edu);
    expect(pdf.status).toBe(200);
    expect(pdf.headers.get('content-type')).toMatch(/application\/pdf/);
    expect(pdf.body.subarray(0, 4).toString()).toBe('%PDF');
    const headline = bulletinHeadline(figures);
    expect(headline).toBe('2025年民生补短提质攻坚实施方案督查通报（2025年6月）');
    expect(pdf.headers.get('content-disposition')).toContain(`filename*=UTF-8''${encodeURIComponent(`${headline}.pdf`)}`);
    const { text, fonts, embeddedFonts } = pdfText(pdf.body);
    expect(fonts).toBeGreaterThan(0);
    expect(embeddedFonts).toBe(fonts);
    expect(text).toContain(headline);
    expect(text).toContain(commentary);
    expect(text).toContain('市教育局');

    const xlsx = await download(`/api/bulletins/${id}.xlsx`, auditor);
    expect(xlsx.status).toBe(200);
    expect(xlsx.headers.get('content-disposition')).toContain(`filename*=UTF-8''${encodeURIComponent(`${headline}.xlsx`)}`);
    const workbook = new Workbook();
    await workbook.xlsx.load(xlsx.body as unknown as ArrayBuffer);
    expect(workbook.worksheets.map((sheet) => sheet.name)).toEqual(Object.values(BULLETIN_SHEETS));
    expect(workbook.getWorksheet(BULLETIN_SHEETS.units)!.getRow(1).values).toEqual(expect.arrayContaining(['排名', '单位', '按时率']));
    expect(workbook.getWorksheet(BULLETIN_SHEETS.about)!.getCell('B1').value).toBe(headline);

    // Each member unit marks it read (已阅) once; reading again changes nothing.
    const seen = await system.call('GET', `/api/bulletins/${id}`, edu);
    expect(seen).toMatchObject({ status: 200, body: { status: 'published', draft: null, published: { version: 1 } } });
    expect(seen.body.history).toBeUndefined();
    expect((await system.call('POST', `/api/bulletins/${id}/read`, edu)).body).toMatchObject({
      published: { readBy: [{ unitId: 'edu' }] },
    });
    expect((await system.call('POST', `/api/bulletins/${id}/read`, edu)).status).toBe(200);
    const read = await system.call('POST', `/api/bulletins/${id}/read`, hrss);
    expect(read.body.published.readBy.map((r: { unitId: string }) => r.unitId)).toEqual(['edu', 'hrss']);
    expect((await system.call('POST', `/api/bulletins/${id}/read`, coordinator)).status).toBe(403);
    const events = (await system.storage.store.readStream(id)).map((e) => e.type);
    expect(events).toEqual(['BulletinDrafted', 'BulletinCommentaryEdited', 'BulletinPublished', 'BulletinRead', 'BulletinRead']);

    // The member units were asked to read it.
    await system.services.projector.waitFor(await system.storage.store.lastPosition());
    const notifications = (await system.call('GET', '/api/notifications', edu)).body;
    const asked = (Array.isArray(notifications) ? notifications : notifications.items).find(
      (n: { kind: string; documentId: string }) => n.kind === 'bulletin_published' && n.documentId === id,
    );
    expect(asked).toMatchObject({ title: '督查通报：2025年6月', documentKind: 'bulletin' });
    expect((await system.call('GET', '/api/bulletins', edu)).body).toMatchObject([{ id, status: 'published' }]);
    expect((await system.call('GET', `/api/bulletins/${id}`, auditor)).body.history.map((h: { type: string }) => h.type)).toEqual(events);
  });

  it('is corrected by a new version: the units keep the one in force until the correction is signed off', async () => {
    const period = '2025-07';
    const first = await system.call('POST', '/api/bulletins', coordinator, { period });
    const id = first.body.id as string;
    expect((await system.call('POST', `/api/bulletins/${id}/approve`, office)).status).toBe(200);
    expect((await system.call('POST', `/api/bulletins/${id}/read`, edu)).status).toBe(200);
    const again = await system.call('POST', '/api/bulletins', coordinator, { period });
    expect(again).toMatchObject({ status: 201, body: { id, status: 'draft', draft: { version: 2 }, published: { version: 1 } } });
    expect((await system.call('GET', `/api/bulletins/${id}`, edu)).body).toMatchObject({
      status: 'published',
      draft: null,
      published: { version: 1 },
    });
    const corrected = await system.call('POST', `/api/bulletins/${id}/approve`, office);
    expect(corrected.body).toMatchObject({ published: { version: 2, readBy: [] }, superseded: [{ version: 1 }] });
    const published = (await system.storage.store.readStream(id)).filter((e) => e.type === 'BulletinPublished');
    expect(published.map((e) => (e.data as { version: number }).version)).toEqual([1, 2]);
  });

  it('refuses what is not a period, and a year without a plan', async () => {
    expect(await system.call('POST', '/api/bulletins', coordinator, { period: '2025-13' })).toMatchObject({
      status: 400,
      body: { errors: [{ field: 'period' }] },
    });
    expect((await system.call('POST', '/api/bulletins', coordinator, { period: '2031-01' })).status).toBe(400);
    expect((await system.call('GET', '/api/bulletins/bulletin-hengyang-2025-2025-12', auditor)).status).toBe(404);
  });
});
