import { Alert, Empty, Spin, Tag, Timeline, Typography } from 'antd';
import { createContext, useContext, type CSSProperties, type ReactNode } from 'react';
import type { ApiError, HistoryEntry, NoticeLevel, NoticeStatus, ReportStatus, Unit } from '../api';
import { eventLabel, NOTICE_LEVEL_LABEL, NOTICE_STATUS_LABEL, ROLE_OF_ACTOR, stageLabel, STATUS_COLOR, STATUS_LABEL } from '../labels';
import type { Loaded } from '../load';
import { chinaTime } from '../china-time';
import { chineseHalf, errorDetail, errorTitle } from '../errors';

/**
 * An API error as the API explained it: its title, detail and the fields at fault, in the Chinese
 * half of the API's bilingual words. `fields` names the form's fields in Chinese.
 */
export function ProblemAlert({ error, action, fields }: { error: ApiError; action?: ReactNode; fields?: Record<string, string> }) {
  const missing = error.status === 404 || error.status === 405;
  // A validation answer's detail repeats its field errors; the list below says it once.
  const repeatsFields = error.errors.length > 0 && error.detail === error.errors.map((e) => `${e.field}: ${e.message}`).join('; ');
  const detail = repeatsFields ? undefined : errorDetail(error);
  return (
    <Alert
      type={missing ? 'warning' : 'error'}
      showIcon
      role="alert"
      title={errorTitle(error)}
      description={
        detail || error.errors.length > 0 ? (
          <>
            {detail && <div>{detail}</div>}
            {error.errors.length > 0 && (
              <ul style={{ margin: '4px 0 0', paddingLeft: 20 }}>
                {error.errors.map((e) => (
                  <li key={e.field + e.message}>
                    {fields?.[e.field] ? `${fields[e.field]}：` : ''}
                    {chineseHalf(e.message) ?? '填写有误'}
                  </li>
                ))}
              </ul>
            )}
          </>
        ) : undefined
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

// antd's preset tag colours draw light text on light ground (green is 3.4:1); these meet WCAG AA (4.5:1).
const NOTICE_LEVEL_STYLE: Record<NoticeLevel, CSSProperties> = {
  red: { color: '#fff', background: '#a8071a', borderColor: '#a8071a' }, // 7.7:1
  yellow: { color: '#262626', background: '#fadb14', borderColor: '#d4b106' }, // 11:1
  blue: { color: '#fff', background: '#0958d9', borderColor: '#0958d9' }, // 6.2:1
};

/** 蓝色督办 / 黄色督办 / 红色督办, in its colour. */
export function NoticeLevelTag({ level }: { level: NoticeLevel }) {
  return (
    <Tag style={NOTICE_LEVEL_STYLE[level]} data-testid="notice-level">
      {NOTICE_LEVEL_LABEL[level]}
    </Tag>
  );
}

// Statuses stay neutral, so no status reads as a level: only the finished and the sent-back stand out.
const NOTICE_STATUS_STYLE: Partial<Record<NoticeStatus, CSSProperties>> = {
  closed: { color: '#135200', background: '#f6ffed', borderColor: '#b7eb8f' },
  returned: { color: '#871400', background: '#fff2e8', borderColor: '#ffbb96' },
};

export function NoticeStatusTag({ status }: { status: NoticeStatus }) {
  return (
    <Tag style={NOTICE_STATUS_STYLE[status]} data-testid="notice-status">
      {NOTICE_STATUS_LABEL[status]}
    </Tag>
  );
}

/** 可销号: the notice's cause has gone away; closing stays a person's act. */
export function ClosableTag() {
  return <Tag style={NOTICE_STATUS_STYLE.closed}>可销号</Tag>;
}

/** A moment as China reads it (2025年12月25日 16:00), whatever zone the desktop is set to. */
export const formatTime = (at: string | null | undefined) => chinaTime(at);

const UnitsContext = createContext<Map<string, string>>(new Map());

export function UnitsProvider({ units, children }: { units: Unit[] | undefined; children: ReactNode }) {
  return <UnitsContext.Provider value={new Map((units ?? []).map((unit) => [unit.id, unit.name]))}>{children}</UnitsContext.Provider>;
}

export function useUnitName(): (unitId: string | null | undefined) => string {
  const units = useContext(UnitsContext);
  return (unitId) => (unitId ? (units.get(unitId) ?? unitId) : '—');
}

/** Every unit, by id and name, for pickers. */
export function useUnitOptions(): { value: string; label: string }[] {
  const units = useContext(UnitsContext);
  return [...units].map(([value, label]) => ({ value, label }));
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
