import { demoYearLine } from '../../apps/cli/src/demo-screenshot';

describe('the screenshot waits for the launcher to say the demo year is in', () => {
  it('reads the launcher’s log lines with their time and level', () => {
    expect(demoYearLine('[16:09:01.743] INFO: 演示年度完成：报送 525 份（签发 523 份）')).toBe('played');
    expect(demoYearLine('  [16:09:01.743] INFO: 演示年度已在库中：2025年 44 项任务的 525 份报告均已报送，不再重复填报。')).toBe('played');
    expect(demoYearLine('[16:09:01.743] ERROR: 演示年度失败：连接被拒绝')).toBe('failed');
  });

  it('reads bare lines too, and nothing else as the end', () => {
    expect(demoYearLine('演示年度完成：报送 3 份')).toBe('played');
    expect(demoYearLine('[16:06:15.242] INFO:   填报进度 53/525 份')).toBeUndefined();
    expect(demoYearLine('[16:05:25.993] INFO: 开始演示 2025 年度：44 项任务 × 12 个月')).toBeUndefined();
  });
});
