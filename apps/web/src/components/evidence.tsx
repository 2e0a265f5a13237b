import { InboxOutlined, PaperClipOutlined } from '@ant-design/icons';
import { App, Button, List, Typography, Upload } from 'antd';
import type { UploadFile } from 'antd';
import { api, type Attachment } from '../api';
import { asApiError } from '../load';

const ACCEPT = '.pdf,.jpg,.jpeg,.png,.ofd,.docx,.xlsx';

const sizeText = (bytes: number) =>
  bytes >= 1024 * 1024 ? `${(bytes / 1024 / 1024).toFixed(1)} MB` : `${Math.max(1, Math.round(bytes / 1024))} KB`;

/**
 * 佐证材料: drag files in or pick them; each is uploaded at once with a progress bar, and the
 * ids of those that arrived are what the form submits (`attachments`).
 */
export function EvidenceUpload({ onChange }: { onChange(ids: string[]): void }) {
  const { message } = App.useApp();
  return (
    <Upload.Dragger
      multiple
      accept={ACCEPT}
      aria-label="上传附件"
      maxCount={20}
      customRequest={({ file, onProgress, onSuccess, onError }) => {
        api
          .uploadAttachment(file as Blob & { name?: string }, (percent) => onProgress?.({ percent }))
          .then((attachment) => onSuccess?.(attachment))
          .catch((error: unknown) => {
            const problem = asApiError(error);
            message.error(`${(file as { name?: string }).name ?? '文件'}：${problem.detail}`);
            onError?.(problem);
          });
      }}
      onChange={({ fileList }: { fileList: UploadFile<Attachment>[] }) =>
        onChange(fileList.flatMap((item) => (item.status === 'done' && item.response ? [item.response.id] : [])))
      }
    >
      <p className="ant-upload-drag-icon">
        <InboxOutlined />
      </p>
      <p className="ant-upload-text">点击或拖拽文件到此处上传佐证材料</p>
      <p className="ant-upload-hint">PDF、JPG、PNG、OFD、DOCX、XLSX，单个不超过 20 MB，最多 20 个</p>
    </Upload.Dragger>
  );
}

/** The evidence of a document, each file downloadable (with the token the API asks for). */
export function EvidenceList({ attachments }: { attachments: Attachment[] | undefined }) {
  const { message } = App.useApp();
  if (!attachments || attachments.length === 0) return <Typography.Text type="secondary">未上传佐证材料</Typography.Text>;
  return (
    <List
      size="small"
      dataSource={attachments}
      renderItem={(attachment) => (
        <List.Item>
          <Button
            type="link"
            icon={<PaperClipOutlined />}
            onClick={() =>
              api
                .download(`/api/attachments/${encodeURIComponent(attachment.id)}`, attachment.name)
                .catch((e) => message.error(asApiError(e).detail))
            }
          >
            {attachment.name}
          </Button>
          <Typography.Text type="secondary">{sizeText(attachment.size)}</Typography.Text>
        </List.Item>
      )}
    />
  );
}
