/**
 * The report's written part. The API stores a single `narrative` text today, so the form's
 * separate fields (进展情况, 存在问题, 下步计划, 佐证材料) travel inside it under fixed headings,
 * and are split back out when a report is resubmitted or reviewed. Text without headings is
 * read as the progress section, so older or hand-written narratives still show.
 */
export interface NarrativeParts {
  progress: string;
  problems: string;
  nextSteps: string;
  evidence: string;
}

const HEADINGS: Array<[keyof NarrativeParts, string]> = [
  ['progress', '【进展情况】'],
  ['problems', '【存在问题】'],
  ['nextSteps', '【下步计划】'],
  ['evidence', '【佐证材料】'],
];

export const emptyNarrative = (): NarrativeParts => ({ progress: '', problems: '', nextSteps: '', evidence: '' });

export function composeNarrative(parts: NarrativeParts): string {
  return HEADINGS.filter(([key]) => parts[key].trim() !== '')
    .map(([key, heading]) => `${heading}\n${parts[key].trim()}`)
    .join('\n\n');
}

export function parseNarrative(text: string): NarrativeParts {
  const parts = emptyNarrative();
  const pattern = new RegExp(HEADINGS.map(([, heading]) => escape(heading)).join('|'), 'g');
  const marks = [...text.matchAll(pattern)];
  if (marks.length === 0) return { ...parts, progress: text.trim() };
  const before = text.slice(0, marks[0]!.index).trim();
  if (before) parts.progress = before;
  marks.forEach((mark, i) => {
    const key = HEADINGS.find(([, heading]) => heading === mark[0])![0];
    const end = i + 1 < marks.length ? marks[i + 1]!.index : text.length;
    const body = text.slice(mark.index! + mark[0].length, end).trim();
    parts[key] = parts[key] ? `${parts[key]}\n${body}` : body;
  });
  return parts;
}

export const NARRATIVE_LABELS: Record<keyof NarrativeParts, string> = {
  progress: '进展情况',
  problems: '存在问题',
  nextSteps: '下步计划',
  evidence: '佐证材料',
};

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
