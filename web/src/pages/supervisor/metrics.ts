/** ``GET /metrics`` as the KPIs page reads it: every page followed, every column kept. */
import type { Api } from "../../api";

export type Figures = Record<string, number | null>;

export interface MetricsDay {
  day: string;
  counters: Figures;
  kpis: Figures;
}

export interface MetricsBlock {
  counters: Figures;
  kpis: Figures;
  days: MetricsDay[];
}

export interface MetricsRow extends MetricsBlock {
  name: string;
  label: string;
  [extra: string]: unknown;
}

export interface MetricsReport {
  from: string;
  to: string;
  dimension: string;
  serviceLevelSeconds: number;
  overall: MetricsBlock | null;
  rows: MetricsRow[];
  next: string | null;
}

const PAGE_LIMIT = 1000;
const MAX_PAGES = 100;

/** Every row of the report for these days and dimension (follows ``next`` until the end). */
export async function fetchReport(api: Api, from: string, to: string, dimension: string): Promise<MetricsReport> {
  const base = `/metrics?from=${from}&to=${to}&dimension=${encodeURIComponent(dimension)}&limit=${PAGE_LIMIT}`;
  const first = await api.get<MetricsReport>(base);
  const rows = [...first.rows];
  let next = first.next;
  for (let page = 1; next && page < MAX_PAGES; page++) {
    const more = await api.get<MetricsReport>(`${base}&next=${encodeURIComponent(next)}`);
    rows.push(...more.rows);
    next = more.next;
  }
  return { ...first, rows, next: null };
}

/** Scalar figures a row carries beside its blocks (a column another area adds to /metrics). */
export function extraFigures(row: MetricsRow): Figures {
  const found: Figures = {};
  for (const [key, value] of Object.entries(row)) {
    if (key === "name" || key === "label") continue;
    if (typeof value === "number" || value === null) found[key] = value as number | null;
  }
  return found;
}

/** Every KPI column in the report, in the order the API gives them, then the extra figures. */
export function columnsOf(report: MetricsReport): string[] {
  const columns: string[] = [];
  const add = (key: string) => {
    if (!columns.includes(key)) columns.push(key);
  };
  for (const key of Object.keys(report.overall?.kpis ?? {})) add(key);
  for (const row of report.rows) {
    for (const key of Object.keys(row.kpis ?? {})) add(key);
    for (const key of Object.keys(extraFigures(row))) add(key);
  }
  return columns;
}

/** A row's value of a column: its KPIs first, else a figure it carries itself. */
export function valueOf(row: MetricsRow | MetricsBlock, column: string): number | null {
  const kpis = row.kpis ?? {};
  if (column in kpis) return kpis[column] ?? null;
  const own = (row as Record<string, unknown>)[column];
  return typeof own === "number" ? own : null;
}

function csvCell(value: unknown): string {
  const text = value === null || value === undefined ? "" : String(value);
  return /[",\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** The table as CSV: one line per row (and the whole centre), raw values, counters included. */
export function toCsv(report: MetricsReport, columns: string[]): string {
  const counters = new Set<string>();
  for (const row of report.rows) Object.keys(row.counters ?? {}).forEach((key) => counters.add(key));
  const counterColumns = [...counters].sort();
  const header = ["dimension", "name", "label", ...columns, ...counterColumns];
  const lines = [header.join(",")];
  const line = (name: string, label: string, row: MetricsRow | MetricsBlock) =>
    [report.dimension, name, label, ...columns.map((c) => valueOf(row, c)), ...counterColumns.map((c) => row.counters?.[c] ?? 0)]
      .map(csvCell)
      .join(",");
  if (report.overall) lines.push(line("all", "all", report.overall));
  for (const row of report.rows) lines.push(line(row.name, row.label, row));
  return lines.join("\n") + "\n";
}
