/** Plain SVG charts: a line over days and bars over rows. Each point carries its value for tests
 * and screen readers (``<title>``), and the figure has a text alternative. */
import { figure, isFraction } from "./format";

const WIDTH = 560;
const HEIGHT = 180;
const PAD = { left: 48, right: 12, top: 12, bottom: 28 };

export interface Point {
  label: string;
  value: number | null;
}

function scale(points: Point[], metric: string): (value: number) => number {
  const values = points.map((p) => p.value).filter((v): v is number => v !== null);
  const top = isFraction(metric) ? 1 : Math.max(1, ...values) * 1.1;
  const usable = HEIGHT - PAD.top - PAD.bottom;
  return (value) => PAD.top + usable - (value / top) * usable;
}

function axis(metric: string, y: (value: number) => number) {
  const top = isFraction(metric) ? 1 : undefined;
  const marks = top ? [0, 0.5, 1] : [];
  return marks.map((mark) => (
    <g key={mark}>
      <line x1={PAD.left} x2={WIDTH - PAD.right} y1={y(mark)} y2={y(mark)} class="chart-grid" />
      <text x={PAD.left - 6} y={y(mark) + 4} text-anchor="end" class="chart-label">
        {figure(metric, mark)}
      </text>
    </g>
  ));
}

export function LineChart(props: { id: string; title: string; metric: string; points: Point[] }) {
  const { id, title, metric, points } = props;
  const y = scale(points, metric);
  const step = points.length > 1 ? (WIDTH - PAD.left - PAD.right) / (points.length - 1) : 0;
  const x = (index: number) => PAD.left + index * step;
  const drawn = points.map((p, i) => ({ ...p, x: x(i) })).filter((p) => p.value !== null);
  const path = drawn.map((p, i) => `${i ? "L" : "M"}${p.x.toFixed(1)},${y(p.value as number).toFixed(1)}`).join(" ");
  return (
    <figure class="chart" id={id}>
      <svg viewBox={`0 0 ${WIDTH} ${HEIGHT}`} role="img" aria-label={title}>
        {axis(metric, y)}
        <path d={path} class="chart-line" />
        {drawn.map((p) => (
          <circle key={p.label} cx={p.x} cy={y(p.value as number)} r={3.5} class="chart-point" data-label={p.label} data-value={String(p.value)}>
            <title>{`${p.label}: ${figure(metric, p.value)}`}</title>
          </circle>
        ))}
        {points.length > 0 && (
          <>
            <text x={PAD.left} y={HEIGHT - 8} class="chart-label">
              {points[0].label}
            </text>
            <text x={WIDTH - PAD.right} y={HEIGHT - 8} text-anchor="end" class="chart-label">
              {points[points.length - 1].label}
            </text>
          </>
        )}
      </svg>
      <figcaption>{title}</figcaption>
    </figure>
  );
}

export function BarChart(props: { id: string; title: string; metric: string; points: Point[] }) {
  const { id, title, metric, points } = props;
  const y = scale(points, metric);
  const slot = (WIDTH - PAD.left - PAD.right) / Math.max(1, points.length);
  const base = y(0);
  return (
    <figure class="chart" id={id}>
      <svg viewBox={`0 0 ${WIDTH} ${HEIGHT}`} role="img" aria-label={title}>
        {axis(metric, y)}
        {points.map((p, i) => {
          const top = p.value === null ? base : y(p.value);
          return (
            <g key={p.label}>
              <rect
                x={PAD.left + i * slot + slot * 0.15}
                y={top}
                width={slot * 0.7}
                height={Math.max(0, base - top)}
                class="chart-bar"
                data-label={p.label}
                data-value={String(p.value)}
              >
                <title>{`${p.label}: ${figure(metric, p.value)}`}</title>
              </rect>
              {points.length <= 12 && (
                <text x={PAD.left + i * slot + slot / 2} y={HEIGHT - 8} text-anchor="middle" class="chart-label">
                  {p.label.length > 12 ? `${p.label.slice(0, 11)}…` : p.label}
                </text>
              )}
            </g>
          );
        })}
      </svg>
      <figcaption>{title}</figcaption>
    </figure>
  );
}
