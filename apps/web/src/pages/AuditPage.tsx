import { DownloadOutlined, HistoryOutlined, SafetyCertificateOutlined } from '@ant-design/icons';
import { Alert, App, Button, Card, Col, DatePicker, Empty, Row, Select, Space, Table, Tag, Timeline, Typography } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useState } from 'react';
import { api, type Task, type TargetHistory } from '../api';
import { LoadState, PageTitle, StatusTag } from '../components/common';
import { eventWithPeriod, formatNumber, ROLE_OF_ACTOR, targetText, valueText } from '../labels';
import { chinaTime, parseAsOf } from '../china-time';
import { asApiError, useLoad } from '../load';
import { defaultPeriod, periodLabel, periodsOf, planYearOf } from '../period';
import { navigate, useLocation } from '../router';
import { errorText } from '../errors';

// The picker shows the moment as China writes it; the page's other times are chinaTime.
const TIME_FORMAT = 'YYYY年M月D日 HH:mm:ss';

/** 审计: a task's full history replayed as of any moment, the hash chain's state, and exports. */
export function AuditPage() {
  const { search } = useLocation();
  const tasks = useLoad(() => api.tasks(), []);
  const taskId = search.get('taskId') ?? tasks.data?.[0]?.id;
  const { asOf, invalid: invalidAsOf } = parseAsOf(search.get('asOf'));
  const year = planYearOf(taskId ?? '', new Date().getFullYear());
  const setQuery = (next: { taskId?: string; asOf?: string }) => {
    const params = new URLSearchParams();
    const t = 'taskId' in next ? next.taskId : taskId;
    const a = 'asOf' in next ? next.asOf : asOf;
    if (t) params.set('taskId', t);
    if (a) params.set('asOf', a);
    navigate(`/audit?${params}`, { replace: true });
  };

  return (
    <>
      <PageTitle>审计回放</PageTitle>
      {invalidAsOf && (
        <Alert
          style={{ marginBottom: 16 }}
          type="warning"
          showIcon
          role="alert"
          title="截至时间无效"
          description="地址中的截至时间无法识别，以下显示当前（最新）状态；请在“截至”处重新选择时间。"
        />
      )}
      <Row gutter={[16, 16]}>
        <Col xs={24} xl={16}>
          <LoadState loaded={tasks}>
            {(list) => (
              <Card size="small" style={{ marginBottom: 16 }}>
                <Space wrap>
                  <Select
                    aria-label="任务"
                    showSearch={{ optionFilterProp: 'label' }}
                    style={{ width: 320, maxWidth: '80vw' }}
                    value={taskId}
                    onChange={(value) => setQuery({ taskId: value })}
                    options={list.map((t) => ({ value: t.id, label: `${t.code} ${t.title}` }))}
                  />
                  <Typography.Text>截至</Typography.Text>
                  <DatePicker
                    aria-label="截至时间"
                    data-testid="as-of"
                    showTime
                    format={TIME_FORMAT}
                    placeholder="当前（最新）"
                    value={asOf ? dayjs(asOf) : null}
                    onChange={(value: Dayjs | null) => setQuery({ asOf: value ? value.toISOString() : undefined })}
                  />
                  <Button onClick={() => setQuery({ asOf: undefined })} disabled={!asOf}>
                    回到最新
                  </Button>
                </Space>
              </Card>
            )}
          </LoadState>
          {taskId && tasks.data && (
            <Replay task={tasks.data.find((t) => t.id === taskId)} taskId={taskId} asOf={asOf} onPick={(at) => setQuery({ asOf: at })} />
          )}
        </Col>
        <Col xs={24} xl={8}>
          <ChainCard />
          {/* Keyed by year: the default period follows the plan once the tasks have loaded. */}
          <ExportCard key={year} taskId={taskId} year={year} />
        </Col>
      </Row>
    </>
  );
}

function Replay({
  task,
  taskId,
  asOf,
  onPick,
}: {
  task: Task | undefined;
  taskId: string;
  asOf: string | undefined;
  onPick(at: string | undefined): void;
}) {
  const history = useLoad(() => api.targetHistory(taskId, asOf), [taskId, asOf]);
  return (
    <LoadState loaded={history}>
      {/* Keyed by the answer: earlier pages loaded for one moment are not kept for another. */}
      {(h) => (
        <ReplayedHistory key={`${taskId}|${h.asOf}|${h.position}`} task={task} taskId={taskId} asOf={asOf} first={h} onPick={onPick} />
      )}
    </LoadState>
  );
}

/**
 * The replayed state and its timeline: the API answers the latest page of events; 加载更早的记录
 * asks for the page before (the answer's `earlier` cursor) as of the same moment and puts it above.
 */
function ReplayedHistory({
  task,
  taskId,
  asOf,
  first: h,
  onPick,
}: {
  task: Task | undefined;
  taskId: string;
  asOf: string | undefined;
  first: TargetHistory;
  onPick(at: string | undefined): void;
}) {
  const { message } = App.useApp();
  const [older, setOlder] = useState<TargetHistory['events']>([]);
  const [earlier, setEarlier] = useState(h.earlier);
  const [loading, setLoading] = useState(false);
  const events = [...older, ...h.events];
  const loadEarlier = async () => {
    if (!earlier) return;
    setLoading(true);
    try {
      const page = await api.targetHistory(taskId, asOf, earlier);
      setOlder((shown) => [...page.events, ...shown]);
      setEarlier(page.earlier);
    } catch (e) {
      message.error(errorText(asApiError(e)));
    } finally {
      setLoading(false);
    }
  };
  return (
    <>
      <Card
        size="small"
        style={{ marginBottom: 16 }}
        data-testid="replayed-state"
        title={
          <span>
            <HistoryOutlined /> {asOf ? `截至 ${chinaTime(h.asOf)} 的状态` : '当前状态'}
          </span>
        }
      >
        <ReplayedState task={task} state={h.state} />
      </Card>
      <Card size="small" title={earlier ? `事件记录（最近 ${events.length} 条）` : `事件记录（共 ${events.length} 条）`}>
        {events.length === 0 ? (
          <Empty description="此时刻之前没有事件" />
        ) : (
          <>
            {earlier && (
              <Button block type="dashed" style={{ marginBottom: 16 }} loading={loading} onClick={() => void loadEarlier()}>
                加载更早的记录
              </Button>
            )}
            <Timeline
              items={events.map((event, i) => ({
                key: event.position,
                color:
                  event.type === 'ReportRejected' || event.type === 'ReportReturned'
                    ? 'red'
                    : event.type === 'ReportSignedOff'
                      ? 'green'
                      : 'blue',
                content: (
                  <div data-testid="audit-event">
                    <Space wrap size={4}>
                      <Typography.Text strong>{eventWithPeriod(event.type, event.period)}</Typography.Text>
                      <Typography.Text type="secondary">#{event.position}</Typography.Text>
                      <Button size="small" type="link" onClick={() => onPick(momentAfter(events, i))}>
                        回放到此刻
                      </Button>
                    </Space>
                    <div>
                      <Typography.Text type="secondary">
                        {chinaTime(event.at)} · {ROLE_OF_ACTOR[event.role] ?? event.role}
                      </Typography.Text>
                    </div>
                    {event.values && (
                      <div className="numeric">
                        {event.values
                          .map((v) => {
                            const indicator = task?.indicators.find((i) => i.id === v.indicatorId);
                            return `${indicator?.name ?? v.indicatorId}：${indicator ? valueText(v.value, indicator) : formatNumber(v.value)}`;
                          })
                          .join('；')}
                      </div>
                    )}
                    {event.comment && <div>“{event.comment}”</div>}
                  </div>
                ),
              }))}
            />
          </>
        )}
      </Card>
    </>
  );
}

/**
 * The moment to replay so that event `i` is included. asOf compares the time an event was
 * recorded, which comes a little after the time it happened; without that time, the moment
 * just before the next event happened includes this one and nothing later. After the last
 * event: the latest state.
 */
export function momentAfter(events: TargetHistory['events'], i: number): string | undefined {
  const event = events[i]!;
  if (event.recordedAt) return event.recordedAt;
  const next = events[i + 1];
  return next ? new Date(Date.parse(next.at) - 1).toISOString() : undefined;
}

function ReplayedState({ task, state }: { task: Task | undefined; state: TargetHistory['state'] }) {
  const rows = (
    task?.indicators ??
    state.indicators.map((i) => ({
      id: i.id,
      name: i.name,
      target: null,
      unit: null,
      kind: 'cumulative',
      comparator: '>=',
      ownerUnit: null,
    }))
  ).map((indicator) => ({
    indicator,
    replayed: state.indicators.find((i) => i.id === indicator.id),
  }));
  return (
    <>
      <Table
        size="small"
        rowKey={(row) => row.indicator.id}
        pagination={false}
        dataSource={rows}
        scroll={{ x: 'max-content' }}
        style={{ marginBottom: 12 }}
        columns={[
          { title: '指标', key: 'name', render: (_, row) => row.indicator.name },
          { title: '目标', key: 'target', render: (_, row) => targetText(row.indicator) },
          {
            title: '已签发值',
            key: 'value',
            className: 'numeric',
            render: (_, row) => <span data-testid={`replayed-${row.indicator.id}`}>{valueText(row.replayed?.value, row.indicator)}</span>,
          },
          {
            title: '完成率',
            key: 'percent',
            className: 'numeric',
            render: (_, row) => (row.replayed?.percent === null || row.replayed?.percent === undefined ? '—' : `${row.replayed.percent}%`),
          },
        ]}
      />
      <Typography.Text strong>报告</Typography.Text>
      {state.reports.length === 0 ? (
        <div data-testid="replayed-reports">
          <Typography.Text type="secondary">此时刻尚无报告</Typography.Text>
        </div>
      ) : (
        <Space wrap data-testid="replayed-reports" style={{ display: 'flex', marginTop: 4 }}>
          {state.reports.map((r) => (
            <Tag key={r.id} style={{ padding: '2px 8px' }}>
              {periodLabel(r.period)} · 第 {r.revision} 版 · <StatusTag status={r.status} />
            </Tag>
          ))}
        </Space>
      )}
    </>
  );
}

function ChainCard() {
  const chain = useLoad(() => api.verifyChain(), []);
  return (
    <Card
      size="small"
      style={{ marginBottom: 16 }}
      title={
        <span>
          <SafetyCertificateOutlined /> 哈希链校验
        </span>
      }
      extra={
        <Button size="small" onClick={chain.reload} loading={chain.loading}>
          重新校验
        </Button>
      }
      data-testid="chain"
    >
      <LoadState loaded={chain}>
        {(result) =>
          result.ok ? (
            <Alert type="success" showIcon title="事件链完整" description={`已校验 ${result.checked} 条事件，未发现篡改。`} />
          ) : (
            <Alert
              type="error"
              showIcon
              title="事件链校验失败"
              description={`自第 ${result.firstBrokenPosition} 条事件起哈希不一致（共校验 ${result.checked} 条）。`}
            />
          )
        }
      </LoadState>
    </Card>
  );
}

function ExportCard({ taskId, year }: { taskId: string | undefined; year: number }) {
  const { message } = App.useApp();
  const [period, setPeriod] = useState(defaultPeriod(new Date(), year));
  const [busy, setBusy] = useState<string>();
  const download = async (key: string, path: string, name: string) => {
    setBusy(key);
    try {
      await api.download(path, name);
    } catch (e) {
      const error = asApiError(e);
      message.error(errorText(error));
    } finally {
      setBusy(undefined);
    }
  };
  return (
    <Card size="small" title="导出">
      <Space orientation="vertical" style={{ width: '100%' }}>
        <Space wrap>
          <Select
            aria-label="导出期间"
            value={period}
            onChange={setPeriod}
            style={{ width: 130 }}
            options={periodsOf(year).map((p) => ({ value: p, label: periodLabel(p) }))}
          />
          <Button
            icon={<DownloadOutlined />}
            loading={busy === 'monthly'}
            onClick={() => download('monthly', `/api/exports/monthly.xlsx?period=${period}`, `月度进度-${period}.xlsx`)}
          >
            月度进度表
          </Button>
        </Space>
        <Button
          icon={<DownloadOutlined />}
          disabled={!taskId}
          loading={busy === 'history'}
          onClick={() =>
            taskId && download('history', `/api/targets/${encodeURIComponent(taskId)}/history.xlsx`, `审计记录-${taskId}.xlsx`)
          }
        >
          当前任务审计记录
        </Button>
      </Space>
    </Card>
  );
}
