import { useEffect, useRef } from 'react';
// Only what the dashboard draws: bar and pie charts, grid and tooltip, on canvas. The full `echarts`
// entry would add every chart type, map and renderer (~1 MB minified) to a page staff open on a phone.
import * as echarts from 'echarts/core';
import { BarChart, PieChart } from 'echarts/charts';
import { GridComponent, TooltipComponent } from 'echarts/components';
import { CanvasRenderer } from 'echarts/renderers';

echarts.use([BarChart, PieChart, GridComponent, TooltipComponent, CanvasRenderer]);

export interface ChartItem {
  label: string;
  value: number;
  /** Shown in the tooltip instead of the value (a rate as 92.3%, 12/13). */
  text?: string;
}

const COLORS = ['#0052d9', '#2ba471', '#e37318', '#d54941', '#8e56dd', '#0594fa', '#f5ba18', '#5f6b7c'];

const barOption = (items: ChartItem[], unit: string, max?: number, goal?: number): echarts.EChartsCoreOption => ({
  color: COLORS,
  tooltip: { trigger: 'item', confine: true, formatter: (p: { dataIndex: number }) => `${items[p.dataIndex]?.label}：${items[p.dataIndex]?.text ?? `${items[p.dataIndex]?.value}${unit}`}` },
  grid: { left: 8, right: 36, top: 8, bottom: 8, containLabel: true },
  xAxis: { type: 'value', max, minInterval: 1, axisLabel: { fontSize: 11 } },
  yAxis: {
    type: 'category',
    inverse: true,
    data: items.map((i) => i.label),
    // Long names (policy products, teams) are cut so the bars keep their width on a phone.
    axisLabel: { fontSize: 12, width: 96, overflow: 'truncate' },
  },
  series: [
    {
      type: 'bar',
      data: items.map((i) => i.value),
      barMaxWidth: 22,
      cursor: 'pointer',
      label: { show: true, position: 'right', fontSize: 11, formatter: (p: { dataIndex: number }) => items[p.dataIndex]?.text ?? String(items[p.dataIndex]?.value ?? '') },
      ...(goal !== undefined ? { markLine: { silent: true, symbol: 'none', label: { formatter: '目标', fontSize: 11 }, lineStyle: { color: '#d54941', type: 'dashed' }, data: [{ xAxis: goal }] } } : {}),
    },
  ],
});

const pieOption = (items: ChartItem[], unit: string): echarts.EChartsCoreOption => ({
  color: COLORS,
  tooltip: { trigger: 'item', confine: true, formatter: (p: { dataIndex: number; percent: number }) => `${items[p.dataIndex]?.label}：${items[p.dataIndex]?.value}${unit}（${p.percent}%）` },
  series: [
    {
      type: 'pie',
      radius: ['38%', '64%'],
      cursor: 'pointer',
      data: items.map((i) => ({ name: i.label, value: i.value })),
      label: { fontSize: 11, formatter: '{b}\n{c}' },
      avoidLabelOverlap: true,
    },
  ],
});

/**
 * One chart that follows its container's width (a ResizeObserver, so the side menu folding or a phone
 * turning redraws it) and reports a click on a bar or slice by its index.
 */
export const DashboardChart = ({
  kind,
  items,
  unit = '件',
  max,
  goal,
  onPick,
  className,
}: {
  kind: 'bar' | 'pie';
  items: ChartItem[];
  unit?: string;
  max?: number;
  goal?: number;
  onPick?: (index: number) => void;
  className?: string;
}) => {
  const box = useRef<HTMLDivElement>(null);
  const chart = useRef<echarts.ECharts | undefined>(undefined);
  const pick = useRef(onPick);
  pick.current = onPick;
  useEffect(() => {
    const el = box.current!;
    const c = echarts.init(el, undefined, { renderer: 'canvas' });
    chart.current = c;
    c.on('click', (p) => pick.current?.((p as { dataIndex: number }).dataIndex));
    const ro = new ResizeObserver(() => c.resize());
    ro.observe(el);
    return () => {
      ro.disconnect();
      c.dispose();
      chart.current = undefined;
    };
  }, []);
  useEffect(() => {
    chart.current?.setOption(kind === 'bar' ? barOption(items, unit, max, goal) : pieOption(items, unit), true);
  }, [kind, items, unit, max, goal]);
  // Bars need room per row; a pie a fixed square-ish box.
  const height = kind === 'bar' ? Math.max(120, items.length * 30 + 24) : 240;
  return <div ref={box} className={['db-chart', className].filter(Boolean).join(' ')} style={{ height }} />;
};
