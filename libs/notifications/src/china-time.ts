const CHINA_OFFSET_MS = 8 * 3600_000;
const pad = (n: number) => String(n).padStart(2, '0');

/** 2025-12-25T08:00:00Z → 2025年12月25日 16:00: China keeps UTC+8 all year, whatever zone the server runs in. */
export function chinaTime(at: string): string {
  const t = new Date(Date.parse(at) + CHINA_OFFSET_MS);
  return `${t.getUTCFullYear()}年${t.getUTCMonth() + 1}月${t.getUTCDate()}日 ${pad(t.getUTCHours())}:${pad(t.getUTCMinutes())}`;
}
