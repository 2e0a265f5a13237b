import type { Role } from './api';

const EVERYONE: readonly Role[] = ['submitter', 'coordinator', 'office', 'auditor', 'admin'];
/** Whoever the API lets read 督办单 and 延期申请 (not the system administrator). */
const SUPERVISION_READERS: readonly Role[] = ['submitter', 'coordinator', 'office', 'auditor'];

/**
 * Every page of the console and the roles that may open it: the roles whose work the page is
 * (the API refuses the rest anyway; the page would only show a form or a button that cannot work).
 * A path that fits no pattern is 页面不存在.
 */
export const ROUTE_ROLES = {
  // 填报 and 我的报告 are a unit's own reports.
  '/submit': ['submitter'],
  '/submit/:taskId': ['submitter'],
  '/reports': ['submitter'],
  // A report is read by everyone the API shows it to (a unit: its own).
  '/reports/:id': EVERYONE,
  // 待办: a unit's 会签 and returned reports, the office's 审核 and 签发; auditors and the administrator act on nothing.
  '/inbox': ['submitter', 'coordinator', 'office'],
  '/dashboard': EVERYONE,
  '/tasks/:taskId': EVERYONE,
  '/notices': SUPERVISION_READERS,
  '/notices/:id': SUPERVISION_READERS,
  '/extensions': SUPERVISION_READERS,
  // 督查通报: the office's staff draft it, the office signs it off, units read what was published, auditors read all.
  '/bulletins': SUPERVISION_READERS,
  '/bulletins/:id': SUPERVISION_READERS,
  '/bulletins/:id/print': SUPERVISION_READERS,
  // 审计回放 replays history, verifies the chain and exports: the auditor's work.
  '/audit': ['auditor'],
  // Accounts, units and notification channels: the system administrator's work (the API lets
  // auditors read them, which the audit export already covers).
  '/admin/accounts': ['admin'],
  '/admin/units': ['admin'],
  '/admin/channels': ['admin'],
} as const satisfies Record<string, readonly Role[]>;

export type RoutePattern = keyof typeof ROUTE_ROLES;

/** The pattern a path opens, with its parameters; undefined when no page has that path. */
export function routeOf(path: string): { pattern: RoutePattern; params: Record<string, string> } | undefined {
  for (const pattern of Object.keys(ROUTE_ROLES) as RoutePattern[]) {
    const params = matchPath(pattern, path);
    if (params) return { pattern, params };
  }
  return undefined;
}

/** Whether the role may open the path (the query string aside); false for a path no page has. */
export function mayOpen(role: Role, path: string): boolean {
  const route = routeOf(path.split('?')[0]!);
  return route !== undefined && (ROUTE_ROLES[route.pattern] as readonly Role[]).includes(role);
}

/** `/reports/:id` against `/reports/abc` → `{ id: 'abc' }`; null when the path does not fit. */
export function matchPath(pattern: string, path: string): Record<string, string> | null {
  const want = pattern.split('/').filter(Boolean);
  const have = path.split('/').filter(Boolean);
  if (want.length !== have.length) return null;
  const params: Record<string, string> = {};
  for (let i = 0; i < want.length; i++) {
    if (want[i]!.startsWith(':')) params[want[i]!.slice(1)] = decodeURIComponent(have[i]!);
    else if (want[i] !== have[i]) return null;
  }
  return params;
}
