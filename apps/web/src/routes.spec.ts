import type { Role } from './api';
import { homeFor, menuFor } from './labels';
import { matchPath, mayOpen, routeOf } from './routes';

const ROLES: Role[] = ['submitter', 'coordinator', 'office', 'auditor', 'admin'];

describe('who may open which page of the console', () => {
  it('refuses each role the pages of another role’s work', () => {
    for (const path of ['/submit', '/submit/hengyang-2025-P01', '/inbox', '/reports', '/notices?level=red'])
      expect([path, mayOpen('auditor', path)]).toEqual([path, path.startsWith('/notices')]);
    expect(mayOpen('submitter', '/audit')).toBe(false);
    expect(mayOpen('submitter', '/audit?taskId=hengyang-2025-P01')).toBe(false);
    expect(mayOpen('coordinator', '/submit')).toBe(false);
    for (const path of ['/audit', '/inbox', '/notices', '/notices/n-1', '/extensions', '/submit'])
      expect(mayOpen('admin', path)).toBe(false);
  });

  it('lets everyone read the dashboard, a task and a report', () => {
    for (const role of ROLES)
      for (const path of ['/dashboard', '/tasks/hengyang-2025-P01', '/reports/5f0c'])
        expect([role, path, mayOpen(role, path)]).toEqual([role, path, true]);
  });

  it('puts in a role’s menu only pages it may open, its home among them', () => {
    for (const role of ROLES) {
      expect(menuFor(role).filter((entry) => !mayOpen(role, entry.path))).toEqual([]);
      expect(mayOpen(role, homeFor(role))).toBe(true);
    }
    expect(menuFor('admin').map((entry) => entry.path)).toEqual(['/admin/accounts', '/admin/units', '/admin/channels', '/dashboard']);
    for (const role of ROLES.filter((r) => r !== 'admin')) expect(mayOpen(role, '/admin/accounts')).toBe(false);
  });

  it('knows no page for a path no route has', () => {
    expect(routeOf('/nowhere')).toBeUndefined();
    expect(mayOpen('auditor', '/nowhere')).toBe(false);
    expect(routeOf('/reports/abc%20d')).toEqual({ pattern: '/reports/:id', params: { id: 'abc d' } });
    expect(matchPath('/reports', '/reports/abc')).toBeNull();
  });
});
