/** KPIs by queue, agent, team, campaign or channel over any days, from ``GET /metrics`` (every page):
 * a table of every KPI column the API returns, charts, drill-down to an agent's contacts, CSV. */
import { useEffect, useState } from "preact/hooks";

import { ApiError, api } from "../../api";
import type { Session } from "../../auth";
import type { RuntimeConfig } from "../../config";
import type { Translate } from "../../i18n";
import { BarChart, LineChart } from "./Charts";
import { figure } from "./format";
import { type MetricsReport, type MetricsRow, columnsOf, fetchReport, toCsv, valueOf } from "./metrics";
import { SupervisorOnly } from "./SupervisorOnly";
import { words } from "./words";

export const DIMENSIONS = ["queue", "agent", "team", "campaign", "channel", "all"] as const;
/** The KPIs the charts offer first (any other column can be charted too). */
export const CHARTED = [
  "satisfaction_average",
  "first_contact_resolution",
  "average_handle_time_s",
  "abandonment_rate",
  "service_level",
  "callback_kept_rate",
];

function isoDay(date: Date): string {
  const local = new Date(date.getTime() - date.getTimezoneOffset() * 60_000);
  return local.toISOString().slice(0, 10);
}

function daysAgo(days: number): string {
  return isoDay(new Date(Date.now() - days * 86_400_000));
}

interface SampledContact {
  contact_id?: string;
  contactId?: string;
  day?: string;
  review?: { score?: number } | null;
  [key: string]: unknown;
}

function AgentContacts(props: { config: RuntimeConfig; session: Session; row: MetricsRow; from: string; to: string }) {
  const w = words();
  const [contacts, setContacts] = useState<SampledContact[] | null>(null);
  const [failure, setFailure] = useState<string | null>(null);
  useEffect(() => {
    setContacts(null);
    setFailure(null);
    const query = `agent=${encodeURIComponent(props.row.name)}&from=${props.from}&to=${props.to}&rate=1&minimum=0`;
    api(props.config.apiUrl, props.session)
      .get<{ contacts: SampledContact[] }>(`/quality/samples?${query}`)
      .then((data) => setContacts(data.contacts))
      .catch((error: unknown) => setFailure(error instanceof ApiError ? error.message : String(error)));
  }, [props.row.name, props.from, props.to]);
  return (
    <section class="card" aria-labelledby="drill-title" id="drill-down">
      <h3 id="drill-title">
        {w("contactsOf")} {props.row.label}
      </h3>
      {failure && (
        <p role="alert" class="error">
          {failure}
        </p>
      )}
      {contacts && contacts.length === 0 && <p class="waiting">{w("noContacts")}</p>}
      {contacts && contacts.length > 0 && (
        <table class="figures">
          <thead>
            <tr>
              <th scope="col">{w("day")}</th>
              <th scope="col">{w("contact")}</th>
              <th scope="col">{w("review")}</th>
            </tr>
          </thead>
          <tbody>
            {contacts.map((contact) => {
              const id = String(contact.contact_id ?? contact.contactId ?? "");
              return (
                <tr key={id} data-contact={id}>
                  <td>{contact.day ?? ""}</td>
                  <td>{id}</td>
                  <td>{contact.review?.score ?? "–"}</td>
                </tr>
              );
            })}
          </tbody>
        </table>
      )}
    </section>
  );
}

function ReportView(props: { config: RuntimeConfig; session: Session; report: MetricsReport }) {
  const { report } = props;
  const w = words();
  const columns = columnsOf(report);
  const charted = columns.filter((c) => CHARTED.includes(c));
  const [metric, setMetric] = useState<string>(charted[0] ?? columns[0] ?? "service_level");
  const [drilled, setDrilled] = useState<MetricsRow | null>(null);
  const csv = toCsv(report, columns);
  const csvHref = `data:text/csv;charset=utf-8,${encodeURIComponent(csv)}`;
  const overallDays = report.overall?.days ?? [];
  const byRow = report.rows.map((row) => ({ label: row.label, value: valueOf(row, metric) }));

  return (
    <>
      <div class="toolbar">
        <label>
          {w("chartMetric")}{" "}
          <select id="chart-metric" value={metric} onChange={(e) => setMetric(e.currentTarget.value)}>
            {columns.map((c) => (
              <option key={c} value={c}>
                {w(c)}
              </option>
            ))}
          </select>
        </label>
        <a
          id="export-csv"
          class="button"
          href={csvHref}
          download={`kpis-${report.dimension}-${report.from}-${report.to}.csv`}
          data-csv={csv}
        >
          {w("exportCsv")}
        </a>
      </div>
      <div class="charts">
        <LineChart id="chart-trend" title={`${w(metric)} · ${w("trend")}`} metric={metric} points={overallDays.map((d) => ({ label: d.day, value: d.kpis[metric] ?? null }))} />
        {report.rows.length > 0 && <BarChart id="chart-rows" title={`${w(metric)} · ${w("comparison")}`} metric={metric} points={byRow} />}
      </div>
      <div class="table-scroll">
        <table class="figures" id="kpi-table">
          <thead>
            <tr>
              <th scope="col">{w("name")}</th>
              {columns.map((c) => (
                <th scope="col" key={c} data-column={c}>
                  {w(c)}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {report.overall && (
              <tr data-row="all" class="overall">
                <th scope="row">{w("overall")}</th>
                {columns.map((c) => (
                  <td key={c} data-metric={c} data-value={String(valueOf(report.overall!, c))}>
                    {figure(c, valueOf(report.overall!, c))}
                  </td>
                ))}
              </tr>
            )}
            {report.rows.map((row) => (
              <tr key={row.name} data-row={row.name} aria-selected={drilled?.name === row.name}>
                <th scope="row">
                  {report.dimension === "agent" ? (
                    <button type="button" class="link" onClick={() => setDrilled(row)}>
                      {row.label}
                    </button>
                  ) : (
                    row.label
                  )}
                </th>
                {columns.map((c) => (
                  <td key={c} data-metric={c} data-value={String(valueOf(row, c))}>
                    {figure(c, valueOf(row, c))}
                  </td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {report.rows.length === 0 && !report.overall && <p class="waiting">{w("noData")}</p>}
      {drilled && <AgentContacts config={props.config} session={props.session} row={drilled} from={report.from} to={report.to} />}
    </>
  );
}

export function KpisPage(props: { config: RuntimeConfig; session: Session; t: Translate }) {
  const w = words();
  const [from, setFrom] = useState(daysAgo(6));
  const [to, setTo] = useState(daysAgo(0));
  const [dimension, setDimension] = useState<string>("queue");
  const [report, setReport] = useState<MetricsReport | null>(null);
  const [failure, setFailure] = useState<string | null>(null);
  const [loading, setLoading] = useState(false);

  const show = () => {
    setLoading(true);
    setFailure(null);
    fetchReport(api(props.config.apiUrl, props.session), from, to, dimension)
      .then(setReport)
      .catch((error: unknown) => setFailure(error instanceof ApiError ? `${error.status} ${error.message}` : String(error)))
      .finally(() => setLoading(false));
  };

  return (
    <SupervisorOnly session={props.session} t={props.t} title={w("kpis")}>
      <div class="supervisor-page">
        <h2 id="kpis-title">{w("kpis")}</h2>
        <form
          class="toolbar card"
          onSubmit={(event) => {
            event.preventDefault();
            show();
          }}
        >
          <label>
            {w("from")} <input id="kpi-from" type="date" value={from} onInput={(e) => setFrom(e.currentTarget.value)} required />
          </label>
          <label>
            {w("to")} <input id="kpi-to" type="date" value={to} onInput={(e) => setTo(e.currentTarget.value)} required />
          </label>
          <label>
            {w("dimension")}{" "}
            <select id="kpi-dimension" value={dimension} onChange={(e) => setDimension(e.currentTarget.value)}>
              {DIMENSIONS.map((d) => (
                <option key={d} value={d}>
                  {w(`dim_${d}`)}
                </option>
              ))}
            </select>
          </label>
          <button type="submit" disabled={loading}>
            {w("show")}
          </button>
        </form>
        {failure && (
          <p role="alert" class="error">
            {failure}
          </p>
        )}
        {report && (
          <section class="card" aria-labelledby="kpis-title" id="kpi-report" data-from={report.from} data-to={report.to} data-dimension={report.dimension}>
            <ReportView key={`${report.dimension}|${report.from}|${report.to}`} config={props.config} session={props.session} report={report} />
          </section>
        )}
      </div>
    </SupervisorOnly>
  );
}
