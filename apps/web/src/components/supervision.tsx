import {
  App,
  Button,
  Card,
  DatePicker,
  Empty,
  Form,
  Grid,
  Input,
  List,
  Modal,
  Radio,
  Select,
  Space,
  Spin,
  Table,
  Tag,
  Typography,
} from 'antd';
import type { Dayjs } from 'dayjs';
import { useState, type ReactNode } from 'react';
import {
  api,
  type ApiError,
  type Extension,
  type ExtensionStatus,
  type ExtensionSummary,
  type Instruction,
  type InstructionSummary,
  type Task,
} from '../api';
import { chinaDay, chinaDeadline, chinaTime, DATE_FORMATS, dayLabel } from '../china-time';
import { EXTENSION_STATUS_LABEL, INSTRUCTION_STATUS_LABEL, SUPERVISION_FIELD_LABEL } from '../labels';
import { asApiError, useLoad } from '../load';
import { periodLabel } from '../period';
import { Link } from '../router';
import { useUser } from '../session';
import { extensionSubject, instructionTodo, leaderChoices, leaderText } from '../supervision';
import { ProblemAlert, useUnitName } from './common';

const EXTENSION_STATUS_STYLE: Record<ExtensionStatus, { color: string; background: string; borderColor: string }> = {
  requested: { color: '#003eb3', background: '#e6f4ff', borderColor: '#91caff' },
  approved: { color: '#135200', background: '#f6ffed', borderColor: '#b7eb8f' },
  refused: { color: '#871400', background: '#fff2e8', borderColor: '#ffbb96' },
};

export function ExtensionStatusTag({ status }: { status: ExtensionStatus }) {
  return (
    <Tag style={EXTENSION_STATUS_STYLE[status]} data-testid="extension-status">
      {EXTENSION_STATUS_LABEL[status]}
    </Tag>
  );
}

/** A modal with a form, its submit button busy while the request runs and the API's refusal below it. */
function FormModal<T extends object>({
  title,
  okText,
  onClose,
  submit,
  children,
  initialValues,
}: {
  title: string;
  okText: string;
  onClose(): void;
  submit(values: T): Promise<void>;
  children: ReactNode;
  initialValues?: Partial<T>;
}) {
  const [form] = Form.useForm<T>();
  const [error, setError] = useState<ApiError>();
  const [busy, setBusy] = useState(false);
  const ok = async () => {
    const values = await form.validateFields().catch(() => undefined);
    if (!values) return;
    setBusy(true);
    setError(undefined);
    try {
      await submit(values);
    } catch (e) {
      setError(asApiError(e));
    } finally {
      setBusy(false);
    }
  };
  return (
    <Modal open title={title} okText={okText} cancelText="取消" onOk={ok} confirmLoading={busy} onCancel={onClose} destroyOnHidden>
      <Form form={form} layout="vertical" initialValues={initialValues}>
        {children}
      </Form>
      {error && <ProblemAlert error={error} fields={SUPERVISION_FIELD_LABEL} />}
    </Modal>
  );
}

const textArea = (label: string) => <Input.TextArea aria-label={label} autoSize={{ minRows: 3, maxRows: 8 }} maxLength={2000} showCount />;

/**
 * 延期申请: a later day for a period's report (pick the period) or for a notice's response. The
 * deadline in force is the API's to know; it refuses a day that is not after it.
 */
export function ExtensionRequestModal({
  taskId,
  noticeId,
  periods,
  period,
  deadlineText,
  onClose,
  onDone,
}: {
  taskId: string;
  noticeId?: string;
  /** The periods the unit may pick from, when the request is for a report. */
  periods?: string[];
  period?: string;
  /** The deadline in force, when the page knows it (a notice's 办理时限). */
  deadlineText?: string;
  onClose(): void;
  onDone(answer: ExtensionSummary): void;
}) {
  const { message } = App.useApp();
  const today = chinaDay(new Date());
  return (
    <FormModal<{ period?: string; until: Dayjs; reason: string }>
      title={noticeId ? '申请延长办理时限' : '申请延期报送'}
      okText="提交申请"
      onClose={onClose}
      initialValues={{ period }}
      submit={async (values) => {
        const answer = await api.requestExtension({
          taskId,
          ...(noticeId ? { noticeId } : { period: values.period }),
          until: values.until.format('YYYY-MM-DD'),
          reason: values.reason.trim(),
        });
        message.success('延期申请已提交，等待工作专班办公室审批');
        onDone(answer);
      }}
    >
      {deadlineText && <Typography.Paragraph type="secondary">当前期限：{deadlineText}</Typography.Paragraph>}
      {!noticeId && (
        <Form.Item name="period" label="报告期间" rules={[{ required: true, message: '请选择报告期间' }]}>
          <Select aria-label="报告期间" options={(periods ?? []).map((p) => ({ value: p, label: periodLabel(p) }))} />
        </Form.Item>
      )}
      <Form.Item name="until" label="申请延至" rules={[{ required: true, message: '请选择申请延至的日期' }]}>
        <DatePicker
          aria-label="申请延至"
          style={{ width: '100%' }}
          format={DATE_FORMATS}
          placeholder="延期后的截止日期"
          disabledDate={(day) => day.format('YYYY-MM-DD') < today}
        />
      </Form.Item>
      <Form.Item name="reason" label="申请理由" rules={[{ required: true, whitespace: true, message: '请填写申请理由' }]}>
        {textArea('申请理由')}
      </Form.Item>
    </FormModal>
  );
}

/** 批准 (with an optional comment) or 不予延期 (with a reason), by the office. */
function DecideExtensionModal({
  extension,
  decision,
  onClose,
  onDone,
}: {
  extension: Extension;
  decision: 'approve' | 'refuse';
  onClose(): void;
  onDone(answer: ExtensionSummary): void;
}) {
  const { message } = App.useApp();
  const approve = decision === 'approve';
  return (
    <FormModal<{ text?: string }>
      title={approve ? '批准延期' : '不予延期'}
      okText={approve ? '批准' : '不予延期'}
      onClose={onClose}
      submit={async ({ text }) => {
        const answer = approve
          ? await api.approveExtension(extension.id, text?.trim() || undefined)
          : await api.refuseExtension(extension.id, text!.trim());
        message.success(approve ? '已批准延期' : '已不予延期');
        onDone(answer);
      }}
    >
      <Typography.Paragraph type="secondary">
        {extensionSubject(extension)}：{chinaDeadline(extension.deadline)} → 申请延至 {dayLabel(extension.until)}
      </Typography.Paragraph>
      <Form.Item
        name="text"
        label={approve ? '审批意见（可选）' : '不予延期的理由'}
        rules={approve ? [] : [{ required: true, whitespace: true, message: '请填写不予延期的理由' }]}
      >
        {textArea(approve ? '审批意见' : '不予延期的理由')}
      </Form.Item>
    </FormModal>
  );
}

/**
 * 延期申请 as a table (cards on a phone): what each asks, the deadline it moves, the outcome. The
 * office decides the pending ones here; a unit sees its own requests and how they were decided.
 */
export function ExtensionTable({
  extensions,
  tasks,
  showTask = true,
  onDecided,
}: {
  extensions: Extension[];
  tasks?: Task[];
  showTask?: boolean;
  onDecided(answer: ExtensionSummary): void;
}) {
  const user = useUser();
  const unitName = useUnitName();
  const phone = !Grid.useBreakpoint().md;
  const [deciding, setDeciding] = useState<{ extension: Extension; decision: 'approve' | 'refuse' }>();
  const decides = user.role === 'office';
  const taskText = (taskId: string) => {
    const t = tasks?.find((x) => x.id === taskId);
    return t ? (
      <Link to={`/tasks/${encodeURIComponent(t.id)}`}>
        <Tag>{t.code}</Tag>
        {t.title}
      </Link>
    ) : (
      '—'
    );
  };
  const subject = (x: Extension) => (
    <>
      <div>{x.noticeId ? <Link to={`/notices/${x.noticeId}`}>{extensionSubject(x)}</Link> : extensionSubject(x)}</div>
      <Typography.Text type="secondary">原期限 {chinaDeadline(x.deadline)}</Typography.Text>
      <div>
        申请延至 <Typography.Text strong>{dayLabel(x.until)}</Typography.Text>
      </div>
    </>
  );
  const reason = (x: Extension) => (
    <>
      <Typography.Paragraph ellipsis={{ rows: 2, tooltip: x.reason }} style={{ marginBottom: 0 }}>
        {x.reason}
      </Typography.Paragraph>
      <Typography.Text type="secondary">
        {unitName(x.unitId)} · {chinaTime(x.requestedAt)}
      </Typography.Text>
    </>
  );
  const outcome = (x: Extension) => (
    <div data-testid="extension-outcome">
      <ExtensionStatusTag status={x.status} />
      {x.decidedAt && <Typography.Text type="secondary">{chinaTime(x.decidedAt)}</Typography.Text>}
      {x.comment && (
        <div style={{ whiteSpace: 'pre-wrap' }}>
          {x.status === 'refused' ? '理由' : '意见'}：{x.comment}
        </div>
      )}
    </div>
  );
  const decide = (x: Extension) =>
    decides && x.status === 'requested' ? (
      <Space size={4} wrap>
        <Button size="small" type="primary" onClick={() => setDeciding({ extension: x, decision: 'approve' })}>
          批准
        </Button>
        <Button size="small" danger onClick={() => setDeciding({ extension: x, decision: 'refuse' })}>
          不予延期
        </Button>
      </Space>
    ) : null;
  const empty = <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description="暂无延期申请" />;

  return (
    <>
      {phone ? (
        <List
          dataSource={extensions}
          locale={{ emptyText: empty }}
          renderItem={(x) => (
            <Card size="small" style={{ marginBottom: 12 }} className="extension-row" data-testid="extension-card">
              {showTask && <div style={{ marginBottom: 6 }}>{taskText(x.taskId)}</div>}
              <div style={{ marginBottom: 6 }}>{subject(x)}</div>
              <div style={{ marginBottom: 6 }}>{reason(x)}</div>
              {outcome(x)}
              {decide(x) && <div style={{ marginTop: 8 }}>{decide(x)}</div>}
            </Card>
          )}
        />
      ) : (
        <Table<Extension>
          rowKey="id"
          size="small"
          dataSource={extensions}
          pagination={extensions.length > 10 ? { pageSize: 10, size: 'small' } : false}
          tableLayout="fixed"
          locale={{ emptyText: empty }}
          rowClassName={() => 'extension-row'}
          columns={[
            ...(showTask ? [{ title: '任务', key: 'task', width: '22%', render: (_: unknown, x: Extension) => taskText(x.taskId) }] : []),
            { title: '申请事项', key: 'subject', width: showTask ? '24%' : '34%', render: (_, x) => subject(x) },
            { title: '申请理由', key: 'reason', render: (_, x) => reason(x) },
            { title: '审批结果', key: 'status', width: '20%', render: (_, x) => outcome(x) },
            ...(decides ? [{ title: '操作', key: 'action', width: 108, render: (_: unknown, x: Extension) => decide(x) }] : []),
          ]}
        />
      )}
      {deciding && (
        <DecideExtensionModal
          {...deciding}
          onClose={() => setDeciding(undefined)}
          onDone={(answer) => {
            setDeciding(undefined);
            onDecided(answer);
          }}
        />
      )}
    </>
  );
}

/**
 * 交办批示: the office records what the 召集人 or one of the 副召集人 instructed on the task, picked
 * by position and unit from the plan's task force (工作专班).
 */
export function RecordInstructionModal({
  taskId,
  planId,
  onClose,
  onDone,
}: {
  taskId: string;
  planId: string;
  onClose(): void;
  onDone(answer: InstructionSummary): void;
}) {
  const { message } = App.useApp();
  const taskForce = useLoad(() => api.taskForce(planId), [planId]);
  const choices = taskForce.data ? leaderChoices(taskForce.data) : [];
  return (
    <FormModal<{ leader: string; text: string }>
      title="交办批示"
      okText="录入"
      onClose={onClose}
      submit={async (values) => {
        const leader = choices.find((choice) => choice.value === values.leader)!;
        const answer = await api.recordInstruction({ taskId, by: leader.by, byUnit: leader.byUnit, text: values.text.trim() });
        message.success('批示已录入，已交牵头单位阅示');
        onDone(answer);
      }}
    >
      {/* The choices come from the plan; the radio group stays in the form while they load. */}
      <Form.Item
        name="leader"
        label="批示领导"
        extra={
          taskForce.error ? (
            <ProblemAlert error={taskForce.error} />
          ) : taskForce.data ? (
            `${taskForce.data.name}的召集人、副召集人`
          ) : (
            <Spin size="small" />
          )
        }
        rules={[{ required: true, message: '请选择批示领导' }]}
      >
        <Radio.Group aria-label="批示领导" style={{ display: 'flex', flexDirection: 'column', gap: 6 }} options={choices} />
      </Form.Item>
      <Form.Item name="text" label="批示内容" rules={[{ required: true, whitespace: true, message: '请填写批示内容' }]}>
        {textArea('批示内容')}
      </Form.Item>
    </FormModal>
  );
}

/** 阅示, then 落实情况 (with its text): what the viewer's unit does with an instruction now. */
export function InstructionActions({ instruction, onDone }: { instruction: Instruction; onDone(answer: InstructionSummary): void }) {
  const user = useUser();
  const { message } = App.useApp();
  const [reporting, setReporting] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ApiError>();
  const todo = user.role === 'submitter' ? instructionTodo(instruction, user.unitId) : null;
  if (!todo) return null;
  const acknowledge = async () => {
    setBusy(true);
    setError(undefined);
    try {
      const answer = await api.acknowledgeInstruction(instruction.id);
      message.success('已阅示');
      onDone(answer);
    } catch (e) {
      setError(asApiError(e));
    } finally {
      setBusy(false);
    }
  };
  return (
    <>
      {todo === '阅示' ? (
        <Button size="small" type="primary" loading={busy} onClick={acknowledge}>
          阅示
        </Button>
      ) : (
        <Button size="small" type="primary" onClick={() => setReporting(true)}>
          报送落实情况
        </Button>
      )}
      {error && <ProblemAlert error={error} fields={SUPERVISION_FIELD_LABEL} />}
      {reporting && (
        <FormModal<{ text: string }>
          title="报送落实情况"
          okText="报送"
          onClose={() => setReporting(false)}
          submit={async ({ text }) => {
            const answer = await api.reportOnInstruction(instruction.id, text.trim());
            message.success('落实情况已报送');
            setReporting(false);
            onDone(answer);
          }}
        >
          <Typography.Paragraph type="secondary" style={{ whiteSpace: 'pre-wrap' }}>
            批示：{instruction.text}
          </Typography.Paragraph>
          <Form.Item name="text" label="落实情况" rules={[{ required: true, whitespace: true, message: '请填写落实情况' }]}>
            {textArea('落实情况')}
          </Form.Item>
        </FormModal>
      )}
    </>
  );
}

/** When a unit read the instruction, from its history (the summary lists who, not when). */
const readAt = (instruction: Instruction, unitId: string) =>
  instruction.history?.find((e) => e.type === 'InstructionAcknowledged' && e.detail.unitId === unitId)?.at;

/**
 * The task's 领导批示: who gave it (召集人 / 副召集人 and the position), what it says, and for each
 * lead unit its 阅示 and 落实情况.
 */
export function InstructionList({ instructions, onActed }: { instructions: Instruction[]; onActed(answer: InstructionSummary): void }) {
  const unitName = useUnitName();
  return (
    <List
      dataSource={instructions}
      locale={{ emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description="暂无领导批示" /> }}
      renderItem={(instruction) => (
        <List.Item data-testid="instruction" style={{ display: 'block' }}>
          <Space size={4} wrap style={{ marginBottom: 4 }}>
            <Typography.Text strong>{leaderText(instruction.by, unitName)}批示</Typography.Text>
            <Tag data-testid="instruction-status">{INSTRUCTION_STATUS_LABEL[instruction.status]}</Tag>
            <Typography.Text type="secondary">{chinaTime(instruction.recordedAt)}</Typography.Text>
          </Space>
          <Typography.Paragraph style={{ whiteSpace: 'pre-wrap', marginBottom: 8 }} data-testid="instruction-text">
            {instruction.text}
          </Typography.Paragraph>
          {instruction.unitIds.map((unitId) => {
            const read = instruction.acknowledgedBy.includes(unitId);
            const report = instruction.reports.find((r) => r.unitId === unitId);
            const at = readAt(instruction, unitId);
            return (
              <div key={unitId} style={{ background: '#fafafa', padding: '6px 10px', marginBottom: 6 }} data-testid="instruction-unit">
                <Space size={4} wrap>
                  <Typography.Text>{unitName(unitId)}</Typography.Text>
                  <Tag>{read ? '已阅示' : '未阅示'}</Tag>
                  {read && at && <Typography.Text type="secondary">{chinaTime(at)}</Typography.Text>}
                </Space>
                {report && (
                  <div style={{ whiteSpace: 'pre-wrap', marginTop: 4 }} data-testid="instruction-report">
                    落实情况：{report.text}
                    <Typography.Text type="secondary"> · {chinaTime(report.at)}</Typography.Text>
                  </div>
                )}
              </div>
            );
          })}
          <InstructionActions instruction={instruction} onDone={onActed} />
        </List.Item>
      )}
    />
  );
}
