import { Alert, Empty, Spin, Tag, Timeline, Typography } from 'antd';
import dayjs from 'dayjs';
import { createContext, useContext, type ReactNode } from 'react';
import type { ApiError, HistoryEntry, ReportStatus, Unit } from '../api';
import { eventLabel, ROLE_OF_ACTOR, stageLabel, STATUS_COLOR, STATUS_LABEL } from '../labels';
import type { Loaded } from '../load';

/** An API error as the API explained it: its title, detail and the fields at fault. */
export function ProblemAlert({ error, action }: { error: ApiError; action?: ReactNode }) {
  const missing = error.status === 404 || error.status === 405;
  return (
    <Alert
      type={missing ? 'warning' : 'error'}
      showIcon
      role="alert"
      title={error.status ? `${error.title}（${error.status}）` : error.title}
      description={
        <>
          <div>{error.detail}</div>
          {error.errors.length > 0 && (
            <ul style={{ margin: '4px 0 0', paddingLeft: 20 }}>
              {error.errors.map((e) => (
                <li key={e.field + e.message}>
                  <Typography.Text code>{e.field}</Typography.Text> {e.message}
                </li>
              ))}
            </ul>
          )}
        </>
      }
      action={action}
    />
  );
}

/** Spinner while loading, the error when it failed, the content once there. */
export function LoadState<T>({ loaded, children }: { loaded: Loaded<T>; children: (data: T) => ReactNode }) {
  if (loaded.error) return <ProblemAlert error={loaded.error} />;
  if (loaded.data === undefined) return <Spin style={{ display: 'block', margin: '48px auto' }} description="加载中…" />;
  return <>{children(loaded.data)}</>;
}

export function StatusTag({ status }: { status: ReportStatus }) {
  return <Tag color={STATUS_COLOR[status]}>{STATUS_LABEL[status] ?? status}</Tag>;
}

export const formatTime = (at: string | null | undefined) => (at ? dayjs(at).format('YYYY-MM-DD HH:mm') : '—');

const UnitsContext = createContext<Map<string, string>>(new Map());

export function UnitsProvider({ units, children }: { units: Unit[] | undefined; children: ReactNode }) {
  return <UnitsContext.Provider value={new Map((units ?? []).map((unit) => [unit.id, unit.name]))}>{children}</UnitsContext.Provider>;
}

export function useUnitName(): (unitId: string | null | undefined) => string {
  const units = useContext(UnitsContext);
  return (unitId) => (unitId ? (units.get(unitId) ?? unitId) : '—');
}

/** What happened to a report, oldest first, with the reviewers' words. */
export function ReportTimeline({ history }: { history: HistoryEntry[] }) {
  if (history.length === 0) return <Empty description="暂无记录" />;
  return (
    <Timeline
      items={history.map((entry, i) => ({
        key: i,
        color:
          entry.type === 'ReportRejected' || entry.type === 'ReportReturned' ? 'red' : entry.type === 'ReportSignedOff' ? 'green' : 'blue',
        content: (
          <div data-testid="timeline-entry">
            <Typography.Text strong>{eventLabel(entry.type)}</Typography.Text>
            {entry.stage && <Tag style={{ marginInlineStart: 8 }}>{stageLabel(entry.stage)}</Tag>}
            <div>
              <Typography.Text type="secondary">
                {formatTime(entry.at)} · {ROLE_OF_ACTOR[entry.role] ?? entry.role}
              </Typography.Text>
            </div>
            {entry.comment && <div style={{ whiteSpace: 'pre-wrap' }}>“{entry.comment}”</div>}
          </div>
        ),
      }))}
    />
  );
}

export function PageTitle({ children, extra }: { children: ReactNode; extra?: ReactNode }) {
  return (
    <div style={{ display: 'flex', flexWrap: 'wrap', alignItems: 'center', justifyContent: 'space-between', gap: 8, marginBottom: 16 }}>
      <Typography.Title level={3} style={{ margin: 0 }}>
        {children}
      </Typography.Title>
      {extra}
    </div>
  );
}
