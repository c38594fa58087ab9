import { useEffect, useRef } from 'react';
// Bars and a dashed baseline only: the modular entry keeps the rest of ECharts out of the page.
import * as echarts from 'echarts/core';
import { BarChart } from 'echarts/charts';
import { GridComponent, MarkLineComponent, TooltipComponent } from 'echarts/components';
import { CanvasRenderer } from 'echarts/renderers';

echarts.use([BarChart, GridComponent, TooltipComponent, MarkLineComponent, CanvasRenderer]);

/** An alert's weekly series: history in blue, the alert's week in red, the baseline (weekly mean) dashed. */
export const EarlyWarningChart = ({ series, baseline }: { series: { week: string; count: number }[]; baseline?: number }) => {
  const el = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (!el.current) return;
    const chart = echarts.init(el.current);
    const last = series.length - 1;
    chart.setOption({
      tooltip: { trigger: 'axis', confine: true },
      grid: { left: 8, right: 40, top: 16, bottom: 8, containLabel: true },
      xAxis: { type: 'category', data: series.map((s) => s.week.slice(5)), axisLabel: { fontSize: 10, interval: 'auto' } },
      yAxis: { type: 'value', minInterval: 1, axisLabel: { fontSize: 10 } },
      series: [
        {
          type: 'bar',
          name: '投诉数',
          barMaxWidth: 18,
          data: series.map((s, i) => ({ value: s.count, itemStyle: { color: i === last ? '#d54941' : '#0052d9' } })),
          ...(baseline !== undefined
            ? { markLine: { silent: true, symbol: 'none', label: { formatter: `平时每周 ${baseline.toFixed(1)} 件`, fontSize: 10, position: 'insideStartTop', backgroundColor: 'rgba(255,255,255,0.85)', padding: [1, 3] }, lineStyle: { color: '#e37318', type: 'dashed' }, data: [{ yAxis: baseline }] } }
            : {}),
        },
      ],
    });
    const resize = new ResizeObserver(() => chart.resize());
    resize.observe(el.current);
    return () => {
      resize.disconnect();
      chart.dispose();
    };
  }, [series, baseline]);
  return <div ref={el} className="ew-chart" role="img" aria-label={`每周投诉数：${series.map((s) => `${s.week} ${s.count}件`).join('，')}${baseline !== undefined ? `；平时每周 ${baseline.toFixed(1)} 件` : ''}`} />;
};
