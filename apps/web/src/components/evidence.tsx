import { EyeOutlined, InboxOutlined, PaperClipOutlined } from '@ant-design/icons';
import { App, Button, Image, List, Modal, Space, Typography, Upload } from 'antd';
import { useEffect, useState } from 'react';
import type { UploadFile } from 'antd';
import { api, type Attachment } from '../api';
import { asApiError } from '../load';
import { errorText } from '../errors';

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
            message.error(`${(file as { name?: string }).name ?? '文件'}：${errorText(problem)}`);
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

const attachmentPath = (attachment: Attachment) => `/api/attachments/${encodeURIComponent(attachment.id)}`;
const isImage = (attachment: Attachment) => attachment.contentType === 'image/png' || attachment.contentType === 'image/jpeg';
const isPdf = (attachment: Attachment) => attachment.contentType === 'application/pdf';

/** An object URL of a file fetched with the reader's token, released when it is no longer shown. */
function useFileUrl(attachment: Attachment, wanted: boolean): string | undefined {
  const [url, setUrl] = useState<string>();
  useEffect(() => {
    if (!wanted) return undefined;
    let made: string | undefined;
    let live = true;
    api.blob(attachmentPath(attachment)).then(
      (blob) => {
        made = URL.createObjectURL(blob);
        if (live) setUrl(made);
      },
      () => undefined,
    );
    return () => {
      live = false;
      if (made) URL.revokeObjectURL(made);
    };
  }, [attachment.id, wanted]);
  return url;
}

/** A photo's thumbnail (click for the full picture). */
function Thumbnail({ attachment }: { attachment: Attachment }) {
  const url = useFileUrl(attachment, true);
  return url ? (
    <Image src={url} width={72} height={72} style={{ objectFit: 'cover' }} alt={attachment.name} preview={{ mask: '查看大图' }} />
  ) : (
    <div style={{ width: 72, height: 72, background: '#f5f5f5' }} aria-label={`${attachment.name}（加载中）`} />
  );
}

/** A PDF read in place, in a frame of the browser's own viewer. */
function PdfPreview({ attachment }: { attachment: Attachment }) {
  const [open, setOpen] = useState(false);
  const url = useFileUrl(attachment, open);
  return (
    <>
      <Button size="small" icon={<EyeOutlined />} onClick={() => setOpen(true)} aria-label={`预览 ${attachment.name}`}>
        预览
      </Button>
      <Modal open={open} onCancel={() => setOpen(false)} footer={null} width="min(960px, 96vw)" title={attachment.name} destroyOnClose>
        {url ? (
          <iframe src={url} title={attachment.name} style={{ width: '100%', height: '75vh', border: 0 }} />
        ) : (
          <Typography.Text type="secondary">正在加载…</Typography.Text>
        )}
      </Modal>
    </>
  );
}

/** The evidence of a document: photos as thumbnails, PDFs previewed in place, every file downloadable. */
export function EvidenceList({ attachments }: { attachments: Attachment[] | undefined }) {
  const { message } = App.useApp();
  if (!attachments || attachments.length === 0) return <Typography.Text type="secondary">未上传佐证材料</Typography.Text>;
  return (
    <List
      size="small"
      dataSource={attachments}
      renderItem={(attachment) => (
        <List.Item data-attachment={attachment.id}>
          <Space wrap>
            {isImage(attachment) && <Thumbnail attachment={attachment} />}
            <Button
              type="link"
              icon={<PaperClipOutlined />}
              onClick={() => api.download(attachmentPath(attachment), attachment.name).catch((e) => message.error(asApiError(e).detail))}
            >
              {attachment.name}
            </Button>
            {isPdf(attachment) && <PdfPreview attachment={attachment} />}
            <Typography.Text type="secondary">{sizeText(attachment.size)}</Typography.Text>
          </Space>
        </List.Item>
      )}
    />
  );
}
