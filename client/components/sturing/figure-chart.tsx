import type { Chart, ChartConfiguration, Scale } from 'chart.js';
import { useEffect, useRef, useState } from 'preact/hooks';

/** One series of a chart; `dashed` and `target` make series differ by more than colour. */
export interface ChartSeries {
  label: string;
  data: Array<number | null>;
  /** A horizontal norm drawn as a dashed line over bars. */
  target?: boolean;
  dashed?: boolean;
}

export interface ChartSpec {
  kind: 'line' | 'bar';
  labels: string[];
  series: ChartSeries[];
  yTitle: string;
  /** Percentages run to 100 and say "%" on the axis. */
  percent?: boolean;
  /** Bars run sideways: long names (steps) stay readable on a phone. */
  horizontal?: boolean;
  /** What the canvas says to a screen reader: the gist, the table beside it has the numbers. */
  summary: string;
}

// Colours with at least 3:1 contrast to white (WCAG 1.4.11), told apart by shape as well.
const COLOURS = ['#0b4f8a', '#b3430e', '#1d6b35', '#6a3d9a'];
const TARGET_COLOUR = '#a4121b';

type ChartModule = typeof import('chart.js');
let chartModule: Promise<ChartModule> | undefined;

/** chart.js is only needed here: loaded on first use, so the rest of the app stays light. */
function loadChartJs(): Promise<ChartModule> {
  chartModule ??= import('chart.js').then((module) => {
    module.Chart.register(
      module.LineController,
      module.BarController,
      module.LineElement,
      module.PointElement,
      module.BarElement,
      module.CategoryScale,
      module.LinearScale,
      module.Legend,
      module.Tooltip,
    );
    return module;
  });
  return chartModule;
}

/** A chart on a canvas that screen readers read as one image with a summary (role="img"). */
export function FigureChart({ spec, id }: { spec: ChartSpec; id: string }) {
  const canvas = useRef<HTMLCanvasElement>(null);
  const [failed, setFailed] = useState(false);
  const specKey = JSON.stringify(spec);

  useEffect(() => {
    let chart: Chart | undefined;
    let cancelled = false;
    loadChartJs()
      .then(({ Chart }) => {
        if (cancelled || !canvas.current) return;
        chart = new Chart(canvas.current, configuration(spec));
      })
      .catch(() => setFailed(true));
    return () => {
      cancelled = true;
      chart?.destroy();
    };
  }, [specKey]);

  return (
    <div class="figure-chart">
      <div
        class="chart-box"
        // Sideways bars need room per bar, however many steps there are.
        style={spec.horizontal ? { height: `${Math.max(10, spec.labels.length * 2.2 + 5)}rem` } : undefined}
      >
        <canvas id={id} ref={canvas} role="img" aria-label={spec.summary} data-drawn={failed ? 'nee' : undefined}>
          {spec.summary}
        </canvas>
      </div>
      {failed ? (
        <p class="muted">De grafiek kon niet worden getekend; de tabel eronder heeft dezelfde cijfers.</p>
      ) : null}
    </div>
  );
}

function configuration(spec: ChartSpec): ChartConfiguration<'line' | 'bar', Array<number | null>, string> {
  const reducedMotion = window.matchMedia('(prefers-reduced-motion: reduce)').matches;
  const number = (value: number) => new Intl.NumberFormat('nl-NL', { maximumFractionDigits: 1 }).format(value);
  let colour = 0;
  return {
    type: spec.kind,
    data: {
      labels: spec.labels,
      datasets: spec.series.map((series) => {
        const target = series.target === true;
        const shade = target ? TARGET_COLOUR : (COLOURS[colour++ % COLOURS.length] ?? '#0b4f8a');
        return {
          type: target ? 'line' : spec.kind,
          ...(target && spec.horizontal ? { indexAxis: 'y' as const } : {}),
          label: series.label,
          data: series.data,
          borderColor: shade,
          // Bars a shade lighter than their edge, so the dashed norm stands out where it crosses them.
          backgroundColor: spec.kind === 'bar' && !target ? `${shade}99` : shade,
          borderWidth: target ? 3 : 2,
          borderDash: target || series.dashed ? [6, 4] : [],
          pointRadius: target ? 0 : 3,
          pointStyle: series.dashed ? 'rectRot' : 'circle',
          spanGaps: true,
          // The norm is drawn over the bars (chart.js draws the lowest order last).
          ...(target ? { fill: false, order: 0 } : { order: 1 }),
        };
      }),
    },
    options: {
      indexAxis: spec.horizontal ? 'y' : 'x',
      responsive: true,
      maintainAspectRatio: false,
      animation: reducedMotion ? false : { duration: 300 },
      locale: 'nl-NL',
      interaction: { mode: 'index', intersect: false, axis: spec.horizontal ? 'y' : 'x' },
      plugins: {
        legend: { position: 'bottom', labels: { usePointStyle: true, color: '#1b1b1b' } },
        tooltip: {
          callbacks: {
            label: (item) => {
              const value = spec.horizontal ? item.parsed.x : item.parsed.y;
              return `${item.dataset.label ?? ''}: ${value === null ? 'geen gegevens' : number(value)}${spec.percent ? ' %' : ''}`;
            },
          },
        },
      },
      scales: {
        [spec.horizontal ? 'y' : 'x']: {
          ticks: {
            color: '#1b1b1b',
            autoSkip: !spec.horizontal,
            maxRotation: 45,
            // The full name is in the table; a bar's label must not push the bars off a phone.
            callback(this: Scale, value: string | number) {
              const label = this.getLabelForValue(Number(value));
              return this.chart.width < 600 && label.length > 26 ? `${label.slice(0, 25)}…` : label;
            },
          },
        },
        [spec.horizontal ? 'x' : 'y']: {
          beginAtZero: true,
          ...(spec.percent ? { max: 100 } : {}),
          title: { display: true, text: spec.yTitle, color: '#1b1b1b' },
          ticks: {
            color: '#1b1b1b',
            callback: (value: string | number) =>
              typeof value === 'number' ? `${number(value)}${spec.percent ? ' %' : ''}` : value,
          },
        },
      },
    },
  };
}
