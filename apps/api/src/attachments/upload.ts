import busboy from 'busboy';
import type { Request, Response } from 'express';
import { mayBeAllowed, SIGNATURE_BYTES } from '@ledger/attachments';
import { Problem } from '../http/problem';

export interface Upload {
  bytes: Buffer;
  /** As the client sent it; cleaned when stored. */
  name: string;
}

/** What multipart framing may add around the file (boundaries, part headers, a long name). */
const FRAMING_BYTES = 64 * 1024;

export const tooLarge = (maxBytes: number) =>
  new Problem(
    413,
    'Payload Too Large / 文件过大',
    `the file is larger than ${maxBytes / 1024 / 1024} MB / 文件超过 ${maxBytes / 1024 / 1024} MB`,
    [{ field: 'file', message: `at most ${maxBytes} bytes / 文件过大` }],
  );

export const unsupportedType = () =>
  new Problem(
    415,
    'Unsupported Media Type / 文件类型不支持',
    'the file is not a PDF, JPEG, PNG, OFD, DOCX or XLSX (judged by its content, not its name) / 仅支持 PDF、JPEG、PNG、OFD、DOCX、XLSX（按文件内容判断）',
    [{ field: 'file', message: 'type not allowed / 文件类型不支持' }],
  );

const badUpload = (detail: string) => new Problem(400, 'Bad Request / 请求有误', detail, [{ field: 'file', message: detail }]);

/**
 * Reads the one file of a `multipart/form-data` request (field `file`), holding at most
 * `maxBytes` of it. A body that is too large is refused as soon as that shows: from
 * Content-Length before a byte is read, else the moment the file passes the limit. A file
 * whose first bytes are none of the allowed signatures is refused after those bytes. Either
 * way the rest is not read: the answer closes the connection.
 */
export function readUpload(request: Request, response: Response, maxBytes: number): Promise<Upload> {
  if (!/^multipart\/form-data/i.test(request.headers['content-type'] ?? ''))
    return Promise.reject(
      new Problem(
        415,
        'Unsupported Media Type / 请求格式不支持',
        'send the file as multipart/form-data, field "file" / 请以 multipart/form-data 上传，字段名 file',
        [{ field: 'file', message: 'multipart/form-data required / 须为 multipart/form-data' }],
      ),
    );
  const stopReading = () => {
    response.setHeader('connection', 'close');
    response.once('finish', () => request.destroy());
  };
  const declared = Number(request.headers['content-length']);
  if (Number.isFinite(declared) && declared > maxBytes + FRAMING_BYTES) {
    stopReading();
    return Promise.reject(tooLarge(maxBytes));
  }
  return new Promise((resolve, reject) => {
    let settled = false;
    let upload: Upload | undefined;
    let parser: busboy.Busboy;
    const fail = (problem: Problem) => {
      if (settled) return;
      settled = true;
      request.unpipe(parser);
      stopReading();
      reject(problem);
    };
    try {
      parser = busboy({
        headers: request.headers,
        // Browsers send the file name as raw UTF-8 in `filename=`: decode it so.
        defParamCharset: 'utf8',
        limits: { files: 1, fileSize: maxBytes, fields: 20, fieldSize: 4096, parts: 24 },
      });
    } catch {
      return reject(badUpload('malformed multipart body / 上传内容格式错误'));
    }
    parser.on('file', (field, stream, info) => {
      if (field !== 'file' || upload) return void stream.resume();
      const chunks: Buffer[] = [];
      let size = 0;
      let headChecked = false;
      stream.on('data', (chunk: Buffer) => {
        if (settled) return;
        chunks.push(chunk);
        size += chunk.length;
        if (!headChecked && size >= SIGNATURE_BYTES) {
          headChecked = true;
          if (!mayBeAllowed(Buffer.concat(chunks).subarray(0, SIGNATURE_BYTES))) fail(unsupportedType());
        }
      });
      stream.on('limit', () => fail(tooLarge(maxBytes)));
      stream.on('end', () => {
        if (!settled && !stream.truncated) upload = { bytes: Buffer.concat(chunks), name: info.filename ?? '' };
      });
    });
    parser.on('error', () => fail(badUpload('malformed multipart body / 上传内容格式错误')));
    parser.on('close', () => {
      if (settled) return;
      settled = true;
      if (upload) resolve(upload);
      else reject(badUpload('no file in field "file" / 未选择文件（字段 file）'));
    });
    request.pipe(parser);
  });
}
