import { BarChart } from 'echarts/charts';
import { GridComponent, MarkLineComponent, TooltipComponent } from 'echarts/components';
import * as echarts from 'echarts/core';
import { CanvasRenderer } from 'echarts/renderers';
import { useEffect, useRef } from 'react';
import { FONT_STACK, loadFontFor } from '../fonts';
import type { ProgressChartProps } from './ProgressChart';

echarts.use([BarChart, GridComponent, MarkLineComponent, TooltipComponent, CanvasRenderer]);

/** Horizontal bars of progress (%) with the schedule progress drawn as a line across them (ProgressChart loads it). */
export default function ProgressChartCanvas({ bars, schedulePercent, onSelect, height }: ProgressChartProps) {
  const element = useRef<HTMLDivElement>(null);
  const chart = useRef<echarts.ECharts>(null);
  const select = useRef(onSelect);
  select.current = onSelect;

  useEffect(() => {
    const instance = echarts.init(element.current!, undefined, { renderer: 'canvas' });
    chart.current = instance;
    const resize = new ResizeObserver(() => instance.resize());
    resize.observe(element.current!);
    return () => {
      resize.disconnect();
      instance.dispose();
    };
  }, []);

  useEffect(() => {
    chart.current?.off('click');
    chart.current?.on('click', (event) => {
      const key = bars[event.dataIndex]?.key;
      if (key) select.current?.(key);
    });
    // On a phone the value axis has room for a few labels only; at ECharts' default ten they ran together.
    const narrow = (element.current?.clientWidth ?? 0) < 480;
    const option = {
      animation: false,
      textStyle: { fontFamily: FONT_STACK },
      grid: { left: 8, right: 56, top: 32, bottom: 8, containLabel: true },
      tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' }, valueFormatter: (value: unknown) => `${value}%` },
      xAxis: {
        type: 'value',
        min: 0,
        max: (extent: { max: number }) => Math.max(100, Math.ceil(extent.max / 10) * 10),
        splitNumber: narrow ? 2 : 5,
        axisLabel: { formatter: '{value}%', hideOverlap: true },
      },
      yAxis: {
        type: 'category',
        inverse: true,
        data: bars.map((b) => b.label),
        axisLabel: { width: narrow ? 96 : 150, overflow: 'truncate', hideOverlap: true },
      },
      series: [
        {
          type: 'bar',
          name: '完成进度',
          data: bars.map((b) => ({ value: b.percent, itemStyle: { color: b.color } })),
          barMaxWidth: 18,
          label: { show: true, position: 'right', formatter: '{c}%' },
          markLine: {
            symbol: 'none',
            silent: true,
            lineStyle: { color: '#d4380d', type: 'dashed', width: 2 },
            // The category axis runs top to bottom, so the line's start is at the top, clear of the value axis labels.
            label: { formatter: `序时进度 ${schedulePercent}%`, position: 'start', color: '#d4380d' },
            data: [{ xAxis: schedulePercent }],
          },
        },
      ],
    };
    chart.current?.setOption(option, true);
    // Drawn again once the console's face has the chart's characters (a canvas asks for none itself).
    let current = true;
    void loadFontFor(['序时进度完成进度%0123456789', ...bars.map((b) => b.label)].join('')).then(() => {
      if (current) chart.current?.setOption(option, true);
    });
    return () => {
      current = false;
    };
  }, [bars, schedulePercent]);

  return <div ref={element} role="img" aria-label={`完成进度与序时进度（${schedulePercent}%）对比图`} style={{ width: '100%', height }} />;
}
