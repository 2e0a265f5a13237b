import { routeLabel } from './http';
import { configureLogging, logger, withLogContext } from './logging';
import { documentKindOf } from './metrics';

describe('labels', () => {
  it('name the route pattern, never the raw URL', () => {
    const request = (fields: object) => ({ headers: {}, ...fields }) as Parameters<typeof routeLabel>[0];
    expect(routeLabel(request({ route: { path: '/api/reports/:id/approve' }, url: '/api/reports/8f1c/approve' }))).toBe(
      '/api/reports/:id/approve',
    );
    expect(routeLabel(request({ url: '/api/reports/8f1c/nothing?x=1' }))).toBe('unmatched');
    expect(routeLabel(request({ url: '/inbox/8f1c' }))).toBe('static');
  });

  it('read the document kind from the workflow id', () => {
    expect(documentKindOf('report-0b5d8d2e-7a4e-4d5e-9d57-1b1c2c3d4e5f')).toBe('report');
    expect(documentKindOf('notice-hengyang-2025-P01-behind-2025-06')).toBe('notice');
    expect(documentKindOf('9')).toBe('unknown');
  });
});

describe('log lines', () => {
  const lines: string[] = [];
  beforeAll(() => configureLogging({ level: 'info', destination: { write: (line: string) => void lines.push(line) } }));
  afterAll(() => configureLogging({ level: 'silent' }));

  it('censor secrets and personal data passed as fields, and carry the context they were written in', () => {
    withLogContext({ requestId: 'req-12345678' }, () =>
      logger('test').info('account changed', { password: 'hunter2-secret', account: { phone: '13912345678', displayName: '张三' } }),
    );
    const line = JSON.parse(lines.at(-1)!);
    expect(line).toMatchObject({ component: 'test', requestId: 'req-12345678', msg: 'account changed', password: '[redacted]' });
    expect(line.account).toEqual({ phone: '[redacted]', displayName: '[redacted]' });
    expect(lines.join('')).not.toMatch(/hunter2|13912345678|张三/);
  });
});
