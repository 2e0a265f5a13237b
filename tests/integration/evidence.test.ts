import { createHash } from 'node:crypto';
import { request as httpRequest } from 'node:http';
import { Client } from 'pg';
import { PostgresBlobStore } from '@ledger/attachments';
import { runCli } from '../../apps/cli/src/cli';
import { elfFile, ofdFile, pdfFile, peFile, pngFile } from '../support/files';
import { startTestSystem, type TestSystem } from '../support/system';

/**
 * 佐证材料 end to end: a unit uploads a PDF and a photo, attaches them to a report, the office
 * downloads them under their Chinese names, another unit may not, bad files store nothing, a
 * changed file makes `audit verify` name it, and unreferenced uploads are swept.
 */

interface Task {
  id: string;
  leadUnits: string[];
  indicators: { id: string; kind: string }[];
}

const sha256 = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');
const MAX_MB = 1;

describe('evidence attachments', () => {
  let system: TestSystem;
  let edu: string;
  let otherUnit: string;
  let coordinator: string;
  let auditor: string;
  let ownTask: Task;

  beforeAll(async () => {
    system = await startTestSystem('evidence', { env: { ATTACHMENT_MAX_MB: String(MAX_MB) } });
    [edu, coordinator, auditor] = await Promise.all(['edu', 'coordinator', 'auditor'].map((name) => system.login(name)));
    const tasks: Task[] = (await system.call('GET', '/api/tasks', coordinator)).body;
    const simple = (task: Task) =>
      task.leadUnits.length === 1 && task.indicators.length > 0 && task.indicators.every((i) => i.kind === 'cumulative');
    ownTask = tasks.find((task) => simple(task) && task.leadUnits[0] === 'edu')!;
    otherUnit = await system.login(tasks.find((task) => simple(task) && task.leadUnits[0] !== 'edu')!.leadUnits[0]!);
  });
  afterAll(() => system?.stop());

  const upload = async (token: string, bytes: Buffer, name: string) => {
    const form = new FormData();
    form.append('file', new Blob([bytes]), name);
    const response = await fetch(`${system.url}/api/attachments`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}` },
      body: form,
    });
    return { status: response.status, body: (await response.json()) as any };
  };
  const download = async (token: string, id: string) => {
    const response = await fetch(`${system.url}/api/attachments/${id}`, { headers: { authorization: `Bearer ${token}` } });
    return { status: response.status, headers: response.headers, bytes: Buffer.from(await response.arrayBuffer()) };
  };
  const storedCounts = async () => {
    const { rows } = await system.storage.pool.query<{ uploads: string; blobs: string }>(
      'select (select count(*) from attachments) as uploads, (select count(*) from attachment_blobs) as blobs',
    );
    return { uploads: Number(rows[0]!.uploads), blobs: Number(rows[0]!.blobs) };
  };
  /** Bytes held by PostgreSQL are counted in its table; with S3_ENDPOINT set the system keeps them in S3. */
  const inPostgres = () => system.storage.attachments.blobs instanceof PostgresBlobStore;
  /** Changes a stored file behind the application's back: UPDATE as the test's superuser connection, or overwrite the S3 object. */
  const tamper = async (hash: string, bytes: Buffer) => {
    if (!inPostgres()) return system.storage.attachments.blobs.put(hash, bytes);
    // The services' own role may not change stored bytes (they are added and removed, never changed):
    // an intruder would have to be the owner.
    const owner = new Client({ connectionString: system.config.databaseUrl! });
    await owner.connect();
    try {
      await owner.query('update attachment_blobs set bytes = $2 where sha256 = $1', [hash, bytes]);
    } finally {
      await owner.end();
    }
  };
  const values = () => ownTask.indicators.map((indicator) => ({ indicatorId: indicator.id, value: 1 }));

  const pdf = pdfFile('食堂竣工验收');
  const png = pngFile();
  let pdfId: string;
  let pngId: string;
  let reportId: string;

  it('a unit uploads a PDF and a photo and attaches them to its report', async () => {
    const first = await upload(edu, pdf, '竣工验收报告.pdf');
    expect(first).toEqual({
      status: 201,
      body: { id: expect.any(String), sha256: sha256(pdf), size: pdf.length, name: '竣工验收报告.pdf', contentType: 'application/pdf' },
    });
    // A path sent as the name keeps only its last segment; the type comes from the bytes, not ".jpg".
    const second = await upload(edu, png, 'C:\\照片\\食堂照片.jpg');
    expect(second.body).toMatchObject({ name: '食堂照片.jpg', contentType: 'image/png', sha256: sha256(png) });
    [pdfId, pngId] = [first.body.id, second.body.id];

    const submitted = await system.call('POST', '/api/reports', edu, {
      taskId: ownTask.id,
      period: '2025-06',
      values: values(),
      narrative: '食堂已竣工',
      attachments: [pdfId, pngId],
    });
    expect(submitted.status).toBe(201);
    reportId = submitted.body.id;
    const [event] = await system.storage.store.readStream(`report-${reportId}`);
    // The event records what identifies each file, never the bytes.
    expect((event!.data as { attachments: unknown }).attachments).toEqual([first.body, second.body]);
    const view = await system.call('GET', `/api/reports/${reportId}`, coordinator);
    expect(view.body.attachments.map((a: { name: string }) => a.name)).toEqual(['竣工验收报告.pdf', '食堂照片.jpg']);
  });

  it('the coordinator downloads both under their Chinese names; another unit gets 403, an auditor reads', async () => {
    for (const [id, bytes, name, type] of [
      [pdfId, pdf, '竣工验收报告.pdf', 'application/pdf'],
      [pngId, png, '食堂照片.jpg', 'image/png'],
    ] as const) {
      const answer = await download(coordinator, id);
      expect(answer.status).toBe(200);
      expect(answer.bytes.equals(bytes)).toBe(true);
      expect(sha256(answer.bytes)).toBe(sha256(bytes));
      expect(answer.headers.get('content-type')).toBe(type);
      expect(answer.headers.get('content-disposition')).toContain(`filename*=UTF-8''${encodeURIComponent(name)}`);
    }
    expect((await download(otherUnit, pdfId)).status).toBe(403);
    expect((await download(auditor, pngId)).status).toBe(200);
    expect((await download(edu, pdfId)).status).toBe(200);
  });

  it('a unit cannot name another unit’s upload, nor an unknown one', async () => {
    const theirs = await upload(otherUnit, pdfFile('别的单位'), '别的.pdf');
    expect(theirs.status).toBe(201);
    for (const ids of [[theirs.body.id], ['00000000-0000-4000-8000-000000000000']]) {
      const answer = await system.call('POST', '/api/reports', edu, {
        taskId: ownTask.id,
        period: '2025-07',
        values: values(),
        narrative: 'x',
        attachments: ids,
      });
      expect(answer.status).toBe(400);
      expect(answer.body.errors).toContainEqual(expect.objectContaining({ field: 'attachments' }));
    }
    // Nor read it: it is not on any document of the unit's.
    expect((await download(edu, theirs.body.id)).status).toBe(403);
  });

  it('an executable named .pdf or .jpg is 415, and nothing is stored', async () => {
    const before = await storedCounts();
    for (const [bytes, name] of [
      [elfFile(), '报告.pdf'],
      [peFile(), '照片.jpg'],
    ] as const) {
      const answer = await upload(edu, bytes, name);
      expect(answer.status).toBe(415);
      expect(answer.body.errors).toContainEqual(expect.objectContaining({ field: 'file' }));
    }
    expect(await storedCounts()).toEqual(before);
    expect((await upload(edu, ofdFile(), '电子证照.ofd')).body.contentType).toBe('application/ofd');
  });

  it('a file over ATTACHMENT_MAX_MB is 413 without the body being read to its end, and nothing is stored', async () => {
    const before = await storedCounts();
    const declared = await upload(edu, Buffer.concat([pdfFile(), Buffer.alloc(2 * MAX_MB * 1024 * 1024)]), '过大.pdf');
    expect(declared.status).toBe(413);

    // Chunked, so no Content-Length tells: the server stops at the limit and answers while the
    // client still has most of 64 MB to send.
    const total = 64 * 1024 * 1024;
    const outcome = await new Promise<{ status: number; sent: number }>((resolve, reject) => {
      const boundary = 'evidence-boundary';
      const url = new URL(`${system.url}/api/attachments`);
      let sent = 0;
      const request = httpRequest(
        {
          host: url.hostname,
          port: url.port,
          path: url.pathname,
          method: 'POST',
          headers: {
            authorization: `Bearer ${edu}`,
            'content-type': `multipart/form-data; boundary=${boundary}`,
            'transfer-encoding': 'chunked',
          },
        },
        (response) => {
          response.resume();
          resolve({ status: response.statusCode!, sent });
          request.destroy();
        },
      );
      request.on('error', (error) => (sent > 0 ? undefined : reject(error)));
      request.write(
        `--${boundary}\r\ncontent-disposition: form-data; name="file"; filename="大.pdf"\r\ncontent-type: application/pdf\r\n\r\n`,
      );
      request.write(pdfFile());
      const chunk = Buffer.alloc(64 * 1024);
      const pump = () => {
        while (sent < total && !request.destroyed) {
          sent += chunk.length;
          if (!request.write(chunk)) return void request.once('drain', pump);
        }
        if (!request.destroyed) request.end(`\r\n--${boundary}--\r\n`);
      };
      pump();
    });
    expect(outcome.status).toBe(413);
    expect(outcome.sent).toBeLessThan(total / 2);
    expect(await storedCounts()).toEqual(before);
  });

  it('a notice answer takes attachments beside its written evidence; the unit it went to reads them', async () => {
    const issued = await system.call('POST', '/api/notices', coordinator, {
      taskId: ownTask.id,
      level: 'yellow',
      matter: '请说明进度',
      dueDate: '2099-12-31',
    });
    expect(issued.status).toBe(201);
    expect((await system.call('POST', `/api/notices/${issued.body.id}/acknowledge`, edu)).status).toBe(200);
    const photo = await upload(edu, pngFile(), '整改照片.png');
    const answered = await system.call('POST', `/api/notices/${issued.body.id}/respond`, edu, {
      measures: '已整改',
      expectedBy: '2099-12-31',
      evidence: ['衡教函〔2025〕12号'],
      attachments: [photo.body.id],
    });
    expect(answered.status).toBe(200);
    // Reads come from the read model: wait until it holds the answer.
    await system.services.projector.waitFor(await system.storage.store.lastPosition());
    const notice = await system.call('GET', `/api/notices/${issued.body.id}`, coordinator);
    expect(notice.body.response).toMatchObject({ evidence: ['衡教函〔2025〕12号'], attachments: [photo.body] });
    expect((await download(coordinator, photo.body.id)).status).toBe(200);
    expect((await download(otherUnit, photo.body.id)).status).toBe(403);
  });

  it('an instruction report (落实情况) takes attachments too', async () => {
    const office = await system.login('office');
    const recorded = await system.call('POST', '/api/instructions', office, { taskId: ownTask.id, by: 'convener', text: '请抓紧推进' });
    expect(recorded.status).toBe(201);
    expect((await system.call('POST', `/api/instructions/${recorded.body.id}/acknowledge`, edu)).status).toBe(200);
    const roster = await upload(edu, pdfFile('签到表'), '会议签到表.pdf');
    const reported = await system.call('POST', `/api/instructions/${recorded.body.id}/report`, edu, {
      text: '已召开推进会',
      attachments: [roster.body.id],
    });
    expect(reported.status).toBe(200);
    await system.services.projector.waitFor(await system.storage.store.lastPosition());
    const instruction = await system.call('GET', `/api/instructions/${recorded.body.id}`, office);
    expect(instruction.body.reports[0]).toMatchObject({ unitId: 'edu', attachments: [roster.body] });
    expect((await download(office, roster.body.id)).status).toBe(200);
    expect((await download(otherUnit, roster.body.id)).status).toBe(403);
  });

  it('audit verify (API and CLI) names the first referenced file whose bytes were changed', async () => {
    const intact = await system.call('GET', '/api/audit/verify', auditor);
    expect(intact.body).toMatchObject({ ok: true, firstBrokenPosition: null, attachments: { ok: true, firstBroken: null } });
    expect(intact.body.attachments.checked).toBeGreaterThanOrEqual(2);

    // The application's own role cannot change stored bytes; an intruder past it would have to be the owner.
    if (inPostgres())
      await expect(
        system.storage.pool.query('update attachment_blobs set bytes = $2 where sha256 = $1', [sha256(png), Buffer.from('x')]),
      ).rejects.toThrow(/permission denied/);
    await tamper(sha256(png), Buffer.concat([png, Buffer.from([0])]));
    const broken = await system.call('GET', '/api/audit/verify', auditor);
    expect(broken.body).toMatchObject({
      ok: false,
      firstBrokenPosition: null,
      attachments: { ok: false, firstBroken: { id: pngId, name: '食堂照片.jpg', sha256: sha256(png), found: 'changed' } },
    });
    let stdout = '';
    const code = await runCli(['audit', 'verify'], {
      stdout: (text) => (stdout += text),
      stderr: () => undefined,
      env: { DATABASE_URL: system.config.databaseUrl },
    });
    expect(code).toBe(1);
    expect(stdout).toContain('chain intact');
    expect(stdout).toContain(`evidence file "食堂照片.jpg" (attachment ${pngId}`);
    await tamper(sha256(png), png);
    expect((await system.call('GET', '/api/audit/verify', auditor)).body.ok).toBe(true);
  });

  it('uploads nobody referenced within 24 hours are swept; referenced files and their shared bytes stay', async () => {
    const stray = await upload(edu, pdf, '同一份.pdf'); // the same bytes as the report's PDF: stored once
    const lonely = await upload(edu, pdfFile('无人引用'), '无人引用.pdf');
    const before = await storedCounts();
    const now = Date.now();
    expect(await system.storage.attachments.sweep(new Date(now + 3_600_000))).toEqual({ uploads: 0, blobs: 0 });
    const swept = await system.storage.attachments.sweep(new Date(now + 25 * 3_600_000));
    expect(swept.uploads).toBeGreaterThanOrEqual(2);
    expect((await download(edu, stray.body.id)).status).toBe(404);
    expect((await download(edu, lonely.body.id)).status).toBe(404);
    expect((await download(coordinator, pdfId)).bytes.equals(pdf)).toBe(true);
    const after = await storedCounts();
    expect(after.uploads).toBe(before.uploads - swept.uploads);
    if (inPostgres()) expect(after.blobs).toBe(before.blobs - swept.blobs);
    expect(swept.blobs).toBeLessThan(swept.uploads); // the PDF's bytes are still named by the report's upload
  });
});
