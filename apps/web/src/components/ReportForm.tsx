import { Button, Card, Form, Input, InputNumber, Select, Space, Typography } from 'antd';
import { useState } from 'react';
import type { ApiError, Attachment, IndicatorValue, Task } from '../api';
import { isYesNo, targetText, valueText } from '../labels';
import { asApiError } from '../load';
import { composeNarrative, emptyNarrative, NARRATIVE_LABELS, parseNarrative, type NarrativeParts } from '../narrative';
import { ProblemAlert } from './common';
import { EvidenceList, EvidenceUpload } from './evidence';

interface FormValues extends NarrativeParts {
  values: Record<string, number | null>;
}

/** A field per indicator with its unit and target, and the written parts of the report. */
export function ReportForm({
  task,
  initial,
  submitLabel,
  onSubmit,
}: {
  task: Task;
  initial?: { values: IndicatorValue[]; narrative: string; attachments?: Attachment[] };
  submitLabel: string;
  /** `attachments`: ids of the evidence files, the earlier revision's kept ones included. */
  onSubmit(values: IndicatorValue[], narrative: string, attachments: string[]): Promise<unknown>;
}) {
  const [form] = Form.useForm<FormValues>();
  const [uploaded, setUploaded] = useState<string[]>([]);
  const kept = initial?.attachments ?? [];
  const [error, setError] = useState<ApiError>();
  const [busy, setBusy] = useState(false);
  const initialValues: FormValues = {
    values: Object.fromEntries(task.indicators.map((i) => [i.id, initial?.values.find((v) => v.indicatorId === i.id)?.value ?? null])),
    ...(initial ? parseNarrative(initial.narrative) : emptyNarrative()),
  };

  const finish = async (form: FormValues) => {
    setBusy(true);
    setError(undefined);
    try {
      const values = task.indicators.map((i) => ({ indicatorId: i.id, value: Number(form.values[i.id]) }));
      // The API has one narrative field; the four parts go into it under headings (see narrative.ts).
      await onSubmit(values, composeNarrative(form), [...kept.map((file) => file.id), ...uploaded]);
    } catch (e) {
      setError(asApiError(e));
    } finally {
      setBusy(false);
    }
  };

  return (
    <Form form={form} layout="vertical" initialValues={initialValues} onFinish={finish} disabled={busy} scrollToFirstError>
      <Card size="small" title="指标完成情况（截至本期末累计值）" style={{ marginBottom: 16 }}>
        {task.indicators.map((indicator) => {
          const signedOff = task.progress.find((p) => p.indicatorId === indicator.id);
          return (
            <Form.Item
              key={indicator.id}
              name={['values', indicator.id]}
              label={`${indicator.name}`}
              rules={[{ required: true, message: `请填写“${indicator.name}”` }]}
              extra={
                <span data-testid={`target-${indicator.id}`}>
                  目标 {targetText(indicator)}
                  {signedOff ? ` · 已签发 ${valueText(signedOff.value, indicator)}（${signedOff.period}）` : ''}
                </span>
              }
            >
              {isYesNo(indicator.kind) ? (
                <Select
                  aria-label={indicator.name}
                  style={{ maxWidth: 240 }}
                  options={[
                    { value: 1, label: '已完成' },
                    { value: 0, label: '未完成' },
                  ]}
                />
              ) : (
                <InputNumber
                  aria-label={indicator.name}
                  data-indicator={indicator.id}
                  min={0}
                  style={{ width: '100%', maxWidth: 320 }}
                  suffix={indicator.unit ?? undefined}
                />
              )}
            </Form.Item>
          );
        })}
      </Card>
      <Card size="small" title="文字说明" style={{ marginBottom: 16 }}>
        <Form.Item
          name="progress"
          label={NARRATIVE_LABELS.progress}
          rules={[{ required: true, whitespace: true, message: '请填写本期进展情况' }]}
        >
          <Input.TextArea aria-label={NARRATIVE_LABELS.progress} autoSize={{ minRows: 3, maxRows: 10 }} maxLength={4000} showCount />
        </Form.Item>
        <Form.Item name="problems" label={NARRATIVE_LABELS.problems}>
          <Input.TextArea aria-label={NARRATIVE_LABELS.problems} autoSize={{ minRows: 2, maxRows: 8 }} maxLength={2000} />
        </Form.Item>
        <Form.Item name="nextSteps" label={NARRATIVE_LABELS.nextSteps}>
          <Input.TextArea aria-label={NARRATIVE_LABELS.nextSteps} autoSize={{ minRows: 2, maxRows: 8 }} maxLength={2000} />
        </Form.Item>
        <Form.Item name="evidence" label={NARRATIVE_LABELS.evidence} extra="文件编号、台账名称或系统链接，每行一条">
          <Input.TextArea aria-label={NARRATIVE_LABELS.evidence} autoSize={{ minRows: 2, maxRows: 6 }} maxLength={1500} />
        </Form.Item>
      </Card>
      <Card size="small" title="佐证材料（附件）" style={{ marginBottom: 16 }}>
        {kept.length > 0 && (
          <>
            <Typography.Text type="secondary">上一版的佐证材料随本次一并提交：</Typography.Text>
            <EvidenceList attachments={kept} />
          </>
        )}
        <EvidenceUpload onChange={setUploaded} />
      </Card>
      {error && (
        <div style={{ marginBottom: 16 }}>
          <ProblemAlert error={error} />
        </div>
      )}
      <Space>
        <Button type="primary" htmlType="submit" loading={busy}>
          {submitLabel}
        </Button>
        <Typography.Text type="secondary">提交后进入专班办公室审核</Typography.Text>
      </Space>
    </Form>
  );
}

/** The narrative split into its parts, each under its label. */
export function NarrativeView({ narrative }: { narrative: string }) {
  const parts = parseNarrative(narrative);
  const shown = (Object.keys(NARRATIVE_LABELS) as (keyof NarrativeParts)[]).filter((key) => parts[key]);
  if (shown.length === 0) return <Typography.Text type="secondary">未填写文字说明</Typography.Text>;
  return (
    <>
      {shown.map((key) => (
        <div key={key} style={{ marginBottom: 12 }}>
          <Typography.Text strong>{NARRATIVE_LABELS[key]}</Typography.Text>
          <Typography.Paragraph style={{ whiteSpace: 'pre-wrap', marginBottom: 0 }}>{parts[key]}</Typography.Paragraph>
        </div>
      ))}
    </>
  );
}
