import { docxFile, elfFile, ofdFile, pdfFile, peFile, pngFile, xlsxFile, zipFile } from '../../../tests/support/files';
import { ALLOWED_TYPES, mayBeAllowed, sniffContentType } from './content-type';
import { attachmentDisposition, cleanFileName } from './file-name';

describe('the type of an upload, from its content', () => {
  it('knows PDF, JPEG, PNG, and OFD, DOCX and XLSX by the entries of their ZIP', () => {
    expect(sniffContentType(pdfFile())).toBe(ALLOWED_TYPES.pdf);
    expect(sniffContentType(Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0, 0x10, 0x4a, 0x46, 0x49, 0x46]))).toBe(ALLOWED_TYPES.jpeg);
    expect(sniffContentType(pngFile())).toBe(ALLOWED_TYPES.png);
    expect(sniffContentType(ofdFile())).toBe(ALLOWED_TYPES.ofd);
    expect(sniffContentType(docxFile())).toBe(ALLOWED_TYPES.docx);
    expect(sniffContentType(xlsxFile())).toBe(ALLOWED_TYPES.xlsx);
  });

  it('refuses executables, any other ZIP, a truncated ZIP and nothing at all', () => {
    expect(sniffContentType(elfFile())).toBeUndefined();
    expect(sniffContentType(peFile())).toBeUndefined();
    expect(sniffContentType(zipFile({ 'payload.exe': 'MZ' }))).toBeUndefined();
    expect(sniffContentType(ofdFile().subarray(0, 60))).toBeUndefined();
    expect(sniffContentType(Buffer.alloc(0))).toBeUndefined();
    expect(mayBeAllowed(elfFile().subarray(0, 8))).toBe(false);
    expect(mayBeAllowed(pdfFile().subarray(0, 8))).toBe(true);
  });
});

describe('the name an upload is kept under', () => {
  it('is the last path segment without control or direction-override characters, Chinese kept', () => {
    expect(cleanFileName('C:\\Users\\教育局\\验收报告.pdf')).toBe('验收报告.pdf');
    expect(cleanFileName('../../etc/passwd')).toBe('passwd');
    expect(cleanFileName('照片\u0000\r\n\u202egpj.exe')).toBe('照片gpj.exe');
    expect(cleanFileName('..')).toBe('佐证材料');
    expect(cleanFileName(undefined)).toBe('佐证材料');
    expect([...cleanFileName('长'.repeat(500))]).toHaveLength(200);
  });

  it('is downloaded with an RFC 5987 filename* and an ASCII stand-in', () => {
    expect(attachmentDisposition('食堂 (竣工).pdf')).toBe(
      `attachment; filename="__ (__).pdf"; filename*=UTF-8''%E9%A3%9F%E5%A0%82%20%28%E7%AB%A3%E5%B7%A5%29.pdf`,
    );
  });
});
