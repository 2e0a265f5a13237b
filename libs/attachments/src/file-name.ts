const MAX_NAME = 200;
/** C0 and C1 controls, and the bidirectional overrides that make `gpj.exe` read as `exe.jpg`. */
// eslint-disable-next-line no-control-regex
const UNWANTED = /[\u0000-\u001f\u007f-\u009f\u200e\u200f\u202a-\u202e\u2066-\u2069]/g;

/**
 * The name a file is kept and downloaded under: its last path segment (a browser or a client
 * may send `C:\\Users\\…\\x.pdf` or `../../x.pdf`), without control characters, at most 200
 * characters; `佐证材料` when nothing is left.
 */
export function cleanFileName(raw: string | undefined): string {
  const lastSegment = (raw ?? '').split(/[/\\]/).pop() ?? '';
  const cleaned = lastSegment.replace(UNWANTED, '').trim().replace(/^\.+$/, '');
  return [...cleaned].slice(0, MAX_NAME).join('') || '佐证材料';
}

/**
 * `Content-Disposition` for a download: `filename*` (RFC 5987, UTF-8) carries the Chinese name;
 * `filename` is an ASCII stand-in for clients that know only that.
 */
export function attachmentDisposition(name: string): string {
  const ascii = name.replace(/[^\x20-\x7e]/g, '_').replace(/["\\]/g, '_');
  const encoded = encodeURIComponent(name).replace(/['()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encoded}`;
}
