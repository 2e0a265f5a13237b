import {
  Alert,
  App,
  Button,
  Card,
  Col,
  DatePicker,
  Descriptions,
  Empty,
  Form,
  Input,
  Modal,
  Row,
  Space,
  Tag,
  Timeline,
  Typography,
} from 'antd';
import type { Dayjs } from 'dayjs';
import { useRef, useState } from 'react';
import { api, type ExtensionSummary, type Notice, type NoticeStatus, type NoticeSummary, type Task } from '../api';
import { chinaDay, DATE_FORMATS, chinaTime, dayLabel } from '../china-time';
import { ClosableTag, LoadState, NoticeLevelTag, NoticeStatusTag, PageTitle, ProblemAlert, useUnitName } from '../components/common';
import { ExtensionRequestModal, ExtensionTable } from '../components/supervision';
import { NOTICE_CAUSE_LABEL, NOTICE_EVENT_LABEL, NOTICE_FIELD_LABEL } from '../labels';
import { asApiError, readUntil, useLoad, useLoadAfterActions, type Loaded } from '../load';
import {
  actorText,
  daysOpen,
  historyDetail,
  isOverdue,
  lastReturnReason,
  latestResponse,
  noticeActionsFor,
  type NoticeAction,
} from '../notice';
import { periodLabel } from '../period';
import { Link } from '../router';
import { EvidenceList, EvidenceUpload } from '../components/evidence';
import { useUser } from '../session';

/** One 督办单: what it asks, its timeline, and what the viewer's role does with it now. */
export default function NoticePage({ noticeId }: { noticeId: string }) {
  // The page reads the board's projection, which follows an action's answer by a moment: after an
  // action it reads again until the projection shows the status the answer gave.
  const awaited = useRef<NoticeStatus>(undefined);
  const notice = useLoad(
    () =>
      readUntil(
        () => api.notice(noticeId),
        (view) => !awaited.current || view.status === awaited.current,
      ),
    [noticeId],
  );
  const tasks = useLoad(() => api.tasks(), []);
  const acted = (answer: NoticeSummary) => {
    awaited.current = answer.status;
    notice.reload();
  };
  return <LoadState loaded={notice}>{(n) => <NoticeView notice={n} tasks={tasks} onActed={acted} />}</LoadState>;
}

function NoticeView({ notice, tasks, onActed }: { notice: Notice; tasks: Loaded<Task[]>; onActed(answer: NoticeSummary): void }) {
  const user = useUser();
  const unitName = useUnitName();
  const now = new Date();
  const task = tasks.data?.find((t) => t.id === notice.taskId);
  const actions = noticeActionsFor(user, notice);
  const returnReason = notice.status === 'returned' ? lastReturnReason(notice) : null;
  const response = latestResponse(notice);
  // 延期申请 of this notice's 办理时限: the unit follows its requests here, the office decides them.
  const extensions = useLoadAfterActions(
    () => api.extensions({ taskId: notice.taskId }).then((rows) => rows.filter((x) => x.noticeId === notice.id)),
    [notice.id],
  );
  const extended = (answer: ExtensionSummary) =>
    extensions.reloadUntil((rows) => rows.some((x) => x.id === answer.id && x.status === answer.status));
  return (
    <>
      <PageTitle
        extra={
          <Space size={4} wrap>
            <NoticeLevelTag level={notice.level} />
            <NoticeStatusTag status={notice.status} />
            {notice.causeCleared && notice.status !== 'closed' && <ClosableTag />}
            {isOverdue(notice, now) && <Tag color="red">已超时</Tag>}
          </Space>
        }
      >
        督办单
      </PageTitle>
      <Descriptions size="small" bordered column={{ xs: 1, sm: 2, lg: 3 }} style={{ marginBottom: 16, background: '#fff' }}>
        <Descriptions.Item label="任务">
          {task ? (
            <Link to={`/tasks/${encodeURIComponent(task.id)}`}>
              <Tag>{task.code}</Tag>
              {task.title}
            </Link>
          ) : (
            '—'
          )}
        </Descriptions.Item>
        <Descriptions.Item label="牵头单位">{notice.unitIds.map(unitName).join('、')}</Descriptions.Item>
        <Descriptions.Item label="事由">{NOTICE_CAUSE_LABEL[notice.cause]}</Descriptions.Item>
        {notice.periods.length > 0 && <Descriptions.Item label="涉及期间">{notice.periods.map(periodLabel).join('、')}</Descriptions.Item>}
        <Descriptions.Item label="交办时间">{chinaTime(notice.issuedAt)}</Descriptions.Item>
        <Descriptions.Item label="签收时限">{chinaTime(notice.acknowledgeBy)}</Descriptions.Item>
        <Descriptions.Item label="办理时限">{chinaTime(notice.dueAt)}</Descriptions.Item>
        <Descriptions.Item label="已办天数">{daysOpen(notice, now)} 天</Descriptions.Item>
      </Descriptions>

      {notice.causeCleared && notice.status !== 'closed' && (
        <Alert
          style={{ marginBottom: 16 }}
          type="success"
          showIcon
          title="督办事由已消除，可销号"
          description="销号仍需工作专班办公室核查后办理。"
        />
      )}
      {actions.length > 0 && <NoticeActions notice={notice} actions={actions} onDone={onActed} onExtensionRequested={extended} />}

      <Row gutter={[16, 16]}>
        <Col xs={24} lg={15}>
          <Card title="督办事项" size="small" style={{ marginBottom: 16 }}>
            <Typography.Paragraph style={{ whiteSpace: 'pre-wrap', marginBottom: 0 }} data-testid="notice-matter">
              {notice.matter}
            </Typography.Paragraph>
          </Card>
          {returnReason && (
            <Card title="退回理由" size="small" style={{ marginBottom: 16, borderColor: '#ffa39e' }} data-testid="notice-return-reason">
              <Typography.Paragraph style={{ whiteSpace: 'pre-wrap', marginBottom: 0 }}>{returnReason}</Typography.Paragraph>
            </Card>
          )}
          {response && (
            <Card
              title={notice.status === 'returned' ? '上次整改反馈' : '整改反馈'}
              size="small"
              style={{ marginBottom: 16 }}
              data-testid="notice-response"
            >
              <Descriptions size="small" column={1}>
                <Descriptions.Item label="整改措施">
                  <span style={{ whiteSpace: 'pre-wrap' }}>{response.measures}</span>
                </Descriptions.Item>
                <Descriptions.Item label="预计整改到位">{dayLabel(response.expectedBy)}</Descriptions.Item>
                <Descriptions.Item label="佐证材料">{response.evidence.length > 0 ? response.evidence.join('；') : '—'}</Descriptions.Item>
                <Descriptions.Item label="附件">
                  <EvidenceList attachments={response.attachments} />
                </Descriptions.Item>
                <Descriptions.Item label="反馈时间">{chinaTime(response.at)}</Descriptions.Item>
              </Descriptions>
            </Card>
          )}
        </Col>
        <Col xs={24} lg={9}>
          <Card title="办理过程" size="small">
            <NoticeTimeline notice={notice} />
          </Card>
          {extensions.data && extensions.data.length > 0 && (
            <Card title="延期申请" size="small" style={{ marginTop: 16 }} data-testid="notice-extensions">
              <ExtensionTable extensions={extensions.data} showTask={false} onDecided={extended} />
            </Card>
          )}
        </Col>
      </Row>
    </>
  );
}

const TIMELINE_COLOR: Record<string, string> = {
  NoticeIssued: 'blue',
  NoticeReturned: 'red',
  NoticeEscalated: 'red',
  NoticeClosed: 'green',
  NoticeCauseCleared: 'green',
};

function NoticeTimeline({ notice }: { notice: Notice }) {
  const unitName = useUnitName();
  if (notice.history.length === 0) return <Empty description="暂无记录" />;
  return (
    <Timeline
      items={notice.history.map((entry, i) => ({
        key: i,
        color: TIMELINE_COLOR[entry.type] ?? 'gray',
        content: (
          <div data-testid="notice-timeline-entry">
            <Typography.Text strong>{NOTICE_EVENT_LABEL[entry.type] ?? '办理'}</Typography.Text>
            <div>
              <Typography.Text type="secondary">
                {chinaTime(entry.at)} · {actorText(entry, unitName)}
              </Typography.Text>
            </div>
            {historyDetail(entry).map((line) => (
              <div key={line} style={{ whiteSpace: 'pre-wrap' }}>
                {line}
              </div>
            ))}
          </div>
        ),
      }))}
    />
  );
}

const ACTION_LABEL: Record<NoticeAction, string> = { acknowledge: '签收', respond: '整改反馈', return: '退回', close: '销号' };

function NoticeActions({
  notice,
  actions,
  onDone,
  onExtensionRequested,
}: {
  notice: Notice;
  actions: NoticeAction[];
  onDone(answer: NoticeSummary): void;
  onExtensionRequested(answer: ExtensionSummary): void;
}) {
  const { message, modal } = App.useApp();
  const [open, setOpen] = useState<Exclude<NoticeAction, 'acknowledge'>>();
  const [asking, setAsking] = useState(false);
  const [error, setError] = useState<ReturnType<typeof asApiError>>();
  const unit = actions.includes('acknowledge') || actions.includes('respond');
  const acknowledge = () =>
    modal.confirm({
      title: '签收该督办单？',
      content: '签收后请在办理时限内提交整改反馈。',
      okText: '签收',
      cancelText: '取消',
      onOk: async () => {
        setError(undefined);
        try {
          const answer = await api.acknowledgeNotice(notice.id);
          message.success('已签收');
          onDone(answer);
        } catch (e) {
          setError(asApiError(e));
        }
      },
    });
  return (
    <Card size="small" style={{ marginBottom: 16 }} title={unit ? '本单位办理' : '核查办理'} data-testid="notice-actions">
      <Space wrap>
        {actions.includes('acknowledge') && (
          <Button type="primary" onClick={acknowledge}>
            签收
          </Button>
        )}
        {actions.includes('respond') && (
          <Button type="primary" onClick={() => setOpen('respond')}>
            整改反馈
          </Button>
        )}
        {unit && <Button onClick={() => setAsking(true)}>申请延期</Button>}
        {actions.includes('close') && (
          <Button type="primary" onClick={() => setOpen('close')}>
            销号
          </Button>
        )}
        {actions.includes('return') && (
          <Button danger onClick={() => setOpen('return')}>
            退回
          </Button>
        )}
      </Space>
      {error && (
        <div style={{ marginTop: 12 }}>
          <ProblemAlert error={error} fields={NOTICE_FIELD_LABEL} />
        </div>
      )}
      {asking && (
        <ExtensionRequestModal
          taskId={notice.taskId}
          noticeId={notice.id}
          deadlineText={`办理时限 ${chinaTime(notice.dueAt)}`}
          onClose={() => setAsking(false)}
          onDone={(answer) => {
            setAsking(false);
            onExtensionRequested(answer);
          }}
        />
      )}
      {open && (
        <ActionModal
          action={open}
          notice={notice}
          onClose={() => setOpen(undefined)}
          onDone={(answer) => {
            message.success(`${ACTION_LABEL[open]}：已完成`);
            setOpen(undefined);
            onDone(answer);
          }}
        />
      )}
    </Card>
  );
}

interface ActionForm {
  measures?: string;
  expectedBy?: Dayjs;
  evidence?: string;
  text?: string;
}

/** 整改反馈 (measures, expected date, evidence), 退回 (reason required) or 销号 (comment). */
function ActionModal({
  action,
  notice,
  onClose,
  onDone,
}: {
  action: Exclude<NoticeAction, 'acknowledge'>;
  notice: Notice;
  onClose(): void;
  onDone(answer: NoticeSummary): void;
}) {
  const [form] = Form.useForm<ActionForm>();
  const [uploaded, setUploaded] = useState<string[]>([]);
  const [error, setError] = useState<ReturnType<typeof asApiError>>();
  const [busy, setBusy] = useState(false);
  const today = chinaDay(new Date());
  const submit = async () => {
    const values = await form.validateFields().catch(() => undefined);
    if (!values) return;
    setBusy(true);
    setError(undefined);
    try {
      let answer: NoticeSummary;
      if (action === 'respond')
        answer = await api.respondNotice(notice.id, {
          measures: values.measures!.trim(),
          expectedBy: values.expectedBy!.format('YYYY-MM-DD'),
          evidence: (values.evidence ?? '')
            .split('\n')
            .map((line) => line.trim())
            .filter(Boolean),
          attachments: uploaded,
        });
      else if (action === 'return') answer = await api.returnNotice(notice.id, values.text!.trim());
      else answer = await api.closeNotice(notice.id, values.text?.trim() || undefined);
      onDone(answer);
    } catch (e) {
      setError(asApiError(e));
    } finally {
      setBusy(false);
    }
  };
  return (
    <Modal
      open
      title={ACTION_LABEL[action]}
      okText="确定"
      cancelText="取消"
      onOk={submit}
      confirmLoading={busy}
      onCancel={onClose}
      destroyOnHidden
    >
      <Form form={form} layout="vertical">
        {action === 'respond' && (
          <>
            <Form.Item name="measures" label="整改措施" rules={[{ required: true, whitespace: true, message: '请填写整改措施' }]}>
              <Input.TextArea aria-label="整改措施" autoSize={{ minRows: 3, maxRows: 8 }} maxLength={2000} showCount />
            </Form.Item>
            <Form.Item name="expectedBy" label="预计整改到位日期" rules={[{ required: true, message: '请选择预计整改到位日期' }]}>
              <DatePicker
                aria-label="预计整改到位日期"
                style={{ width: '100%' }}
                format={DATE_FORMATS}
                disabledDate={(day) => day.format('YYYY-MM-DD') < today}
              />
            </Form.Item>
            <Form.Item name="evidence" label="佐证材料（可选）" extra="文件编号或附件名称，每行一项">
              <Input.TextArea aria-label="佐证材料" autoSize={{ minRows: 2, maxRows: 6 }} />
            </Form.Item>
            <Form.Item label="附件（可选）">
              <EvidenceUpload onChange={setUploaded} />
            </Form.Item>
          </>
        )}
        {action !== 'respond' && (
          <Form.Item
            name="text"
            label={action === 'return' ? '退回理由' : '销号意见（可选）'}
            rules={action === 'return' ? [{ required: true, whitespace: true, message: '请填写退回理由' }] : []}
          >
            <Input.TextArea
              aria-label={action === 'return' ? '退回理由' : '销号意见'}
              autoSize={{ minRows: 3, maxRows: 8 }}
              maxLength={2000}
              showCount
            />
          </Form.Item>
        )}
      </Form>
      {error && <ProblemAlert error={error} fields={NOTICE_FIELD_LABEL} />}
    </Modal>
  );
}
