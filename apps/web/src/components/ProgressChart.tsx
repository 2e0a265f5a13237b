import { Typography } from 'antd';
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
  // A status role (not a bare div) is what may carry a name for screen readers; the text says it too.
  const placeholder = (
    <div role="status" aria-busy="true" style={{ width: '100%', height: props.height }}>
      <Typography.Text type="secondary">进度图加载中…</Typography.Text>
    </div>
  );
  return (
    <Suspense fallback={placeholder}>
      <Canvas {...props} />
    </Suspense>
  );
}
