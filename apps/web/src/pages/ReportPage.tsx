import { Alert, App, Button, Card, Col, Descriptions, Form, Input, Modal, Row, Select, Space, Table, Tag, Typography } from 'antd';
import { useRef, useState } from 'react';
import {
  api,
  type HistoryEntry,
  type IndicatorChange,
  type IndicatorValue,
  type Report,
  type ReportSummary,
  type Task,
  type User,
} from '../api';
import { formatTime, LoadState, PageTitle, ProblemAlert, ReportTimeline, StatusTag, useUnitName } from '../components/common';
import { NarrativeView, ReportForm } from '../components/ReportForm';
import { formatNumber, IMPLAUSIBLE_REASON_LABEL, isYesNo, signedDifference, stageLabel, targetText, valueText } from '../labels';
import { asApiError, readUntil, useLoad } from '../load';
import { periodLabel } from '../period';
import { changedIndicators, returnReasons } from '../revisions';
import { navigate } from '../router';
import { EvidenceList } from '../components/evidence';
import { useUser } from '../session';
import { draftKeyOf } from '../drafts';
import { errorText } from '../errors';

/** One report: its values against targets, its words, its timeline, and what the viewer may do with it. */
export function ReportPage({ reportId }: { reportId: string }) {
  const user = useUser();
  // A reviewer whose turn it is records that they opened it (the unit can no longer withdraw);
  // opening is idempotent, and anyone else just reads.
  // After an action the page reads again until the report shows what the action answered (its
  // status, stage and revision; a 催办 changes none of them, so a step more in the history).
  const awaited = useRef<(read: Report) => boolean>(undefined);
  const report = useLoad(async () => {
    const fresh = awaited.current;
    const view = await readUntil(
      () => api.report(reportId),
      (read) => !fresh || fresh(read),
    );
    if (!actsAt(user, view) || view.stage === 'countersign') return view;
    const opened = await api.open(reportId).then(
      () => true,
      () => false,
    );
    return opened ? api.report(reportId) : view;
  }, [reportId]);
  const tasks = useLoad(() => api.tasks(), []);
  return (
    <LoadState loaded={report}>
      {(r) => {
        const task = tasks.data?.find((t) => t.id === r.taskId);
        const reload = (answer?: ReportSummary) => {
          awaited.current = answer
            ? (read) =>
                read.status === answer.status &&
                read.revision === answer.revision &&
                (answer.status !== 'in_review' || read.stage === answer.stage)
            : (read) => read.history.length > r.history.length;
          report.reload();
        };
        return <ReportView report={r} task={task} user={user} reload={reload} />;
      }}
    </LoadState>
  );
}

function ReportView({
  report,
  task,
  user,
  reload,
}: {
  report: Report;
  task: Task | undefined;
  user: User;
  reload(answer?: ReportSummary): void;
}) {
  const unitName = useUnitName();
  const ownUnit = user.role === 'submitter' && user.unitId === report.unitId;
  const canResubmit = ownUnit && report.status === 'returned';
  const changes = changedIndicators(report.diff);

  return (
    <>
      <PageTitle extra={<StatusTag status={report.status} />}>
        {task ? (
          <>
            <Tag style={{ fontSize: 14 }}>{task.code}</Tag>
            {task.title}
          </>
        ) : (
          '进度报告'
        )}
      </PageTitle>
      <Descriptions size="small" bordered column={{ xs: 1, sm: 2, lg: 4 }} style={{ marginBottom: 16, background: '#fff' }}>
        <Descriptions.Item label="填报单位">{unitName(report.unitId)}</Descriptions.Item>
        <Descriptions.Item label="填报期间">{periodLabel(report.period)}</Descriptions.Item>
        <Descriptions.Item label="当前环节">{report.status === 'in_review' ? stageLabel(report.stage) : '—'}</Descriptions.Item>
        <Descriptions.Item label="版本">第 {report.revision} 版</Descriptions.Item>
      </Descriptions>

      {actsAt(user, report) && <ReviewActions report={report} onDone={reload} />}
      {mayUrge(user, report) && <UrgeAction report={report} onDone={reload} />}
      {ownUnit && report.status === 'in_review' && <WithdrawAction report={report} onDone={reload} />}
      {ownUnit && report.status === 'withdrawn' && (
        <Alert
          style={{ marginBottom: 16 }}
          type="info"
          showIcon
          title="报告已撤回"
          description="撤回的报告不再审核；如需报送，请重新填报本期报告。"
          action={
            <Button onClick={() => navigate(`/submit/${encodeURIComponent(report.taskId)}?period=${report.period}`)}>重新填报</Button>
          }
        />
      )}

      <Row gutter={[16, 16]}>
        <Col xs={24} lg={16}>
          {canResubmit && task ? (
            <ResubmitPanel report={report} task={task} onDone={reload} />
          ) : (
            <>
              <Card title="指标完成情况" size="small" style={{ marginBottom: 16 }}>
                <ValuesTable task={task} period={report.period} values={report.values} changes={changes} />
              </Card>
              <Card title="文字说明" size="small" style={{ marginBottom: 16 }}>
                <NarrativeView narrative={report.narrative} />
              </Card>
              <Card title="佐证材料" size="small" style={{ marginBottom: 16 }}>
                <EvidenceList attachments={report.attachments} />
              </Card>
            </>
          )}
        </Col>
        <Col xs={24} lg={8}>
          <Card title="办理过程" size="small">
            <ReportTimeline history={report.history} />
          </Card>
        </Col>
      </Row>
    </>
  );
}

/**
 * The values against what a reviewer weighs them by: the target, the last value signed off for an
 * earlier period and the increase over it, and the API's flag on a value the unit confirmed as
 * implausible.
 */
export function ValuesTable({
  task,
  period,
  values,
  changes,
}: {
  task: Task | undefined;
  period: string;
  values: IndicatorValue[];
  changes?: IndicatorChange[];
}) {
  const rows = values.map((v) => {
    const signedOff = task?.progress.find((p) => p.indicatorId === v.indicatorId && p.period < period);
    return {
      ...v,
      indicator: task?.indicators.find((i) => i.id === v.indicatorId),
      change: changes?.find((c) => c.indicatorId === v.indicatorId),
      signedOff,
    };
  });
  return (
    <Table
      size="small"
      rowKey="indicatorId"
      pagination={false}
      dataSource={rows}
      scroll={{ x: 'max-content' }}
      columns={[
        { title: '指标', key: 'name', render: (_, row) => row.indicator?.name ?? row.indicatorId },
        { title: '目标', key: 'target', render: (_, row) => (row.indicator ? targetText(row.indicator) : '—') },
        {
          title: '上期已签发',
          key: 'signedOff',
          className: 'numeric',
          render: (_, row) =>
            row.signedOff ? (
              <span data-testid={`signed-off-${row.indicatorId}`}>
                {row.indicator ? valueText(row.signedOff.value, row.indicator) : formatNumber(row.signedOff.value)}（
                {periodLabel(row.signedOff.period)}）
              </span>
            ) : (
              '—'
            ),
        },
        {
          title: '本期填报',
          key: 'value',
          className: 'numeric',
          render: (_, row) => (
            <Space size={4} wrap>
              <span>{row.indicator ? valueText(row.value, row.indicator) : formatNumber(row.value)}</span>
              {row.implausible && row.implausible.length > 0 && (
                <Tag color="red" data-testid={`implausible-flag-${row.indicatorId}`}>
                  数值异常（填报单位已确认）：{row.implausible.map((reason) => IMPLAUSIBLE_REASON_LABEL[reason]).join('、')}
                </Tag>
              )}
              {row.explanation && <Typography.Text type="secondary">说明：{row.explanation}</Typography.Text>}
            </Space>
          ),
        },
        {
          title: '本期增加',
          key: 'increase',
          className: 'numeric',
          render: (_, row) =>
            row.signedOff && row.indicator && !isYesNo(row.indicator.kind) ? (
              <span data-testid={`increase-${row.indicatorId}`}>{signedDifference(row.value - row.signedOff.value, row.indicator)}</span>
            ) : (
              '—'
            ),
        },
        {
          title: '完成率',
          key: 'percent',
          className: 'numeric',
          render: (_, row) =>
            row.indicator?.target ? `${formatNumber(Math.round((row.value / row.indicator.target) * 10000) / 100)}%` : '—',
        },
        ...(changes
          ? [
              {
                title: '较上一版',
                key: 'change',
                render: (_: unknown, row: (typeof rows)[number]) =>
                  row.change ? (
                    <Tag color="orange" data-testid="value-change">
                      {row.change.before === null ? '新增' : formatNumber(row.change.before)} →{' '}
                      {row.change.after === null ? '删除' : formatNumber(row.change.after)}
                    </Tag>
                  ) : (
                    <Typography.Text type="secondary">未变</Typography.Text>
                  ),
              },
            ]
          : []),
      ]}
    />
  );
}

function ResubmitPanel({ report, task, onDone }: { report: Report; task: Task; onDone(answer: ReportSummary): void }) {
  const { message } = App.useApp();
  const reasons = returnReasons(report.history);
  const user = useUser();
  return (
    <Row gutter={[16, 16]}>
      <Col xs={{ span: 24, order: 2 }} xl={{ span: 15, order: 1 }}>
        <ReportForm
          task={task}
          period={report.period}
          initial={report}
          draftKey={draftKeyOf(user.username, task.id, report.period)}
          submitLabel="重新提交"
          onSubmit={async (values, narrative, attachments) => {
            const answer = await api.resubmit(report.id, { values, narrative, attachments });
            message.success('已重新提交');
            onDone(answer);
          }}
        />
      </Col>
      <Col xs={{ span: 24, order: 1 }} xl={{ span: 9, order: 2 }}>
        <ReturnReasons reasons={reasons} />
      </Col>
    </Row>
  );
}

function ReturnReasons({ reasons }: { reasons: HistoryEntry[] }) {
  return (
    <Card size="small" title="审核意见" style={{ borderColor: '#ffa39e' }} data-testid="return-reasons">
      {reasons.map((entry, i) => (
        <div key={i} style={{ marginBottom: 12 }}>
          <Typography.Text type="secondary">
            {formatTime(entry.at)} · {entry.type === 'ReportReturned' ? `退回至${stageLabel(entry.stage)}` : '退回修改'}
          </Typography.Text>
          <Typography.Paragraph style={{ whiteSpace: 'pre-wrap', marginBottom: 0 }} strong={i === 0}>
            {entry.comment}
          </Typography.Paragraph>
        </div>
      ))}
    </Card>
  );
}

function WithdrawAction({ report, onDone }: { report: Report; onDone(answer: ReportSummary): void }) {
  const { modal, message } = App.useApp();
  // Withdrawal is allowed until a reviewer has acted on this revision; the API has the last word.
  const actedOn =
    report.history.slice(report.history.findLastIndex((e) => e.type === 'ReportSubmitted' || e.type === 'ReportResubmitted') + 1).length >
    0;
  if (actedOn) return null;
  return (
    <div style={{ marginBottom: 16 }}>
      <Button
        danger
        onClick={() =>
          modal.confirm({
            title: '撤回该报告？',
            content: '撤回后可修改再提交。审核人员已开始处理的报告不能撤回。',
            okText: '撤回',
            cancelText: '取消',
            onOk: async () => {
              try {
                const answer = await api.withdraw(report.id);
                message.success('报告已撤回');
                onDone(answer);
              } catch (e) {
                const error = asApiError(e);
                message.error(errorText(error));
              }
            },
          })
        }
      >
        撤回报告
      </Button>
    </div>
  );
}

/** Whether the report waits for this user: their role's stage, or the co-lead unit's countersignature. */
function actsAt(user: User, report: Report): boolean {
  if (report.status !== 'in_review') return false;
  if (report.stage === 'countersign') return user.role === 'submitter' && user.unitId !== report.unitId;
  return (
    (user.role === 'coordinator' && report.stage === 'coordinator_review') || (user.role === 'office' && report.stage === 'office_signoff')
  );
}

/** 催办: the coordinator or the office presses whoever else the report is waiting for. */
function mayUrge(user: User, report: Report): boolean {
  return report.status === 'in_review' && (user.role === 'coordinator' || user.role === 'office') && !actsAt(user, report);
}

type Decision = 'approve' | 'reject' | 'return' | 'urge';

const DECISION_TITLE: Record<Decision, string> = { approve: '审核通过', reject: '退回修改', return: '退回至环节', urge: '催办' };

const APPROVE_LABEL: Record<string, string> = { countersign: '会签同意', coordinator_review: '审核通过', office_signoff: '签发' };

/** The stages a report can be sent back to from where it stands: the ones before it in the chain. */
const EARLIER_STAGES: Record<string, string[]> = { office_signoff: ['coordinator_review'], coordinator_review: [] };

function ReviewActions({ report, onDone }: { report: Report; onDone(answer: ReportSummary): void }) {
  const { message } = App.useApp();
  const [open, setOpen] = useState<Decision>();
  const earlier = EARLIER_STAGES[report.stage ?? ''] ?? [];
  const approveLabel = APPROVE_LABEL[report.stage ?? ''] ?? '审核通过';
  const countersigning = report.stage === 'countersign';
  return (
    <Card size="small" style={{ marginBottom: 16 }} title={`${stageLabel(report.stage)} · 请处理`}>
      <Space wrap>
        <Button type="primary" onClick={() => setOpen('approve')}>
          {approveLabel}
        </Button>
        <Button danger onClick={() => setOpen('reject')}>
          退回修改
        </Button>
        {earlier.length > 0 && <Button onClick={() => setOpen('return')}>退回至环节</Button>}
      </Space>
      {open && (
        <DecisionModal
          decision={open}
          title={open === 'approve' ? approveLabel : DECISION_TITLE[open]}
          stages={earlier}
          onClose={() => setOpen(undefined)}
          onSubmit={async ({ text, toStage }) => {
            const answer =
              open === 'approve'
                ? await (countersigning ? api.countersign(report.id, text) : api.approve(report.id, text))
                : open === 'reject'
                  ? await api.reject(report.id, text!)
                  : await api.returnTo(report.id, toStage!, text!);
            message.success(`${open === 'approve' ? approveLabel : DECISION_TITLE[open]}：已完成`);
            setOpen(undefined);
            onDone(answer);
          }}
        />
      )}
    </Card>
  );
}

function UrgeAction({ report, onDone }: { report: Report; onDone(): void }) {
  const { message } = App.useApp();
  const [open, setOpen] = useState(false);
  return (
    <div style={{ marginBottom: 16 }}>
      <Space wrap>
        <Typography.Text type="secondary">该报告正在{stageLabel(report.stage)}环节办理</Typography.Text>
        <Button onClick={() => setOpen(true)}>催办</Button>
      </Space>
      {open && (
        <DecisionModal
          decision="urge"
          title="催办"
          stages={[]}
          onClose={() => setOpen(false)}
          onSubmit={async ({ text }) => {
            await api.urge(report.id, text);
            message.success('已催办');
            setOpen(false);
            onDone();
          }}
        />
      )}
    </div>
  );
}

function DecisionModal({
  decision,
  title,
  stages,
  onClose,
  onSubmit,
}: {
  decision: Decision;
  title: string;
  stages: string[];
  onClose(): void;
  onSubmit(values: { text?: string; toStage?: string }): Promise<void>;
}) {
  const [form] = Form.useForm<{ text?: string; toStage?: string }>();
  const [error, setError] = useState<ReturnType<typeof asApiError>>();
  const [busy, setBusy] = useState(false);
  const reasonRequired = decision === 'reject' || decision === 'return';
  const submit = async () => {
    const values = await form.validateFields().catch(() => undefined);
    if (!values) return; // the form shows what is missing
    setBusy(true);
    setError(undefined);
    try {
      await onSubmit({ text: values.text?.trim() || undefined, toStage: values.toStage });
    } catch (e) {
      setError(asApiError(e));
    } finally {
      setBusy(false);
    }
  };
  return (
    <Modal open title={title} okText="确定" cancelText="取消" onOk={submit} confirmLoading={busy} onCancel={onClose} destroyOnHidden>
      <Form form={form} layout="vertical" initialValues={{ toStage: stages[0] }}>
        {decision === 'return' && (
          <Form.Item name="toStage" label="退回至" rules={[{ required: true, message: '请选择环节' }]}>
            <Select options={stages.map((stage) => ({ value: stage, label: stageLabel(stage) }))} />
          </Form.Item>
        )}
        <Form.Item
          name="text"
          label={reasonRequired ? '退回原因' : decision === 'urge' ? '催办说明（可选）' : '审核意见（可选）'}
          rules={reasonRequired ? [{ required: true, whitespace: true, message: '请填写退回原因' }] : []}
        >
          <Input.TextArea
            aria-label={reasonRequired ? '退回原因' : '意见'}
            autoSize={{ minRows: 3, maxRows: 8 }}
            maxLength={2000}
            showCount
          />
        </Form.Item>
      </Form>
      {error && <ProblemAlert error={error} />}
    </Modal>
  );
}
