import { Alert, Button, Card, Checkbox, Form, Input, InputNumber, Select, Space, Typography } from 'antd';
import { useState } from 'react';
import type { ApiError, Attachment, IndicatorValue, Task } from '../api';
import { isYesNo, targetText, valueText } from '../labels';
import { asApiError } from '../load';
import { composeNarrative, emptyNarrative, NARRATIVE_LABELS, parseNarrative, type NarrativeParts } from '../narrative';
import { periodLabel } from '../period';
import { clearDraft, readDraft, writeDraft } from '../drafts';
import { ProblemAlert } from './common';
import { EvidenceList, EvidenceUpload } from './evidence';

interface FormValues extends NarrativeParts {
  values: Record<string, number | null>;
  /** Why a cumulative value is below the signed-off one, per indicator. */
  explanations: Record<string, string | undefined>;
  /** The unit's confirmation of a value the API questions as implausible, per indicator. */
  confirmed: Record<string, boolean | undefined>;
}

/** The indicators whose field the API named `values[i].<what>` in its answer. */
function indicatorsNamed(error: ApiError | undefined, indicatorIds: string[], what: string): Set<string> {
  const named = new Set<string>();
  for (const problem of error?.errors ?? []) {
    const match = /^values\[(\d+)\]\.(\w+)$/.exec(problem.field);
    const id = match && match[2] === what ? indicatorIds[Number(match[1])] : undefined;
    if (id) named.add(id);
  }
  return named;
}

/**
 * A field per indicator with its unit and target, and the written parts of the report. A
 * cumulative value below the signed-off one asks why; a value the API finds implausible asks the
 * unit to confirm it. With `draftKey`, what is typed is kept in this browser until submitted.
 */
export function ReportForm({
  task,
  period,
  initial,
  submitLabel,
  draftKey,
  onSubmit,
}: {
  task: Task;
  /** The report's period: only values signed off for an earlier period are a floor. */
  period: string;
  initial?: { values: IndicatorValue[]; narrative: string; attachments?: Attachment[] };
  submitLabel: string;
  draftKey?: string;
  /** `attachments`: ids of the evidence files, the earlier revision's kept ones included. */
  onSubmit(values: IndicatorValue[], narrative: string, attachments: string[]): Promise<unknown>;
}) {
  const [form] = Form.useForm<FormValues>();
  const [uploaded, setUploaded] = useState<string[]>([]);
  const kept = initial?.attachments ?? [];
  const [error, setError] = useState<ApiError>();
  const [busy, setBusy] = useState(false);
  const indicatorIds = task.indicators.map((i) => i.id);
  const [draft] = useState(() => (draftKey ? readDraft<FormValues>(draftKey) : undefined));
  const initialValues: FormValues = draft ?? {
    values: Object.fromEntries(task.indicators.map((i) => [i.id, initial?.values.find((v) => v.indicatorId === i.id)?.value ?? null])),
    explanations: Object.fromEntries(task.indicators.map((i) => [i.id, initial?.values.find((v) => v.indicatorId === i.id)?.explanation])),
    confirmed: {},
    ...(initial ? parseNarrative(initial.narrative) : emptyNarrative()),
  };
  const typed = Form.useWatch('values', form) ?? initialValues.values;
  const questioned = indicatorsNamed(error, indicatorIds, 'confirmedImplausible');
  const askedWhy = indicatorsNamed(error, indicatorIds, 'explanation');
  const floorOf = (indicatorId: string) => {
    const signedOff = task.progress.find((p) => p.indicatorId === indicatorId);
    const indicator = task.indicators.find((i) => i.id === indicatorId);
    return indicator?.kind === 'cumulative' && signedOff && signedOff.period < period ? signedOff : undefined;
  };
  const belowFloor = (indicatorId: string) => {
    const floor = floorOf(indicatorId);
    const value = typed[indicatorId];
    return askedWhy.has(indicatorId) || (floor !== undefined && typeof value === 'number' && value < floor.value);
  };
  const fieldNames = Object.fromEntries(
    task.indicators.flatMap((indicator, index) => [
      [`values[${index}].value`, indicator.name],
      [`values[${index}].indicatorId`, indicator.name],
      [`values[${index}].explanation`, `${indicator.name}（低于已签发值的说明）`],
      [`values[${index}].confirmedImplausible`, indicator.name],
    ]),
  );

  const finish = async (form: FormValues) => {
    setBusy(true);
    setError(undefined);
    try {
      const values = task.indicators.map((i) => {
        const explanation = belowFloor(i.id) ? form.explanations?.[i.id]?.trim() : undefined;
        return {
          indicatorId: i.id,
          value: Number(form.values[i.id]),
          ...(explanation ? { explanation } : {}),
          ...(questioned.has(i.id) && form.confirmed?.[i.id] ? { confirmedImplausible: true } : {}),
        };
      });
      // The API has one narrative field; the four parts go into it under headings (see narrative.ts).
      await onSubmit(values, composeNarrative(form), [...kept.map((file) => file.id), ...uploaded]);
      if (draftKey) clearDraft(draftKey);
    } catch (e) {
      setError(asApiError(e));
    } finally {
      setBusy(false);
    }
  };

  return (
    <Form
      form={form}
      layout="vertical"
      initialValues={initialValues}
      onFinish={finish}
      onValuesChange={(_, all) => draftKey && writeDraft(draftKey, all)}
      disabled={busy}
      scrollToFirstError
    >
      <Card size="small" title="指标完成情况（截至本期末累计值）" style={{ marginBottom: 16 }}>
        {task.indicators.map((indicator) => {
          const signedOff = task.progress.find((p) => p.indicatorId === indicator.id);
          const floor = floorOf(indicator.id);
          return (
            <div key={indicator.id}>
              <Form.Item
                name={['values', indicator.id]}
                label={`${indicator.name}`}
                rules={[{ required: true, message: `请填写“${indicator.name}”` }]}
                extra={
                  <span data-testid={`target-${indicator.id}`}>
                    目标 {targetText(indicator)}
                    {signedOff ? ` · 已签发 ${valueText(signedOff.value, indicator)}（${periodLabel(signedOff.period)}）` : ''}
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
              {belowFloor(indicator.id) && (
                <Form.Item
                  name={['explanations', indicator.id]}
                  label={`低于已签发值的原因（已签发 ${floor ? `${valueText(floor.value, indicator)}，${periodLabel(floor.period)}` : '值'}）`}
                  rules={[{ required: true, whitespace: true, message: `“${indicator.name}”低于已签发累计值，请说明原因` }]}
                  data-testid={`explanation-${indicator.id}`}
                >
                  <Input.TextArea
                    aria-label={`${indicator.name}低于已签发值的原因`}
                    autoSize={{ minRows: 2, maxRows: 6 }}
                    maxLength={2000}
                    placeholder="如：统计口径调整、重复计数核减等"
                  />
                </Form.Item>
              )}
              {questioned.has(indicator.id) && (
                <Alert
                  type="warning"
                  showIcon
                  style={{ marginBottom: 16 }}
                  data-testid={`implausible-${indicator.id}`}
                  title={`“${indicator.name}”填报值异常，请核实`}
                  description={
                    <>
                      <div>
                        填报 {valueText(typed[indicator.id], indicator)}，目标 {targetText(indicator)}
                        {signedOff ? `，已签发 ${valueText(signedOff.value, indicator)}` : ''}。确认无误的数值将提示审核人关注。
                      </div>
                      <Form.Item name={['confirmed', indicator.id]} valuePropName="checked" noStyle>
                        <Checkbox>我已核实，该数值无误</Checkbox>
                      </Form.Item>
                    </>
                  }
                />
              )}
            </div>
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
          <ProblemAlert error={error} fields={fieldNames} />
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
