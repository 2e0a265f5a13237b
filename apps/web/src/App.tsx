import {
  AlertOutlined,
  ApartmentOutlined,
  ApiOutlined,
  AuditOutlined,
  DashboardOutlined,
  FieldTimeOutlined,
  FileTextOutlined,
  FormOutlined,
  InboxOutlined,
  LogoutOutlined,
  MenuOutlined,
  NotificationOutlined,
  TeamOutlined,
} from '@ant-design/icons';
import { Button, Grid, Layout, Menu, Result, Space, Spin, Typography } from 'antd';
import { lazy, Suspense, useEffect, useState, type ComponentType, type ReactNode } from 'react';
import { api } from './api';
import { UnitsProvider, useUnitName } from './components/common';
import { NotificationBell } from './components/NotificationBell';
import { firstViewAnswerOr, releaseFirstView } from './first-view/handoff';
import { homeFor, menuFor, ROLE_LABEL } from './labels';
import { useLoad } from './load';
import { navigate, useLocation } from './router';
import { mayOpen, routeOf, type RoutePattern } from './routes';
import { prefetch, prefetchFirstPage } from './prefetch';
import { useSession, useUser } from './session';
import type { Role } from './api';

// Every page is fetched when first opened: the first load carries the shell (menu, header, session)
// and the one page shown, not the tables, forms and charts of every other role's work.
// ECharts, the heaviest dependency, loads only with the dashboard's chart (ProgressChart).
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- any page's props; each use keeps its own type
const named = <M extends Record<K, ComponentType<any>>, K extends keyof M>(load: () => Promise<M>, name: K) =>
  lazy(async () => ({ default: (await load())[name] }));
const LoginPage = named(() => import('./pages/LoginPage'), 'LoginPage');
const SubmitPage = named(() => import('./pages/SubmitPage'), 'SubmitPage');
const MyReportsPage = named(() => import('./pages/MyReportsPage'), 'MyReportsPage');
const ReportPage = named(() => import('./pages/ReportPage'), 'ReportPage');
const InboxPage = named(() => import('./pages/InboxPage'), 'InboxPage');
const TaskPage = named(() => import('./pages/TaskPage'), 'TaskPage');
const AuditPage = named(() => import('./pages/AuditPage'), 'AuditPage');
const DashboardPage = lazy(() => import('./pages/DashboardPage'));
const AdminAccountsPage = lazy(() => import('./pages/AdminAccountsPage'));
const AdminUnitsPage = lazy(() => import('./pages/AdminUnitsPage'));
const AdminChannelsPage = lazy(() => import('./pages/AdminChannelsPage'));
const NoticesPage = lazy(() => import('./pages/NoticesPage'));
const NoticePage = lazy(() => import('./pages/NoticePage'));
const ExtensionsPage = lazy(() => import('./pages/ExtensionsPage'));
const BulletinsPage = lazy(() => import('./pages/BulletinsPage'));
const BulletinPage = lazy(() => import('./pages/BulletinPage'));
const BulletinPrintPage = lazy(() => import('./pages/BulletinPrintPage'));

// Beside their labels the icons say nothing more: hidden from screen readers (antd names them in English).
const ICONS: Record<string, ReactNode> = {
  '/submit': <FormOutlined aria-hidden />,
  '/reports': <FileTextOutlined aria-hidden />,
  '/inbox': <InboxOutlined aria-hidden />,
  '/notices': <AlertOutlined aria-hidden />,
  '/extensions': <FieldTimeOutlined aria-hidden />,
  '/dashboard': <DashboardOutlined aria-hidden />,
  '/audit': <AuditOutlined aria-hidden />,
  '/bulletins': <NotificationOutlined aria-hidden />,
  '/admin/accounts': <TeamOutlined aria-hidden />,
  '/admin/units': <ApartmentOutlined aria-hidden />,
  '/admin/channels': <ApiOutlined aria-hidden />,
};

/** The page of each route; who may open it is ROUTE_ROLES (routes.ts), every route has one. */
const PAGES: Record<RoutePattern, (params: Record<string, string>) => ReactNode> = {
  '/submit': () => <SubmitPage />,
  '/submit/:taskId': ({ taskId }) => <SubmitPage taskId={taskId} />,
  '/reports': () => <MyReportsPage />,
  '/reports/:id': ({ id }) => <ReportPage reportId={id!} />,
  '/inbox': () => <InboxPage />,
  '/dashboard': () => <DashboardPage />,
  '/tasks/:taskId': ({ taskId }) => <TaskPage taskId={taskId!} />,
  '/audit': () => <AuditPage />,
  '/notices': () => <NoticesPage />,
  '/notices/:id': ({ id }) => <NoticePage noticeId={id!} />,
  '/extensions': () => <ExtensionsPage />,
  '/bulletins': () => <BulletinsPage />,
  '/bulletins/:id': ({ id }) => <BulletinPage bulletinId={id!} />,
  '/bulletins/:id/print': ({ id }) => <BulletinPrintPage bulletinId={id!} />,
  '/admin/accounts': () => <AdminAccountsPage />,
  '/admin/units': () => <AdminUnitsPage />,
  '/admin/channels': () => <AdminChannelsPage />,
};

export function App() {
  const { session } = useSession();
  const { path } = useLocation();
  // The first view stands for the dashboard only (first-view/): any other page, or none signed in, and it goes.
  useEffect(() => {
    if (!session || path !== '/dashboard') releaseFirstView();
  }, [session, path]);
  if (!session) {
    return (
      <>
        {/* The page with its query (period, task, …), so signing in again comes back to the very same page. */}
        {path !== '/login' && <Redirect to={`/login${path === '/' ? '' : `?next=${encodeURIComponent(path + window.location.search)}`}`} />}
        <Suspense fallback={<PageLoading />}>
          <LoginPage />
        </Suspense>
      </>
    );
  }
  if (path === '/' || path === '/login') return <Redirect to={homeFor(session.user.role)} />;
  return <Shell path={path} />;
}

const PageLoading = () => <Spin aria-label="加载中" style={{ display: 'block', margin: '48px auto' }} />;

function Redirect({ to }: { to: string }) {
  useEffect(() => navigate(to, { replace: true }), [to]);
  return null;
}

function Shell({ path }: { path: string }) {
  const user = useUser();
  const { signOut } = useSession();
  const screens = Grid.useBreakpoint();
  const narrow = !screens.lg;
  const [collapsed, setCollapsed] = useState(narrow);
  useEffect(() => setCollapsed(narrow), [narrow]);
  const units = useLoad(() => firstViewAnswerOr('units', api.units), []);
  // The dashboard's figures are asked for beside its code, not after it (prefetch.ts).
  useEffect(
    () =>
      prefetchFirstPage(() => {
        if (path === '/dashboard' && mayOpen(user.role, path)) prefetch('dashboard', () => firstViewAnswerOr('dashboard', api.dashboard));
      }),
    [path, user.role],
  );
  const menu = menuFor(user.role);
  // A report opened from the inbox or a task opened from the dashboard keeps its menu entry lit.
  const selected =
    menu.find((entry) => path === entry.path || path.startsWith(`${entry.path}/`))?.path ??
    (path.startsWith('/tasks/') ? '/dashboard' : homeFor(user.role));

  return (
    <UnitsProvider units={units.data}>
      <Layout style={{ minHeight: '100vh' }}>
        {/* On a phone the menu slides over the page from a button in the header, and closes after a choice. */}
        {narrow && !collapsed && (
          <div onClick={() => setCollapsed(true)} style={{ position: 'fixed', inset: 0, zIndex: 19, background: 'rgba(0,0,0,0.45)' }} />
        )}
        <Layout.Sider
          breakpoint="lg"
          collapsedWidth={narrow ? 0 : 64}
          collapsible
          trigger={narrow ? null : undefined}
          collapsed={collapsed}
          onCollapse={setCollapsed}
          width={200}
          style={narrow ? { position: 'fixed', zIndex: 20, height: '100vh', insetInlineStart: 0, top: 0 } : undefined}
        >
          <div style={{ color: '#fff', padding: '18px 16px', fontWeight: 600, fontSize: 16, whiteSpace: 'nowrap', overflow: 'hidden' }}>
            {collapsed ? '台账' : '民生实事督办台账'}
          </div>
          <Menu
            theme="dark"
            mode="inline"
            selectedKeys={[selected]}
            items={menu.map((entry) => ({ key: entry.path, icon: ICONS[entry.path], label: entry.label }))}
            onClick={({ key }) => {
              navigate(key);
              if (narrow) setCollapsed(true);
            }}
          />
        </Layout.Sider>
        <Layout>
          <Layout.Header
            style={{
              background: '#fff',
              padding: narrow ? '0 12px' : '0 24px',
              display: 'flex',
              alignItems: 'center',
              justifyContent: 'space-between',
              gap: 8,
              lineHeight: 'normal',
            }}
          >
            <Space size="small" style={{ minWidth: 0 }}>
              {narrow && <Button type="text" icon={<MenuOutlined aria-hidden />} aria-label="菜单" onClick={() => setCollapsed(false)} />}
              <Typography.Text strong ellipsis style={{ fontSize: 16 }}>
                民生实事督办
              </Typography.Text>
            </Space>
            <Space size="small">
              <NotificationBell role={user.role} />
              <WhoAmI />
              {/* antd's icons name themselves in English (aria-label "logout"); the button says 退出登录. */}
              <Button icon={<LogoutOutlined aria-hidden />} aria-label="退出登录" onClick={signOut}>
                {narrow ? '' : '退出'}
              </Button>
            </Space>
          </Layout.Header>
          <Layout.Content style={{ padding: narrow ? 12 : 24 }}>
            <Suspense fallback={<PageLoading />}>{route(path, user.role)}</Suspense>
          </Layout.Content>
        </Layout>
      </Layout>
    </UnitsProvider>
  );
}

function WhoAmI() {
  const user = useUser();
  const unitName = useUnitName();
  return (
    <Typography.Text type="secondary" ellipsis style={{ maxWidth: '40vw' }} data-testid="who-am-i">
      {user.role === 'submitter' ? unitName(user.unitId) : ROLE_LABEL[user.role]} · {user.username}
    </Typography.Text>
  );
}

function route(path: string, role: Role): ReactNode {
  const found = routeOf(path);
  if (!found) return <Result status="404" title="页面不存在" extra={<Button onClick={() => navigate(homeFor(role))}>返回首页</Button>} />;
  // Refused before the page loads anything: no form or button of another role's work shows.
  if (!mayOpen(role, path))
    return (
      <div data-testid="forbidden">
        <Result
          status="403"
          title="无权访问此页面"
          subTitle={`当前账号（${ROLE_LABEL[role]}）不能使用该页面。`}
          extra={
            <Button type="primary" onClick={() => navigate(homeFor(role))}>
              返回首页
            </Button>
          }
        />
      </div>
    );
  return PAGES[found.pattern](found.params);
}
