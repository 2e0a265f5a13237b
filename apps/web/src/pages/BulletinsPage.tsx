import { Button, Card, Select, Space, Table, Tag } from 'antd';
import { useState } from 'react';
import { api, type ApiError, type Bulletin } from '../api';
import { LoadState, PageTitle, ProblemAlert } from '../components/common';
import { useLoadAfterActions } from '../load';
import { periodLabel, periodsOf } from '../period';
import { Link, navigate } from '../router';
import { useUser } from '../session';

/**
 * 督查通报: the office's staff draft a period's bulletin (the figures are filled in from the
 * ledger as of the period's deadline), the office signs it off, units read what was published.
 */
export default function BulletinsPage() {
  const user = useUser();
  const bulletins = useLoadAfterActions(() => api.bulletins(), []);
  const [period, setPeriod] = useState<string>();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ApiError>();
  const year = new Date().getFullYear() - 1;
  const draft = async () => {
    if (!period) return;
    setBusy(true);
    setError(undefined);
    try {
      const answer = await api.draftBulletin(period);
      navigate(`/bulletins/${encodeURIComponent(answer.id)}`);
    } catch (failure) {
      setError(failure as ApiError);
    } finally {
      setBusy(false);
    }
  };
  const readByMe = (b: Bulletin) => b.published?.readBy.some((r) => r.unitId === user.unitId) ?? false;
  return (
    <>
      <PageTitle
        extra={
          user.role === 'coordinator' && (
            <Space>
              <Select
                aria-label="通报期间"
                placeholder="选择期间"
                showSearch
                optionFilterProp="label"
                style={{ width: 140 }}
                value={period}
                onChange={setPeriod}
                options={[year, year + 1].flatMap((y) => periodsOf(y)).map((p) => ({ value: p, label: periodLabel(p) }))}
              />
              <Button type="primary" loading={busy} disabled={!period} onClick={draft}>
                起草通报
              </Button>
            </Space>
          )
        }
      >
        督查通报
      </PageTitle>
      {error && <ProblemAlert error={error} />}
      <LoadState loaded={bulletins}>
        {(rows) => (
          <Card size="small">
            <Table<Bulletin>
              rowKey="id"
              size="small"
              dataSource={rows}
              pagination={false}
              columns={[
                {
                  title: '期间',
                  render: (_, b) => <Link to={`/bulletins/${encodeURIComponent(b.id)}`}>{periodLabel(b.period)}督查通报</Link>,
                },
                {
                  title: '状态',
                  render: (_, b) =>
                    b.status === 'draft' ? (
                      <Tag color="orange">{b.published ? '更正稿待签发' : '草稿'}</Tag>
                    ) : (
                      <Tag color="green">已签发</Tag>
                    ),
                },
                { title: '版本', render: (_, b) => b.published?.version ?? b.draft?.version },
                ...(user.role === 'submitter'
                  ? [{ title: '已阅', render: (_: unknown, b: Bulletin) => (readByMe(b) ? <Tag color="blue">已阅</Tag> : <Tag>未阅</Tag>) }]
                  : [{ title: '已阅单位', render: (_: unknown, b: Bulletin) => b.published?.readBy.length ?? 0 }]),
              ]}
            />
          </Card>
        )}
      </LoadState>
    </>
  );
}
