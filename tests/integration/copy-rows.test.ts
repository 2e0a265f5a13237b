import { DataSource } from 'typeorm';
import { copyRows } from '../../libs/read-models/src/projector/copy-rows';
import { createTestDatabase } from '../support/database';

/** The COPY a rebuild fills its shadow with, sent piece by piece while PostgreSQL takes it in. */
describe('copying rows into a fresh table', () => {
  let dataSource: DataSource;

  beforeAll(async () => {
    dataSource = new DataSource({ type: 'postgres', url: await createTestDatabase('copy_rows') });
    await dataSource.initialize();
    await dataSource.query('create table copied (position bigint primary key, comment text, data jsonb not null, at timestamptz not null)');
  });

  afterAll(async () => {
    await dataSource?.destroy();
  });

  beforeEach(async () => {
    await dataSource.query('truncate copied');
  });

  /** Enough rows (about 20 MB of COPY text) to be sent in many pieces and to fill the socket's buffer. */
  const rows = (count: number) =>
    Array.from({ length: count }, (_, index) => ({
      position: index + 1,
      comment: index % 3 === 0 ? null : `第${index}条\t备注\n第二行 \\ 反斜杠`,
      data: { history: Array.from({ length: 8 }, (__, step) => ({ step, note: '数据与台账不符，请核实后重报', path: 'C:\\台账' })) },
      at: new Date(Date.UTC(2025, 0, 1) + index * 1000).toISOString(),
    }));

  it('writes every row as given, in many pieces', async () => {
    const written = rows(20_000);
    await dataSource.transaction((manager) => copyRows(manager, 'copied', written));

    const read: Array<{ position: number; comment: string | null; data: unknown; at: Date }> = await dataSource.query(
      'select position::int, comment, data, at from copied order by position',
    );
    expect(read).toHaveLength(written.length);
    expect(read.map((row) => ({ ...row, at: row.at.toISOString() }))).toEqual(written);
  });

  it('rejects a row the table refuses, half-way through, and writes none of them; the connection goes on working', async () => {
    const written: Array<Record<string, unknown>> = rows(20_000);
    written[15_000] = { ...written[15_000], at: 'not a time' };

    await expect(dataSource.transaction((manager) => copyRows(manager, 'copied', written))).rejects.toThrow(/timestamp|time/);

    expect((await dataSource.query('select count(*)::int as count from copied'))[0].count).toBe(0);
    await dataSource.transaction((manager) => copyRows(manager, 'copied', rows(10)));
    expect((await dataSource.query('select count(*)::int as count from copied'))[0].count).toBe(10);
  });

  it('ends the COPY when a value cannot be written, and writes none of the rows', async () => {
    const written: Array<Record<string, unknown>> = rows(20_000);
    written[18_000] = { ...written[18_000], data: { amount: 10n } };

    await expect(dataSource.transaction((manager) => copyRows(manager, 'copied', written))).rejects.toThrow(/BigInt/);

    expect((await dataSource.query('select count(*)::int as count from copied'))[0].count).toBe(0);
    await dataSource.transaction((manager) => copyRows(manager, 'copied', rows(10)));
    expect((await dataSource.query('select count(*)::int as count from copied'))[0].count).toBe(10);
  });
});
