/**
 * A bar chart of a report (issue 14) drawn with Chart.js 4 on a <canvas>. Only the pieces a bar chart needs
 * are imported and registered (the controller, bars, the two scales, legend and tooltip), so the chunk
 * carries no line, pie or radar code. A canvas says nothing to a screen reader: it is an image (role="img")
 * named by a summary the page writes, and the page shows the same figures as a table beside it.
 * No animation: the figures appear as they are (and a screenshot or a test never catches a bar mid-growth).
 */
import type { Chart, ChartConfiguration } from 'chart.js';
import { useEffect, useRef } from 'preact/hooks';

/**
 * Chart.js, loaded once when the first chart is drawn: a chunk of its own (Vite splits a dynamic import), so
 * the other pages never fetch it. Destructured in the `then`, so the bundler keeps only the named pieces.
 */
let loading: Promise<typeof Chart> | undefined;
function loadChart(): Promise<typeof Chart> {
  loading ??= import('chart.js').then(
    ({ BarController, BarElement, CategoryScale, Chart, Legend, LinearScale, Tooltip }) => {
      Chart.register(BarController, BarElement, CategoryScale, LinearScale, Legend, Tooltip);
      return Chart;
    },
  );
  return loading;
}

/**
 * Bar colours that keep 3:1 against white (WCAG 1.4.11, graphical objects) and stay apart for the common
 * colour-vision deficiencies (blue, orange, green, purple, red, grey, after Okabe–Ito, darkened).
 */
const palette = ['#0b57b8', '#b35900', '#1d6b35', '#6b3fa0', '#b3261e', '#4a5360'];

export interface BarSeries {
  label: string;
  data: Array<number | null>;
}

export interface BarChartSpec {
  /** One label per group (the x axis). */
  labels: string[];
  series: BarSeries[];
  /** Stacked bars (parts of a whole: age buckets, task states) or side by side (rates, scores). */
  stacked?: boolean;
  /** The y axis: its title, and a fixed top (100 for per cent, 5 for scores). */
  yTitle: string;
  yMax?: number;
}

export function ReportChart({ spec, summary }: { spec: BarChartSpec; summary: string }) {
  const canvas = useRef<HTMLCanvasElement>(null);

  useEffect(() => {
    if (!canvas.current) return;
    const stacked = spec.stacked ?? false;
    const config: ChartConfiguration<'bar', Array<number | null>, string> = {
      type: 'bar',
      data: {
        labels: spec.labels,
        datasets: spec.series.map((s, i) => ({
          label: s.label,
          data: s.data,
          backgroundColor: palette[i % palette.length],
        })),
      },
      options: {
        animation: false,
        responsive: true,
        maintainAspectRatio: false,
        scales: {
          x: { stacked },
          y: {
            stacked,
            beginAtZero: true,
            ...(spec.yMax !== undefined ? { max: spec.yMax } : {}),
            title: { display: true, text: spec.yTitle },
          },
        },
        plugins: { legend: { position: 'bottom' } },
      },
    };
    const target = canvas.current;
    let chart: Chart<'bar', Array<number | null>, string> | undefined;
    let current = true;
    void loadChart().then((ChartJs) => {
      if (current) chart = new ChartJs(target, config);
    });
    return () => {
      current = false;
      chart?.destroy();
    };
  }, [spec]);

  return (
    <div class="report-chart">
      <canvas ref={canvas} role="img" aria-label={summary}>
        {summary}
      </canvas>
    </div>
  );
}
