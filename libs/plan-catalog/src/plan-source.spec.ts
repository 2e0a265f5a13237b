/**
 * Checks the default seed against the plan text it was transcribed from
 * (test-fixtures/<plan id>/source.txt): every task and heading is there, in order, with the text's
 * lead units; every indicator's source phrase is verbatim in its task's paragraph; and every number
 * in the text is either an indicator's target or listed, with a reason, in not-targets.yaml.
 */
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parse } from 'yaml';

import { DEFAULT_SEED, UNITS_OF_MEASURE, allTasks, findUnitBySpelling, loadCatalog } from './index';
import type { Catalog, Indicator } from './index';

const repoRoot = resolve(__dirname, '../../..');
const catalog: Catalog = loadCatalog(join(repoRoot, DEFAULT_SEED.planFile), join(repoRoot, DEFAULT_SEED.unitsFile));
const { plan, units } = catalog;
const tasks = allTasks(plan);
const fixtureDir = resolve(__dirname, '../test-fixtures', plan.id);
const text = readFileSync(join(fixtureDir, 'source.txt'), 'utf8');
const notTargets = (
  parse(readFileSync(join(fixtureDir, 'not-targets.yaml'), 'utf8')) as {
    notTargets: { phrase: string; reason: string }[];
  }
).notTargets;

/** Spellings of units of measure in the text that the catalogue stores under another name. */
const TEXT_UNIT_SPELLINGS: Record<string, string> = {
  方: '立方米', // 672万方 = 672万立方米
  家长: '人', // 惠及4万家长: 4万 people (parents)
};
/** Units in which a ratio a:b of the text is stored as a/b. */
const RATIO_UNITS = ['辆/桩'];

// ───────────────────────────── the text, line by line ─────────────────────────────

interface Line {
  index: number;
  start: number;
  text: string;
}
const lines: Line[] = [];
{
  let start = 0;
  text.split('\n').forEach((lineText, index) => {
    lines.push({ index, start, text: lineText });
    start += lineText.length + 1;
  });
}

const CN_DIGITS: Record<string, number> = { 零: 0, 一: 1, 二: 2, 两: 2, 三: 3, 四: 4, 五: 5, 六: 6, 七: 7, 八: 8, 九: 9 };
const CN_NUMERAL = '[一二三四五六七八九十]+';

/** Headings: "二、攻坚任务", "(一)办好…", "1.促进…", "(1)更新…"; numbering is the prefix before the title. */
function numbering(line: string): { prefix: string; kind: 'section' | 'cn-paren' | 'paren' | 'dot'; label: string } | null {
  let m = new RegExp(`^(${CN_NUMERAL})、`).exec(line);
  if (m) return { prefix: m[0], kind: 'section', label: m[1]! };
  m = new RegExp(`^\\((${CN_NUMERAL})\\)`).exec(line);
  if (m) return { prefix: m[0], kind: 'cn-paren', label: m[1]! };
  m = /^\((\d+)\)/.exec(line);
  if (m) return { prefix: m[0], kind: 'paren', label: m[1]! };
  m = /^(\d+)\./.exec(line);
  if (m) return { prefix: m[0], kind: 'dot', label: m[1]! };
  return null;
}

/** The line of each task, found in plan order (so the catalogue's order is the text's order). */
const taskLines = new Map<string, Line>();
{
  let cursor = 0;
  for (const task of tasks) {
    const found = lines.slice(cursor).find((line) => {
      const n = numbering(line.text);
      return (
        n !== null &&
        (n.kind === 'paren' || n.kind === 'dot') &&
        Number(n.label) === task.seq &&
        line.text.slice(n.prefix.length).startsWith(task.title)
      );
    });
    if (found) {
      taskLines.set(task.code, found);
      cursor = found.index + 1;
    }
  }
}

// ───────────────────────────── numbers in the text ─────────────────────────────

interface NumberFound {
  start: number;
  end: number;
  raw: string;
  /** In base units (5.8万 → 58000); a ratio a:b → a/b. */
  value: number;
  /** The unit of measure the text writes after the number, mapped to the catalogue's spelling. */
  unit: string | null;
  ratio: boolean;
  chinese: boolean;
}

/** Exact decimal shift, so 200.88万 is 2008800 and not 2008799.9999999998. */
function toBase(digits: string, multiplier: string | undefined): number {
  const shift = multiplier === '万' ? 4 : multiplier === '亿' ? 8 : 0;
  const [whole, fraction = ''] = digits.split('.');
  const padded = fraction.padEnd(shift, '0');
  return Number(`${whole}${padded.slice(0, shift)}.${padded.slice(shift) || '0'}`);
}

function unitAfter(position: number): string | null {
  const spellings = [...UNITS_OF_MEASURE, ...Object.keys(TEXT_UNIT_SPELLINGS)].sort((a, b) => b.length - a.length);
  const rest = text.slice(position, position + 8);
  const spelling = spellings.find((s) => rest.startsWith(s));
  if (spelling === undefined) return null;
  return TEXT_UNIT_SPELLINGS[spelling] ?? spelling;
}

function chineseValue(numeral: string): number | null {
  if (numeral in CN_DIGITS) return CN_DIGITS[numeral]!;
  const m = /^([一二三四五六七八九])?十([一二三四五六七八九])?$/.exec(numeral);
  if (m) return (m[1] ? CN_DIGITS[m[1]]! : 1) * 10 + (m[2] ? CN_DIGITS[m[2]]! : 0);
  return null;
}

function findNumbers(): NumberFound[] {
  const found: NumberFound[] = [];
  for (const m of text.matchAll(/(\d+(?:\.\d+)?)(?::(\d+(?:\.\d+)?))?(万|亿)?/g)) {
    const start = m.index!;
    const end = start + m[0].length;
    const ratio = m[2] !== undefined;
    found.push({
      start,
      end,
      raw: m[0],
      value: ratio ? Number(m[1]) / Number(m[2]) : toBase(m[1]!, m[3]),
      unit: ratio ? null : unitAfter(end),
      ratio,
      chinese: false,
    });
  }
  for (const m of text.matchAll(/[零一二两三四五六七八九十百千万亿]+|[ⅠⅡⅢⅣⅤⅥⅦⅧⅨⅩⅪⅫ]/g)) {
    const start = m.index!;
    // 万/亿 after digits are multipliers, 千 after digits is part of 千伏: both belong to the Arabic number.
    if (start > 0 && /\d/.test(text[start - 1]!)) continue;
    found.push({ start, end: start + m[0].length, raw: m[0], value: chineseValue(m[0]) ?? NaN, unit: null, ratio: false, chinese: true });
  }
  return found.sort((a, b) => a.start - b.start);
}

function occurrences(phrase: string): { start: number; end: number }[] {
  const spans: { start: number; end: number }[] = [];
  for (let i = text.indexOf(phrase); i !== -1; i = text.indexOf(phrase, i + 1)) spans.push({ start: i, end: i + phrase.length });
  return spans;
}

function inside(n: NumberFound, spans: { start: number; end: number }[]): boolean {
  return spans.some((s) => s.start <= n.start && n.end <= s.end);
}

function matchesTarget(n: NumberFound, indicator: Indicator): boolean {
  if (indicator.target === null || Math.abs(indicator.target - n.value) > 1e-9) return false;
  if (n.ratio) return RATIO_UNITS.includes(indicator.unit ?? '');
  if (n.chinese) return true; // 清零 → 0 户: the unit is in the indicator's name
  return n.unit === indicator.unit;
}

const indicators = tasks.flatMap((task) => task.indicators.map((indicator) => ({ task, indicator })));

/** Why a number is in the text, or null if nothing accounts for it. */
function accountFor(n: NumberFound): string | null {
  for (const { indicator } of indicators) {
    if (matchesTarget(n, indicator) && inside(n, occurrences(indicator.source))) return `target of ${indicator.id}`;
  }
  for (const task of tasks) {
    if (inside(n, occurrences(task.title)) && task.indicators.some((i) => matchesTarget(n, i))) return `title of ${task.code}`;
  }
  const line = lines.find((l) => l.start <= n.start && n.start < l.start + l.text.length + 1)!;
  const heading = numbering(line.text);
  if (heading && n.end <= line.start + heading.prefix.length && headingIsInCatalog(line.text)) return 'heading numbering';
  const entry = notTargets.find((e) => inside(n, occurrences(e.phrase)));
  return entry ? `not a target: ${entry.reason}` : null;
}

/** Whether a numbered heading line is a section, category, group or task of the catalogue. */
function headingIsInCatalog(line: string): boolean {
  const n = numbering(line);
  if (!n) return false;
  const rest = line.slice(n.prefix.length);
  switch (n.kind) {
    case 'section':
      return plan.sections.some((s) => s.code === n.label && s.title === rest);
    case 'cn-paren':
      return plan.sections.some((s) =>
        s.categories.some((c) => (c.code === n.prefix && c.title === rest) || (c.group?.code === n.prefix && c.group.title === rest)),
      );
    case 'paren':
    case 'dot':
      return (
        [...taskLines.values()].some((l) => l.text === line) ||
        plan.sections.some((s) =>
          s.categories.some((c) => c.group && c.code === `${c.group.code}${n.label}` && c.title === `${c.group.title} / ${rest}`),
        )
      );
  }
}

// ───────────────────────────── tests ─────────────────────────────

describe(`${DEFAULT_SEED.planFile} against its source text`, () => {
  it('finds every task of the catalogue in the text, in order, under its number and title', () => {
    const missing = tasks.filter((t) => !taskLines.has(t.code)).map((t) => `${t.code} (${t.seq})${t.title}`);
    expect(missing).toEqual([]);
  });

  it('has a task for every numbered task line of the text, and a category for every other heading', () => {
    const numberedLines = lines.filter((l) => numbering(l.text) !== null);
    const taskLineSet = new Set([...taskLines.values()].map((l) => l.index));
    const unexplained = numberedLines.filter((l) => !taskLineSet.has(l.index) && !headingIsInCatalog(l.text));
    // The only numbered headings outside the catalogue: the sections without tasks.
    expect(unexplained.map((l) => l.text)).toEqual(['一、攻坚目标', '三、推进机制']);
    // Lines ending in a lead-unit note are tasks: all of them must be in the catalogue.
    const taskLike = lines.filter((l) => /\(牵头单位:[^)]+\)$/.test(l.text));
    expect(taskLike.filter((l) => !taskLineSet.has(l.index)).map((l) => l.text)).toEqual([]);
    expect(taskLike).toHaveLength(tasks.length);
    expect(tasks).toHaveLength(44);
  });

  it('gives each task the lead units its text names, in the text order', () => {
    const wrong: string[] = [];
    for (const task of tasks) {
      const m = /\(牵头单位:([^)]+)\)$/.exec(taskLines.get(task.code)?.text ?? '');
      const named = (m?.[1] ?? '').split('、').map((spelling) => findUnitBySpelling(units, spelling)?.code ?? `?${spelling}`);
      if (named.join(',') !== task.leadUnits.join(','))
        wrong.push(`${task.code}: text ${named.join(',')}, catalogue ${task.leadUnits.join(',')}`);
    }
    expect(wrong).toEqual([]);
  });

  it("quotes every indicator's source phrase verbatim from its own task's paragraph", () => {
    const notFound = indicators
      .filter(({ task, indicator }) => !(taskLines.get(task.code)?.text ?? '').includes(indicator.source))
      .map(({ indicator }) => `${indicator.id}: ${indicator.source}`);
    expect(notFound).toEqual([]);
  });

  it('accounts for every number of the text: an indicator target, a heading number, or a listed non-target', () => {
    const numbers = findNumbers();
    expect(numbers.length).toBeGreaterThan(150);
    const unaccounted = numbers
      .filter((n) => accountFor(n) === null)
      .map((n) => `${n.raw}${n.unit ?? ''} in “${text.slice(Math.max(0, n.start - 12), n.end + 8)}”`);
    expect(unaccounted).toEqual([]);
  });

  it('finds every numeric target in the text, with its value in base units and its unit', () => {
    const numbers = findNumbers();
    const notFound = indicators
      .filter(({ indicator }) => indicator.target !== null)
      .filter(({ indicator }) => !numbers.some((n) => matchesTarget(n, indicator) && inside(n, occurrences(indicator.source))))
      .map(({ indicator }) => `${indicator.id}: ${indicator.target} ${indicator.unit} from “${indicator.source}”`);
    expect(notFound).toEqual([]);
  });

  it('lists only non-targets that occur in the text and cover a number', () => {
    const numbers = findNumbers();
    const stale = notTargets.filter((e) => !numbers.some((n) => inside(n, occurrences(e.phrase)))).map((e) => e.phrase);
    expect(stale).toEqual([]);
    for (const e of notTargets) expect(e.reason.trim()).not.toEqual('');
  });

  it('takes category and group titles from the headings of the text', () => {
    for (const section of plan.sections) {
      expect(lines.map((l) => l.text)).toContain(`${section.code}、${section.title}`);
      for (const category of section.categories) {
        if (category.group) {
          expect(lines.map((l) => l.text)).toContain(`${category.group.code}${category.group.title}`);
          const inner = category.code.slice(category.group.code.length);
          const innerTitle = category.title.slice(`${category.group.title} / `.length);
          expect(category.title.startsWith(`${category.group.title} / `)).toBe(true);
          expect(lines.map((l) => l.text)).toContain(`${inner}.${innerTitle}`);
        } else {
          expect(lines.map((l) => l.text)).toContain(`${category.code}${category.title}`);
        }
      }
    }
  });

  it('takes the task force from the text of the mechanism section', () => {
    const { taskForce } = catalog;
    const unitName = (code: string): string => units.find((u) => u.code === code)!.name;
    const paragraph = lines.find((l) => l.text.includes('担任召集人'))!.text;
    expect(paragraph).toContain(`成立${taskForce.name}`);
    expect(paragraph).toContain(`由${unitName(taskForce.convener.unit)}${taskForce.convener.position}担任召集人`);

    const deputies = /担任召集人,(.+?)任副召集人/.exec(paragraph)![1]!;
    for (const deputy of taskForce.deputyConveners) {
      expect(deputies).toContain(unitName(deputy.unit));
      expect(deputies).toContain(deputy.position);
    }
    // "市政府协管副秘书长、A、B和C主要负责人": four roles.
    expect(deputies.split(/、|和(?=市)/)).toHaveLength(taskForce.deputyConveners.length);

    const members = /任副召集人,(.+?)等为成员单位/.exec(paragraph)![1]!.split('、');
    expect(members.map((spelling) => findUnitBySpelling(units, spelling)?.code ?? `?${spelling}`)).toEqual(taskForce.memberUnits);
    expect(paragraph).toContain(`办公室设在${unitName(taskForce.office.unit)},${taskForce.office.duties}`);
  });

  it('names every unit of the registry as the text spells it', () => {
    const spellings = new Set<string>();
    for (const m of text.matchAll(/\(牵头单位:([^)]+)\)/g)) m[1]!.split('、').forEach((s) => spellings.add(s));
    const used = units.filter((u) => text.includes(u.name));
    expect(used.map((u) => u.code).sort()).toEqual(units.map((u) => u.code).sort());
    for (const spelling of spellings) expect(findUnitBySpelling(units, spelling)).toBeDefined();
  });
});

/** For debugging a failing run: `PLAN_SOURCE_DUMP=1 npx jest …` prints every number and how it is accounted for. */
if (process.env['PLAN_SOURCE_DUMP']) {
  console.log(
    findNumbers()
      .map((n) => `${n.raw}\t${n.unit ?? ''}\t${accountFor(n) ?? 'UNACCOUNTED'}`)
      .join('\n'),
  );
}
