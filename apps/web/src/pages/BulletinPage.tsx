import { Alert, Button, Card, Input, Space, Tag, message } from 'antd';
import { useEffect, useState } from 'react';
import { api, type ApiError, type Bulletin } from '../api';
import { BulletinDocument } from '../components/bulletin';
import { LoadState, PageTitle, ProblemAlert } from '../components/common';
import { useLoad } from '../load';
import { periodLabel } from '../period';
import { Link } from '../router';
import { useUser } from '../session';

/** One period's 督查通报: the draft with its commentary for the staff, 签发 for the office, 已阅 for a unit. */
export default function BulletinPage({ bulletinId }: { bulletinId: string }) {
  const user = useUser();
  const loaded = useLoad(() => api.bulletin(bulletinId), [bulletinId]);
  const [bulletin, setBulletin] = useState<Bulletin>();
  const [text, setText] = useState('');
  const [error, setError] = useState<ApiError>();
  const [busy, setBusy] = useState(false);
  useEffect(() => {
    if (loaded.data) {
      setBulletin(loaded.data);
      setText(loaded.data.draft?.commentary ?? '');
    }
  }, [loaded.data]);
  const act = async (action: () => Promise<Bulletin>, done: string) => {
    setBusy(true);
    setError(undefined);
    try {
      const answer = await action();
      setBulletin(answer);
      void message.success(done);
    } catch (failure) {
      setError(failure as ApiError);
    } finally {
      setBusy(false);
    }
  };
  const base = `/api/bulletins/${encodeURIComponent(bulletinId)}`;
  return (
    <LoadState loaded={loaded}>
      {() => {
        const shown = bulletin ?? loaded.data!;
        const version = shown.draft ?? shown.published!;
        const read = shown.published?.readBy.some((r) => r.unitId === user.unitId) ?? false;
        return (
          <>
            <PageTitle
              extra={
                <Space wrap>
                  {shown.status === 'draft' ? <Tag color="orange">待签发</Tag> : <Tag color="green">已签发</Tag>}
                  <Button onClick={() => api.download(`${base}.pdf`, `${shown.period}督查通报.pdf`)}>下载 PDF</Button>
                  <Button onClick={() => api.download(`${base}.xlsx`, `${shown.period}督查通报.xlsx`)}>下载 Excel</Button>
                  <Link to={`/bulletins/${encodeURIComponent(bulletinId)}/print`}>打印版</Link>
                  {user.role === 'office' && shown.status === 'draft' && (
                    <Button type="primary" loading={busy} onClick={() => act(() => api.approveBulletin(bulletinId), '已签发')}>
                      签发
                    </Button>
                  )}
                  {user.role === 'submitter' &&
                    (read ? (
                      <Tag color="blue">已阅</Tag>
                    ) : (
                      <Button type="primary" loading={busy} onClick={() => act(() => api.readBulletin(bulletinId), '已标记已阅')}>
                        标记已阅
                      </Button>
                    ))}
                </Space>
              }
            >
              {periodLabel(shown.period)}督查通报
            </PageTitle>
            {error && <ProblemAlert error={error} />}
            {shown.status === 'draft' && shown.published && (
              <Alert
                type="info"
                showIcon
                style={{ marginBottom: 12 }}
                message={`更正稿（第 ${shown.draft!.version} 版）：签发后替换已签发的第 ${shown.published.version} 版`}
              />
            )}
            {user.role === 'coordinator' && shown.status === 'draft' && (
              <Card size="small" title="通报意见" style={{ marginBottom: 12 }}>
                <Input.TextArea aria-label="通报意见" rows={4} maxLength={5000} value={text} onChange={(e) => setText(e.target.value)} />
                <Button
                  style={{ marginTop: 8 }}
                  loading={busy}
                  onClick={() => act(() => api.editBulletinCommentary(bulletinId, text), '通报意见已保存')}
                >
                  保存通报意见
                </Button>
              </Card>
            )}
            <Card size="small">
              <BulletinDocument version={version} publishedAt={shown.draft ? undefined : shown.published?.publishedAt} />
            </Card>
          </>
        );
      }}
    </LoadState>
  );
}
