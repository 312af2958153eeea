/**
 * The one place the UI meets ECharts: a chart drawn in SVG from an option object, resized with its
 * box, and disposed of when the component goes away. ECharts itself is fetched with the first chart.
 */
import type { ECharts, EChartsCoreOption } from 'echarts/core';
import { useEffect, useRef, useState } from 'react';

export type ChartOption = EChartsCoreOption;

let loading: Promise<typeof import('./echarts-setup.js')> | undefined;
const loadECharts = () => {
  loading ??= import('./echarts-setup.js');
  return loading;
};

interface EChartProps {
  readonly option: ChartOption;
  readonly height: number;
  /** What the chart shows, for screen readers. */
  readonly label: string;
  readonly testId?: string;
}

export function EChart({ option, height, label, testId }: EChartProps) {
  const box = useRef<HTMLDivElement>(null);
  const [chart, setChart] = useState<ECharts | null>(null);

  useEffect(() => {
    let instance: ECharts | undefined;
    let observer: ResizeObserver | undefined;
    let gone = false;
    void loadECharts().then(({ init }) => {
      const element = box.current;
      if (gone || element === null) return;
      instance = init(element, undefined, { renderer: 'svg' });
      const drawn = instance;
      observer = new ResizeObserver(() => drawn.resize());
      observer.observe(element);
      setChart(drawn);
    });
    return () => {
      gone = true;
      observer?.disconnect();
      instance?.dispose();
    };
  }, []);

  useEffect(() => {
    chart?.setOption(option, { notMerge: true });
  }, [chart, option]);

  return (
    <div
      ref={box}
      style={{ width: '100%', height }}
      role="img"
      aria-label={label}
      data-testid={testId}
      data-drawn={chart !== null}
    />
  );
}
