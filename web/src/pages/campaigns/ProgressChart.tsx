/** A small SVG line chart of a campaign's running totals, one point per refresh. */
export interface Sample {
  at: number;
  dialled: number;
  answered: number;
  finished: number;
}

const SERIES: { key: keyof Omit<Sample, "at">; colour: string }[] = [
  { key: "dialled", colour: "#1f3a5f" },
  { key: "answered", colour: "#2e7d32" },
  { key: "finished", colour: "#f0a500" },
];

export function ProgressChart({ samples, title }: { samples: Sample[]; title: string }) {
  const width = 360;
  const height = 120;
  const top = Math.max(1, ...samples.flatMap((sample) => SERIES.map((series) => sample[series.key])));
  const first = samples[0]?.at ?? 0;
  const span = Math.max(1, (samples[samples.length - 1]?.at ?? 0) - first);
  const x = (at: number) => ((at - first) / span) * (width - 10) + 5;
  const y = (value: number) => height - 5 - (value / top) * (height - 10);
  return (
    <figure class="campaign-chart">
      <svg id="progress-chart" width={width} height={height} viewBox={`0 0 ${width} ${height}`} role="img" aria-label={title}>
        <rect x="0" y="0" width={width} height={height} fill="#f7f9fb" stroke="#ccd" />
        {SERIES.map((series) => (
          <polyline
            key={series.key}
            class={`series-${series.key}`}
            fill="none"
            stroke={series.colour}
            stroke-width="2"
            points={samples.map((sample) => `${x(sample.at).toFixed(1)},${y(sample[series.key]).toFixed(1)}`).join(" ")}
          />
        ))}
      </svg>
      <figcaption>
        {title}:{" "}
        {SERIES.map((series) => (
          <span key={series.key} style={{ color: series.colour, marginRight: "0.5rem" }}>
            ■ {series.key}
          </span>
        ))}
      </figcaption>
    </figure>
  );
}
