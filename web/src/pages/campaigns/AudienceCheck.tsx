/** The audience step of a draft campaign: validate the CSV (nothing stored), read the report and
 * the dry run, then upload it to S3 through a pre-signed PUT. */
import { useState } from "preact/hooks";

import { type AudienceReport, type CampaignsClient, type RowVerdict, explain } from "./client";
import type { Words } from "./words";

function counts(table: Record<string, number>): string {
  const entries = Object.entries(table);
  return entries.length ? entries.map(([reason, count]) => `${reason}: ${count}`).join(", ") : "0";
}

function when(row: RowVerdict, w: Words): string {
  if (row.status === "waiting" && row.next_at) return `${w("outlook_waiting")} ${new Date(row.next_at).toISOString().replace("T", " ").slice(0, 16)} UTC`;
  return w(`outlook_${row.status}` as Parameters<Words>[0]);
}

export function AudienceCheck(props: {
  client: CampaignsClient;
  campaignId: string;
  w: Words;
  onUploaded: (audienceKey: string) => void;
}) {
  const { client, campaignId, w, onUploaded } = props;
  const [file, setFile] = useState<File | null>(null);
  const [report, setReport] = useState<AudienceReport | null>(null);
  const [failure, setFailure] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [uploaded, setUploaded] = useState(false);

  async function run(step: () => Promise<void>) {
    setBusy(true);
    setFailure(null);
    try {
      await step();
    } catch (error) {
      setFailure(explain(error));
    } finally {
      setBusy(false);
    }
  }

  const rejected = report?.rows.filter((row) => row.status === "rejected" || row.status === "duplicate") ?? [];
  const summary = report?.summary;
  return (
    <section class="card" aria-labelledby="audience-title">
      <h3 id="audience-title">{w("audience")}</h3>
      <label for="audience-file">{w("audienceFile")}</label>
      <input
        id="audience-file"
        type="file"
        accept=".csv,text/csv"
        onChange={(event) => {
          setFile(event.currentTarget.files?.[0] ?? null);
          setReport(null);
          setUploaded(false);
        }}
      />
      <button type="button" disabled={!file || busy} onClick={() => run(async () => setReport(await client.check(campaignId, file as File)))}>
        {w("validate")}
      </button>
      <button
        type="button"
        disabled={!file || !report || busy || uploaded}
        onClick={() =>
          run(async () => {
            onUploaded(await client.upload(campaignId, file as File));
            setUploaded(true);
          })
        }
      >
        {w("upload")}
      </button>
      {uploaded && (
        <p role="status" id="audience-uploaded">
          {w("uploaded")}
        </p>
      )}
      {failure && (
        <p role="alert" class="error">
          {w("error")}: {failure}
        </p>
      )}
      {summary && report && (
        <div id="audience-report">
          <h4>{w("report")}</h4>
          <dl class="facts">
            <dt>{w("rows")}</dt>
            <dd id="report-rows">{summary.rows}</dd>
            <dt>{w("callable")}</dt>
            <dd id="report-callable">{summary.callable}</dd>
            <dt>{w("callNow")}</dt>
            <dd>{summary.call_now}</dd>
            <dt>{w("rejected")}</dt>
            <dd id="report-rejected">{counts(summary.rejected)}</dd>
            <dt>{w("duplicates")}</dt>
            <dd id="report-duplicates">{summary.duplicates}</dd>
            <dt>{w("onLists")}</dt>
            <dd id="report-on-lists">{counts(summary.on_lists)}</dd>
            <dt>{w("outsideToday")}</dt>
            <dd id="report-outside-today">{summary.outside_window_today}</dd>
          </dl>
          {rejected.length > 0 && (
            <table id="rejected-rows">
              <caption>{w("rejected")}</caption>
              <thead>
                <tr>
                  <th scope="col">{w("line")}</th>
                  <th scope="col">{w("phone")}</th>
                  <th scope="col">{w("reason")}</th>
                  <th scope="col">{w("detail")}</th>
                </tr>
              </thead>
              <tbody>
                {rejected.map((row) => (
                  <tr key={row.line}>
                    <td>{row.line}</td>
                    <td>{row.phone}</td>
                    <td>{row.reason}</td>
                    <td>{row.detail}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
          <table id="dry-run">
            <caption>{w("dryRun")}</caption>
            <thead>
              <tr>
                <th scope="col">{w("line")}</th>
                <th scope="col">{w("phone")}</th>
                <th scope="col">{w("when")}</th>
                <th scope="col">{w("reason")}</th>
              </tr>
            </thead>
            <tbody>
              {report.rows
                .filter((row) => row.status !== "rejected" && row.status !== "duplicate")
                .map((row) => (
                  <tr key={row.line} class={`outlook-${row.status}`}>
                    <td>{row.line}</td>
                    <td>{row.phone}</td>
                    <td>{when(row, w)}</td>
                    <td>{row.reason ? `${row.reason}${row.detail ? ` (${row.detail})` : ""}` : ""}</td>
                  </tr>
                ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
