import { PlusOutlined } from '@ant-design/icons';
import { App, Button, Card, DatePicker, Form, Grid, Input, List, Modal, Radio, Select, Space, Table, Tag, Typography } from 'antd';
import type { Dayjs } from 'dayjs';
import { useState } from 'react';
import { api, type Notice, type NoticeLevel, type NoticeStatus, type Task } from '../api';
import { chinaDay, DATE_FORMATS, chinaTime } from '../china-time';
import {
  ClosableTag,
  LoadState,
  NoticeLevelTag,
  NoticeStatusTag,
  PageTitle,
  ProblemAlert,
  useUnitName,
  useUnitOptions,
} from '../components/common';
import { NOTICE_CAUSE_LABEL, NOTICE_FIELD_LABEL, NOTICE_LEVEL_LABEL, NOTICE_LEVELS, NOTICE_STATUS_LABEL } from '../labels';
import { asApiError, useLoad, type Loaded } from '../load';
import { daysOpen, isOverdue } from '../notice';
import { Link, navigate, useLocation } from '../router';
import { useUser } from '../session';

type StatusFilter = NoticeStatus | 'open' | '';

const STATUS_OPTIONS: { value: StatusFilter; label: string }[] = [
  { value: '', label: '全部状态' },
  { value: 'open', label: '未销号' },
  ...(Object.keys(NOTICE_STATUS_LABEL) as NoticeStatus[]).map((s) => ({ value: s, label: NOTICE_STATUS_LABEL[s] })),
];

/**
 * 督办: the board of supervision notices, red first. The counts above it follow the filters other
 * than the level, so picking a colour narrows the table without hiding how many of each there are.
 */
export default function NoticesPage() {
  const user = useUser();
  const { search } = useLocation();
  const phone = !Grid.useBreakpoint().md;
  const [level, setLevel] = useState<NoticeLevel | ''>((search.get('level') as NoticeLevel | null) ?? '');
  const [status, setStatus] = useState<StatusFilter>((search.get('status') as StatusFilter | null) ?? '');
  const [unitId, setUnitId] = useState(search.get('unitId') ?? '');
  const [taskId, setTaskId] = useState(search.get('taskId') ?? '');
  const [issuing, setIssuing] = useState(false);
  const notices = useLoad(
    () => api.notices({ status: status || undefined, unitId: unitId || undefined, taskId: taskId || undefined }),
    [status, unitId, taskId],
  );
  const tasks = useLoad(() => api.tasks(), []);
  const units = useUnitOptions();
  const supervises = user.role === 'coordinator' || user.role === 'office';
  const taskOptions = (tasks.data ?? []).map((t) => ({ value: t.id, label: `${t.code} ${t.title}` }));

  return (
    <>
      <PageTitle
        extra={
          supervises && (
            <Button type="primary" icon={<PlusOutlined />} onClick={() => setIssuing(true)}>
              交办督办单
            </Button>
          )
        }
      >
        {user.role === 'submitter' ? '本单位督办单' : '督办单'}
      </PageTitle>
      <Space wrap style={{ marginBottom: 16 }}>
        <Select
          aria-label="等级"
          value={level}
          onChange={setLevel}
          style={{ width: 130 }}
          options={[{ value: '', label: '全部等级' }, ...NOTICE_LEVELS.map((l) => ({ value: l, label: NOTICE_LEVEL_LABEL[l] }))]}
        />
        <Select aria-label="状态" value={status} onChange={setStatus} style={{ width: 130 }} options={STATUS_OPTIONS} />
        {user.role !== 'submitter' && (
          <Select
            aria-label="牵头单位"
            value={unitId}
            onChange={setUnitId}
            style={{ width: 220 }}
            showSearch={{ optionFilterProp: 'label' }}
            options={[{ value: '', label: '全部牵头单位' }, ...units]}
          />
        )}
        <Select
          aria-label="任务"
          value={taskId}
          onChange={setTaskId}
          style={{ width: phone ? 'calc(100vw - 24px)' : 320 }}
          showSearch={{ optionFilterProp: 'label' }}
          options={[{ value: '', label: '全部任务' }, ...taskOptions]}
        />
      </Space>
      <LoadState loaded={notices}>
        {(list) => (
          <>
            <LevelCounts notices={list} level={level} onPick={setLevel} />
            <Board notices={level ? list.filter((n) => n.level === level) : list} tasks={tasks} phone={phone} />
          </>
        )}
      </LoadState>
      {issuing && <IssueNoticeModal tasks={tasks.data ?? []} initialTaskId={taskId} onClose={() => setIssuing(false)} />}
    </>
  );
}

function LevelCounts({ notices, level, onPick }: { notices: Notice[]; level: NoticeLevel | ''; onPick(level: NoticeLevel | ''): void }) {
  return (
    <div style={{ display: 'flex', gap: 12, marginBottom: 16, maxWidth: 560 }} data-testid="level-counts">
      {NOTICE_LEVELS.map((l) => {
        const ofLevel = notices.filter((n) => n.level === l);
        return (
          <Card
            key={l}
            size="small"
            hoverable
            onClick={() => onPick(level === l ? '' : l)}
            style={{ flex: 1, minWidth: 0, borderColor: level === l ? '#b71c1c' : undefined }}
            data-testid={`count-${l}`}
          >
            <NoticeLevelTag level={l} />
            <div>
              <Typography.Text strong style={{ fontSize: 20 }}>
                {ofLevel.length}
              </Typography.Text>{' '}
              件
            </div>
            <Typography.Text type="secondary">未销号 {ofLevel.filter((n) => n.status !== 'closed').length} 件</Typography.Text>
          </Card>
        );
      })}
    </div>
  );
}

function Board({ notices, tasks, phone }: { notices: Notice[]; tasks: Loaded<Task[]>; phone: boolean }) {
  const unitName = useUnitName();
  const now = new Date();
  const task = (taskId: string) => tasks.data?.find((t) => t.id === taskId);
  const taskText = (taskId: string) => {
    const t = task(taskId);
    return t ? (
      <>
        <Tag>{t.code}</Tag>
        {t.title}
      </>
    ) : (
      '—'
    );
  };
  const units = (n: Notice) => n.unitIds.map(unitName).join('、');
  // Day over time, so the two time columns stay narrow.
  const time = (at: string) => {
    const [day, clock] = chinaTime(at).split(' ');
    return (
      <>
        <div>{day}</div>
        <Typography.Text type="secondary">{clock}</Typography.Text>
      </>
    );
  };
  const state = (n: Notice) => (
    <Space size={4} wrap>
      <NoticeStatusTag status={n.status} />
      {n.causeCleared && n.status !== 'closed' && <ClosableTag />}
      {isOverdue(n, now) && <Tag color="red">已超时</Tag>}
    </Space>
  );

  if (phone)
    return (
      <List
        dataSource={notices}
        locale={{ emptyText: '暂无督办单' }}
        renderItem={(n) => (
          <Card size="small" style={{ marginBottom: 12 }} className={`notice-card-${n.level}`} data-testid="notice-card">
            <Space size={4} wrap style={{ marginBottom: 6 }}>
              <NoticeLevelTag level={n.level} />
              {state(n)}
            </Space>
            <div>
              <Link to={`/notices/${n.id}`}>{n.matter}</Link>
            </div>
            <Typography.Text type="secondary" style={{ display: 'block', margin: '6px 0' }}>
              {units(n)} · {NOTICE_CAUSE_LABEL[n.cause]}
            </Typography.Text>
            <div>{taskText(n.taskId)}</div>
            <Typography.Text type="secondary">
              办理时限 {chinaTime(n.dueAt)} · 已办 {daysOpen(n, now)} 天
            </Typography.Text>
          </Card>
        )}
      />
    );

  return (
    <Table<Notice>
      rowKey="id"
      dataSource={notices}
      size="middle"
      scroll={{ x: 1060 }}
      tableLayout="fixed"
      locale={{ emptyText: '暂无督办单' }}
      rowClassName={(n) => `notice-${n.level}`}
      columns={[
        { title: '等级', key: 'level', width: 96, render: (_, n) => <NoticeLevelTag level={n.level} /> },
        { title: '牵头单位', key: 'unit', width: 100, render: (_, n) => units(n) },
        { title: '任务', key: 'task', width: 170, render: (_, n) => taskText(n.taskId) },
        { title: '事由', key: 'cause', width: 96, render: (_, n) => NOTICE_CAUSE_LABEL[n.cause] },
        {
          title: '督办事项',
          key: 'matter',
          render: (_, n) => (
            <Link to={`/notices/${n.id}`}>
              <Typography.Paragraph ellipsis={{ rows: 2, tooltip: n.matter }} style={{ marginBottom: 0, color: 'inherit' }}>
                {n.matter}
              </Typography.Paragraph>
            </Link>
          ),
        },
        { title: '状态', key: 'status', width: 96, render: (_, n) => state(n) },
        { title: '交办时间', key: 'issuedAt', width: 132, render: (_, n) => time(n.issuedAt) },
        { title: '办理时限', key: 'dueAt', width: 132, render: (_, n) => time(n.dueAt) },
        { title: '已办天数', key: 'days', width: 84, className: 'numeric', render: (_, n) => `${daysOpen(n, now)} 天` },
        { title: '操作', key: 'action', width: 56, render: (_, n) => <Link to={`/notices/${n.id}`}>查看</Link> },
      ]}
    />
  );
}

interface IssueForm {
  taskId: string;
  level: NoticeLevel;
  matter: string;
  dueDate: Dayjs;
}

/** 交办督办单: the office writes the matter, picks the colour and the day an answer is due. */
function IssueNoticeModal({ tasks, initialTaskId, onClose }: { tasks: Task[]; initialTaskId: string; onClose(): void }) {
  const { message } = App.useApp();
  const [form] = Form.useForm<IssueForm>();
  const [error, setError] = useState<ReturnType<typeof asApiError>>();
  const [busy, setBusy] = useState(false);
  const today = chinaDay(new Date());
  const submit = async () => {
    const values = await form.validateFields().catch(() => undefined);
    if (!values) return;
    setBusy(true);
    setError(undefined);
    try {
      const issued = await api.issueNotice({
        taskId: values.taskId,
        level: values.level,
        matter: values.matter.trim(),
        dueDate: values.dueDate.format('YYYY-MM-DD'),
      });
      message.success('督办单已交办');
      onClose();
      navigate(`/notices/${issued.id}`);
    } catch (e) {
      setError(asApiError(e));
    } finally {
      setBusy(false);
    }
  };
  return (
    <Modal open title="交办督办单" okText="交办" cancelText="取消" onOk={submit} confirmLoading={busy} onCancel={onClose} destroyOnHidden>
      <Form form={form} layout="vertical" initialValues={{ level: 'yellow', taskId: initialTaskId || undefined }}>
        <Form.Item name="taskId" label="任务" rules={[{ required: true, message: '请选择任务' }]}>
          <Select
            aria-label="任务"
            placeholder="选择任务（督办单发往其牵头单位）"
            showSearch={{ optionFilterProp: 'label' }}
            options={tasks.map((t) => ({ value: t.id, label: `${t.code} ${t.title}` }))}
          />
        </Form.Item>
        <Form.Item name="level" label="督办等级" rules={[{ required: true, message: '请选择督办等级' }]}>
          <Radio.Group
            optionType="button"
            options={[...NOTICE_LEVELS].reverse().map((l) => ({ value: l, label: NOTICE_LEVEL_LABEL[l] }))}
          />
        </Form.Item>
        <Form.Item name="matter" label="督办事项" rules={[{ required: true, whitespace: true, message: '请填写督办事项' }]}>
          <Input.TextArea aria-label="督办事项" autoSize={{ minRows: 3, maxRows: 8 }} maxLength={2000} showCount />
        </Form.Item>
        <Form.Item name="dueDate" label="办理时限" rules={[{ required: true, message: '请选择办理时限' }]}>
          <DatePicker
            aria-label="办理时限"
            style={{ width: '100%' }}
            format={DATE_FORMATS}
            placeholder="整改反馈截止日期"
            disabledDate={(day) => day.format('YYYY-MM-DD') < today}
          />
        </Form.Item>
      </Form>
      {error && <ProblemAlert error={error} fields={NOTICE_FIELD_LABEL} />}
    </Modal>
  );
}
