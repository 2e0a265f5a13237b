import { lazy, Suspense } from 'react';

export interface Bar {
  key: string;
  label: string;
  percent: number;
  color: string;
}

export interface ProgressChartProps {
  bars: Bar[];
  schedulePercent: number;
  onSelect?(key: string): void;
  height: number;
}

// ECharts is most of the dashboard's weight: the page's figures and lists show first, the chart
// follows when its code has arrived (and no other page downloads it at all).
const Canvas = lazy(() => import('./ProgressChartCanvas'));

/** Horizontal bars of progress (%) with the schedule progress drawn as a line across them. */
export function ProgressChart(props: ProgressChartProps) {
  // The placeholder keeps the chart's height, so nothing below it jumps when the chart arrives.
  return (
    <Suspense fallback={<div aria-busy="true" aria-label="进度图加载中" style={{ width: '100%', height: props.height }} />}>
      <Canvas {...props} />
    </Suspense>
  );
}
