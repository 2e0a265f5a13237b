import { CheckCircleTwoTone, CloseCircleTwoTone } from '@ant-design/icons';
import { App, Badge, Button, Card, Checkbox, List, Modal, Select, Space, Table, Tabs, Tag, Typography } from 'antd';
import { useEffect, useState } from 'react';
import { api, type InboxItem, type Instruction, type Notice, type Task, type Urge } from '../api';
import { chinaTime } from '../china-time';
import { formatTime, LoadState, NoticeLevelTag, PageTitle, ProblemAlert, useUnitName } from '../components/common';
import { InstructionActions } from '../components/supervision';
import { eventLabel, INSTRUCTION_STATUS_LABEL, stageLabel, SUPERVISION_FIELD_LABEL } from '../labels';
import { asApiError, useLoad, useLoadAfterActions, type Loaded } from '../load';
import { filterInbox, inboxOrder, slaCountdown, type InboxFilter } from '../inbox';
import { isOverdue, supervisorTodo, unitTodo } from '../notice';
import { periodLabel } from '../period';
import { Link } from '../router';
import { useUser } from '../session';
import { instructionTodo, leaderText, urgeWaitsFor } from '../supervision';
import { errorText } from '../errors';

/**
 * 审核 / 签发 / 待办: reports waiting at the viewer's stage with their SLA, and what was already
 * handled. A unit's 待办 holds countersigning for tasks it co-leads and its own returned reports:
 * each is opened and handled on its own, so there is no bulk approval there. Above them, the
 * unit's 督办单 that wait for it: to sign for (签收) or to answer (整改反馈).
 */
export function InboxPage() {
  const user = useUser();
  const inbox = useLoad(() => api.inbox(), []);
  const unitName = useUnitName();
  const [selected, setSelected] = useState<InboxItem[]>([]);
  const [bulkOpen, setBulkOpen] = useState(false);
  const verb = user.role === 'office' ? '签发' : '审核';
  const bulk = user.role !== 'submitter';
  const tasks = useLoad(() => (user.role === 'submitter' ? api.tasks() : Promise.resolve([])), [user.role]);
  const [filter, setFilter] = useState<InboxFilter>({});
  const now = useMinuteClock();

  const common = [
    {
      title: '任务',
      key: 'task',
      render: (_: unknown, row: InboxItem) => (
        <Link to={`/reports/${row.reportId}`}>
          <Tag>{row.taskCode}</Tag>
          {row.taskTitle}
        </Link>
      ),
    },
    { title: '填报单位', key: 'unit', render: (_: unknown, row: InboxItem) => unitName(row.unitId) },
    { title: '期间', key: 'period', render: (_: unknown, row: InboxItem) => periodLabel(row.period) },
    { title: '环节', key: 'stage', render: (_: unknown, row: InboxItem) => stageLabel(row.stage) },
  ];

  return (
    <>
      <PageTitle
        extra={
          bulk && (
            <Button type="primary" disabled={selected.length === 0} onClick={() => setBulkOpen(true)}>
              批量{verb === '签发' ? '签发' : '通过'}（{selected.length}）
            </Button>
          )
        }
      >
        {bulk ? `${verb}待办` : '待办'}
      </PageTitle>
      {user.role === 'submitter' && (
        <>
          <UrgesWaiting tasks={tasks} />
          <InstructionsWaiting tasks={tasks} />
          <NoticesWaiting todo={(n) => unitTodo(n.status)} />
        </>
      )}
      {(user.role === 'coordinator' || user.role === 'office') && <NoticesWaiting todo={supervisorTodo} />}
      <LoadState loaded={inbox}>
        {(data) => (
          <Tabs
            items={[
              {
                key: 'waiting',
                label: (
                  <Badge count={data.waiting.length} offset={[12, 0]} size="small">
                    待办
                  </Badge>
                ),
                children: (
                  <>
                    <Space wrap style={{ marginBottom: 12 }} data-testid="inbox-filters">
                      <Select
                        aria-label="按填报单位筛选"
                        value={filter.unitId ?? ''}
                        onChange={(unitId) => setFilter((f) => ({ ...f, unitId: unitId || undefined }))}
                        showSearch={{ optionFilterProp: 'label' }}
                        style={{ width: 220 }}
                        options={[
                          { value: '', label: '全部填报单位' },
                          ...[...new Set(data.waiting.map((i) => i.unitId))].map((unitId) => ({ value: unitId, label: unitName(unitId) })),
                        ]}
                      />
                      <Checkbox
                        checked={filter.overdueOnly ?? false}
                        onChange={(e) => setFilter((f) => ({ ...f, overdueOnly: e.target.checked }))}
                      >
                        只看已超时
                      </Checkbox>
                      <Typography.Text type="secondary">已超时的排在最前，其余按办理时限先后</Typography.Text>
                    </Space>
                    <Table<InboxItem>
                      rowKey="reportId"
                      dataSource={inboxOrder(filterInbox(data.waiting, filter))}
                      scroll={{ x: 'max-content' }}
                      rowSelection={
                        bulk
                          ? {
                              selectedRowKeys: selected.map((s) => s.reportId),
                              onChange: (_, rows) => setSelected(rows),
                              // antd names these checkboxes in English ("Select all"); screen readers get Chinese.
                              getTitleCheckboxProps: () => ({ 'aria-label': '全选' }),
                              getCheckboxProps: (row) => ({ 'aria-label': `选择 ${row.taskCode} ${periodLabel(row.period)}` }),
                            }
                          : undefined
                      }
                      rowClassName={(row) => (row.overdue ? 'overdue-row' : '')}
                      columns={[
                        ...common,
                        { title: '收到时间', key: 'since', render: (_, row) => formatTime(row.since) },
                        {
                          title: '办理时限',
                          key: 'sla',
                          render: (_, row) => {
                            const left = slaCountdown(row.slaDue, now);
                            return (
                              <Space size={4}>
                                <span>{formatTime(row.slaDue)}</span>
                                {left && (
                                  <Tag
                                    color={row.overdue || left.tone === 'overdue' ? 'red' : left.tone === 'soon' ? 'orange' : 'default'}
                                    data-testid="sla-countdown"
                                  >
                                    {left.text}
                                  </Tag>
                                )}
                                {row.urged && <Tag color="orange">已催办</Tag>}
                              </Space>
                            );
                          },
                        },
                        {
                          title: '操作',
                          key: 'action',
                          render: (_, row) => <Link to={`/reports/${row.reportId}`}>办理</Link>,
                        },
                      ]}
                    />
                  </>
                ),
              },
              {
                key: 'done',
                label: '已办',
                children: (
                  <Table
                    rowKey={(row) => `${row.reportId}-${row.at}`}
                    dataSource={data.done}
                    scroll={{ x: 'max-content' }}
                    columns={[
                      ...common,
                      { title: '办理', key: 'action', render: (_, row) => `${eventLabel(row.action)} · ${formatTime(row.at)}` },
                    ]}
                  />
                ),
              },
            ]}
          />
        )}
      </LoadState>
      {bulkOpen && (
        <BulkApprove
          items={selected}
          verb={verb === '签发' ? '签发' : '通过'}
          onClose={(changed) => {
            setBulkOpen(false);
            if (changed) {
              setSelected([]);
              inbox.reload();
            }
          }}
        />
      )}
    </>
  );
}

/** Now, renewed every minute: the time limits count down while the page stays open. */
function useMinuteClock(): Date {
  const [now, setNow] = useState(() => new Date());
  useEffect(() => {
    const timer = setInterval(() => setNow(new Date()), 60_000);
    return () => clearInterval(timer);
  }, []);
  return now;
}

/**
 * The open notices that wait for the viewer, most pressing colour first (the API's order): for a
 * unit its 签收 and 整改反馈, for the 工作专班办公室 its 核查 and 销号.
 */
function NoticesWaiting({ todo }: { todo: (notice: Notice) => string | null }) {
  const notices = useLoad(() => api.notices({ status: 'open' }), []);
  const tasks = useLoad(() => api.tasks(), []);
  const waiting = (notices.data ?? []).filter((n) => todo(n));
  if (notices.data && waiting.length === 0) return null;
  const now = new Date();
  const task = (taskId: string) => tasks.data?.find((t) => t.id === taskId);
  return (
    <Card
      size="small"
      style={{ marginBottom: 16 }}
      data-testid="notices-waiting"
      title={
        <Badge count={waiting.length} offset={[12, 0]} size="small">
          督办单
        </Badge>
      }
    >
      <LoadState loaded={notices}>
        {() => (
          <Table<Notice>
            rowKey="id"
            size="small"
            pagination={false}
            dataSource={waiting}
            scroll={{ x: 'max-content' }}
            rowClassName={(n) => `notice-${n.level}`}
            columns={[
              { title: '等级', key: 'level', render: (_, n) => <NoticeLevelTag level={n.level} /> },
              {
                title: '督办事项',
                key: 'matter',
                render: (_, n) => (
                  <Link to={`/notices/${n.id}`} style={{ display: 'inline-block', maxWidth: 280 }}>
                    <Typography.Text ellipsis style={{ maxWidth: 280, color: 'inherit' }}>
                      {n.matter}
                    </Typography.Text>
                  </Link>
                ),
              },
              {
                title: '任务',
                key: 'task',
                render: (_, n) => {
                  const t = task(n.taskId);
                  return t ? (
                    <>
                      <Tag>{t.code}</Tag>
                      {t.title}
                    </>
                  ) : (
                    '—'
                  );
                },
              },
              {
                title: '待办',
                key: 'todo',
                render: (_, n) => (
                  <Space size={4}>
                    <span>{todo(n)}</span>
                    {n.status === 'returned' && <Tag>已退回</Tag>}
                  </Space>
                ),
              },
              {
                title: '截止时间',
                key: 'due',
                render: (_, n) => (
                  <Space size={4}>
                    <span>{chinaTime(n.status === 'issued' ? n.acknowledgeBy : n.dueAt)}</span>
                    {isOverdue(n, now) && <Tag color="red">已超时</Tag>}
                  </Space>
                ),
              },
              { title: '操作', key: 'action', render: (_, n) => <Link to={`/notices/${n.id}`}>办理</Link> },
            ]}
          />
        )}
      </LoadState>
    </Card>
  );
}

function TaskText({ tasks, taskId }: { tasks: Loaded<Task[]>; taskId: string }) {
  const task = tasks.data?.find((t) => t.id === taskId);
  return task ? (
    <Link to={`/tasks/${encodeURIComponent(task.id)}`}>
      <Tag>{task.code}</Tag>
      {task.title}
    </Link>
  ) : (
    <>—</>
  );
}

/** 催报 addressed to the unit that it has not acknowledged yet: 确认收到, then report the period. */
function UrgesWaiting({ tasks }: { tasks: Loaded<Task[]> }) {
  const user = useUser();
  const { message } = App.useApp();
  const urges = useLoadAfterActions(() => api.urges({ status: 'urged' }), []);
  const [error, setError] = useState<ReturnType<typeof asApiError>>();
  const [busy, setBusy] = useState<string>();
  const waiting = (urges.data ?? []).filter((u) => urgeWaitsFor(u, user.unitId));
  if (urges.data && waiting.length === 0) return null;
  const acknowledge = async (urge: Urge) => {
    setBusy(urge.id);
    setError(undefined);
    try {
      await api.acknowledgeUrge(urge.id);
      message.success('已确认收到催报');
      urges.reloadUntil((rows) => !rows.some((u) => u.id === urge.id && urgeWaitsFor(u, user.unitId)));
    } catch (e) {
      setError(asApiError(e));
    } finally {
      setBusy(undefined);
    }
  };
  return (
    <Card
      size="small"
      style={{ marginBottom: 16 }}
      data-testid="urges-waiting"
      title={
        <Badge count={waiting.length} offset={[12, 0]} size="small">
          催报
        </Badge>
      }
    >
      {error && <ProblemAlert error={error} fields={SUPERVISION_FIELD_LABEL} />}
      <LoadState loaded={urges}>
        {() => (
          <List<Urge>
            dataSource={waiting}
            renderItem={(u) => (
              // One row that wraps: on a phone the buttons go under the text instead of off the screen.
              <List.Item data-testid="urge" style={{ display: 'flex', flexWrap: 'wrap', gap: 8 }}>
                <div style={{ flex: '1 1 320px', minWidth: 0 }}>
                  <TaskText tasks={tasks} taskId={u.taskId} />
                  <div>
                    {periodLabel(u.period)}进度报告 · {u.message ?? '请尽快报送'}
                  </div>
                  <Typography.Text type="secondary">催报时间 {chinaTime(u.urgedAt)}</Typography.Text>
                </div>
                <Space size={8}>
                  <Button size="small" type="primary" loading={busy === u.id} onClick={() => acknowledge(u)}>
                    确认收到
                  </Button>
                  <Link to={`/submit/${encodeURIComponent(u.taskId)}?period=${u.period}`}>去填报</Link>
                </Space>
              </List.Item>
            )}
          />
        )}
      </LoadState>
    </Card>
  );
}

/** 领导批示 that wait for the unit: 阅示, then 落实情况. */
function InstructionsWaiting({ tasks }: { tasks: Loaded<Task[]> }) {
  const user = useUser();
  const unitName = useUnitName();
  const instructions = useLoadAfterActions(() => api.instructions(), []);
  const waiting = (instructions.data ?? []).filter((i) => instructionTodo(i, user.unitId));
  if (instructions.data && waiting.length === 0) return null;
  const acted = (answer: Instruction) =>
    instructions.reloadUntil((rows) =>
      rows.some(
        (i) => i.id === answer.id && i.acknowledgedBy.length === answer.acknowledgedBy.length && i.reports.length === answer.reports.length,
      ),
    );
  return (
    <Card
      size="small"
      style={{ marginBottom: 16 }}
      data-testid="instructions-waiting"
      title={
        <Badge count={waiting.length} offset={[12, 0]} size="small">
          领导批示
        </Badge>
      }
    >
      <LoadState loaded={instructions}>
        {() => (
          <List<Instruction>
            dataSource={waiting}
            renderItem={(i) => (
              <List.Item data-testid="instruction-waiting" style={{ display: 'flex', flexWrap: 'wrap', gap: 8 }}>
                <div style={{ flex: '1 1 320px', minWidth: 0 }}>
                  <Space size={4} wrap>
                    <Typography.Text strong>{leaderText(i.by, unitName)}批示</Typography.Text>
                    <Tag>
                      {instructionTodo(i, user.unitId) === '阅示'
                        ? INSTRUCTION_STATUS_LABEL.recorded
                        : INSTRUCTION_STATUS_LABEL.acknowledged}
                    </Tag>
                  </Space>
                  <Typography.Paragraph ellipsis={{ rows: 2, tooltip: i.text }} style={{ marginBottom: 0 }}>
                    {i.text}
                  </Typography.Paragraph>
                  <TaskText tasks={tasks} taskId={i.taskId} />
                  <Typography.Text type="secondary"> · {chinaTime(i.recordedAt)}</Typography.Text>
                </div>
                <InstructionActions instruction={i} onDone={acted} />
              </List.Item>
            )}
          />
        )}
      </LoadState>
    </Card>
  );
}

type Outcome = { ok: true } | { ok: false; message: string };

/** Each selected report must be ticked on its own before anything is approved; results show per item. */
function BulkApprove({ items, verb, onClose }: { items: InboxItem[]; verb: string; onClose(changed: boolean): void }) {
  const [confirmed, setConfirmed] = useState<Set<string>>(new Set());
  const [outcomes, setOutcomes] = useState<Record<string, Outcome>>({});
  const [busy, setBusy] = useState(false);
  const done = Object.keys(outcomes).length > 0;

  const run = async () => {
    setBusy(true);
    for (const item of items.filter((i) => confirmed.has(i.reportId))) {
      try {
        await api.approve(item.reportId);
        setOutcomes((o) => ({ ...o, [item.reportId]: { ok: true } }));
      } catch (e) {
        const error = asApiError(e);
        setOutcomes((o) => ({ ...o, [item.reportId]: { ok: false, message: errorText(error) } }));
      }
    }
    setBusy(false);
  };

  return (
    <Modal
      open
      title={`批量${verb}`}
      onCancel={() => onClose(done)}
      footer={
        done
          ? [
              <Button key="close" type="primary" onClick={() => onClose(true)}>
                完成
              </Button>,
            ]
          : [
              <Button key="cancel" onClick={() => onClose(false)}>
                取消
              </Button>,
              <Button key="ok" type="primary" disabled={confirmed.size === 0} loading={busy} onClick={run}>
                确认{verb}已勾选的 {confirmed.size} 项
              </Button>,
            ]
      }
    >
      <Typography.Paragraph type="secondary">请逐项核对并勾选确认。</Typography.Paragraph>
      <List
        dataSource={items}
        renderItem={(item) => {
          const outcome = outcomes[item.reportId];
          return (
            <List.Item>
              <Checkbox
                disabled={busy || done}
                checked={confirmed.has(item.reportId)}
                onChange={(e) =>
                  setConfirmed((set) => {
                    const next = new Set(set);
                    if (e.target.checked) next.add(item.reportId);
                    else next.delete(item.reportId);
                    return next;
                  })
                }
              >
                {item.taskCode} {item.taskTitle} · {periodLabel(item.period)}
              </Checkbox>
              {outcome &&
                (outcome.ok ? (
                  <CheckCircleTwoTone twoToneColor="#52c41a" />
                ) : (
                  <Space>
                    <CloseCircleTwoTone twoToneColor="#ff4d4f" />
                    <Typography.Text type="danger">{outcome.message}</Typography.Text>
                  </Space>
                ))}
            </List.Item>
          );
        }}
      />
    </Modal>
  );
}
