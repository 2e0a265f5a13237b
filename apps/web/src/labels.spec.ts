import { menuFor, targetText, valueText } from './labels';

describe('labels of the console', () => {
  it('gives each role the menu of its work, with the dashboard for all', () => {
    expect(menuFor('submitter').map((m) => m.label)).toEqual(['填报', '待办', '督办', '延期申请', '我的报告', '督查通报', '督查看板']);
    expect(menuFor('coordinator').map((m) => m.label)).toEqual(['审核', '督办', '延期申请', '督查通报', '督查看板']);
    expect(menuFor('office').map((m) => m.label)).toEqual(['签发', '督办', '延期申请', '督查通报', '督查看板']);
    expect(menuFor('auditor').map((m) => m.path)).toEqual(['/dashboard', '/notices', '/extensions', '/bulletins', '/audit']);
    expect(menuFor('admin').map((m) => m.path)).not.toContain('/notices');
    expect(menuFor('admin').map((m) => m.path)).not.toContain('/extensions');
  });

  it('writes targets with their comparator and unit, and deliverables as done / not done', () => {
    expect(targetText({ target: 38801, unit: '台', kind: 'cumulative', comparator: '>=' })).toBe('≥ 38,801 台');
    expect(targetText({ target: null, unit: null, kind: 'milestone', comparator: '=' })).toBe('按期完成');
    expect(valueText(1, { unit: null, kind: 'milestone' })).toBe('已完成');
    expect(valueText(null, { unit: '台', kind: 'cumulative' })).toBe('—');
  });

  it('reads money as the plan states it: 亿元 for whole 亿, else 万元', () => {
    const loans = { target: 400000000, unit: '元', kind: 'cumulative', comparator: '>=' };
    const grid = { target: 193200000, unit: '元', kind: 'cumulative', comparator: '>=' };
    expect(targetText(loans)).toBe('≥ 4 亿元');
    expect(valueText(250000000, loans)).toBe('2.5 亿元');
    expect(targetText(grid)).toBe('≥ 19,320 万元');
    expect(targetText({ ...grid, target: 37550000 })).toBe('≥ 3,755 万元');
    expect(valueText(12345, { ...grid, target: 5000 })).toBe('12,345 元');
    expect(valueText(38801, { unit: '台', kind: 'cumulative', target: 38801 })).toBe('38,801 台');
  });
});
