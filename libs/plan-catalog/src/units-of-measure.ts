/**
 * Units of measure an indicator may use. Targets are stored in these base units: no 万/亿 multiples
 * (58000 人, not 5.8万人; 400000000 元, not 4亿元). Add to this list deliberately when a new plan needs it.
 */
// People and households, and things and places: counted, so a value in them is a whole number.
const PEOPLE = ['人', '名', '人次', '户'];
const THINGS = ['个', '台', '张', '套', '项', '条', '家', '件', '场', '所', '座', '处', '辆', '次'];

export const UNITS_OF_MEASURE: readonly string[] = Object.freeze([
  ...PEOPLE,
  // money and standards
  '元',
  '元/人',
  '元/月',
  '元/月·人',
  ...THINGS,
  // lengths, areas, volumes, masses
  '米',
  '公里',
  '平方米',
  '亩',
  '立方米',
  '吨',
  // ratios and concentrations
  '%',
  '辆/桩',
  '微克/立方米',
]);

export function isUnitOfMeasure(unit: string): boolean {
  return UNITS_OF_MEASURE.includes(unit);
}

/**
 * The units that count people, households and things: a value in one of them is a whole number
 * (no 0.5 台, no 1e-320 人). Money, lengths, areas, masses and ratios may have decimals.
 */
const COUNTING_UNITS: ReadonlySet<string> = new Set([...PEOPLE, ...THINGS]);

export function isCountingUnit(unit: string | null | undefined): boolean {
  return unit !== null && unit !== undefined && COUNTING_UNITS.has(unit);
}
