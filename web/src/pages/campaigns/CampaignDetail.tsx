/** One campaign: its audience (while a draft), launch / pause / resume / stop, the live figures
 * with a chart refreshed every few seconds, and its results as CSV. */
import { useEffect, useRef, useState } from "preact/hooks";

import { AudienceCheck } from "./AudienceCheck";
import { type CampaignView, type CampaignsClient, type ContactRow, explain } from "./client";
import { ProgressChart, type Sample } from "./ProgressChart";
import type { Words } from "./words";

export const REFRESH_MS = 2000;
const FIGURES = ["dialled", "answered", "keys_pressed", "sms_fallbacks", "opt_outs", "refused", "finished", "callable"] as const;
const EXPORT_COLUMNS: (keyof ContactRow)[] = [
  "phone",
  "row",
  "state",
  "reason",
  "outcome",
  "pressed_key",
  "attempts",
  "language",
  "sms",
  "sms_sent_at",
];

function csvCell(value: unknown): string {
  const text = value === null || value === undefined ? "" : String(value);
  return /[",\n\r]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

export function toCsv(rows: ContactRow[]): string {
  return [EXPORT_COLUMNS.join(","), ...rows.map((row) => EXPORT_COLUMNS.map((column) => csvCell(row[column])).join(","))].join("\r\n") + "\r\n";
}

export function CampaignDetail(props: { client: CampaignsClient; campaignId: string; w: Words }) {
  const { client, campaignId, w } = props;
  const [view, setView] = useState<CampaignView | null>(null);
  const [samples, setSamples] = useState<Sample[]>([]);
  const [audienceKey, setAudienceKey] = useState<string | null>(null);
  const [failure, setFailure] = useState<string | null>(null);
  const [exportUrl, setExportUrl] = useState<string | null>(null);
  const alive = useRef(true);

  async function refresh() {
    try {
      const current = await client.view(campaignId);
      if (!alive.current) return;
      setView(current);
      setSamples((previous) =>
        [...previous, { at: Date.now(), dialled: current.live.dialled, answered: current.live.answered, finished: current.live.finished }].slice(-120),
      );
    } catch (error) {
      if (alive.current) setFailure(explain(error));
    }
  }

  useEffect(() => {
    alive.current = true;
    refresh();
    const timer = setInterval(refresh, REFRESH_MS);
    return () => {
      alive.current = false;
      clearInterval(timer);
    };
  }, [campaignId]);

  async function act(step: () => Promise<unknown>) {
    setFailure(null);
    try {
      await step();
      await refresh();
    } catch (error) {
      setFailure(explain(error));
    }
  }

  if (!view) return <p>{failure ?? "…"}</p>;
  const status = view.status;
  const notYet = Object.entries(view.not_yet_called.counts);
  return (
    <div class="campaign-detail">
      <section class="card" aria-labelledby="campaign-title">
        <h2 id="campaign-title">
          {view.name} <small>({view.id})</small>
        </h2>
        <p>
          {w("status")}: <strong id="campaign-status">{status}</strong> · {w("progress")}:{" "}
          <progress id="campaign-progress-bar" max={1} value={view.progress} aria-label={w("progress")} />{" "}
          <span id="campaign-progress">{Math.round(view.progress * 100)}%</span>
          {view.load.state && (
            <span>
              {" "}
              · {w("loading")}: <span id="campaign-loading">{view.load.state}</span>
            </span>
          )}
        </p>
        <div class="campaign-actions">
          <button type="button" id="launch" disabled={status !== "draft" || !audienceKey} onClick={() => act(() => client.launch(campaignId, audienceKey as string))}>
            {w("launch")}
          </button>
          <button type="button" disabled={status !== "running"} onClick={() => act(() => client.act(campaignId, "pause"))}>
            {w("pause")}
          </button>
          <button type="button" disabled={status !== "paused"} onClick={() => act(() => client.act(campaignId, "resume"))}>
            {w("resume")}
          </button>
          <button
            type="button"
            disabled={status === "stopped" || status === "completed"}
            onClick={() => confirm(`${w("stop")} ${view.id}?`) && act(() => client.act(campaignId, "stop"))}
          >
            {w("stop")}
          </button>
          <button
            type="button"
            disabled={status === "draft"}
            onClick={() =>
              act(async () => {
                const blob = new Blob([toCsv(await client.contacts(campaignId))], { type: "text/csv" });
                if (exportUrl) URL.revokeObjectURL(exportUrl);
                const url = URL.createObjectURL(blob);
                setExportUrl(url);
                const link = document.createElement("a");
                link.href = url;
                link.download = `${campaignId}-results.csv`;
                link.click();
              })
            }
          >
            {w("export")}
          </button>
        </div>
        {failure && (
          <p role="alert" class="error">
            {w("error")}: {failure}
          </p>
        )}
      </section>
      {status === "draft" && <AudienceCheck client={client} campaignId={campaignId} w={w} onUploaded={setAudienceKey} />}
      <section class="card" aria-labelledby="live-title">
        <h3 id="live-title">{w("live")}</h3>
        <dl class="facts" id="live-figures">
          {FIGURES.map((figure) => (
            <>
              <dt key={`${figure}-name`}>{w(figure)}</dt>
              <dd key={figure} id={`live-${figure}`}>
                {view.live[figure] ?? 0}
              </dd>
            </>
          ))}
        </dl>
        <h4>
          {w("notYet")} {view.not_yet_called.at_least ? w("atLeast") : ""}
        </h4>
        <ul id="not-yet-called">
          {notYet.length === 0 && <li>{w("nothingWaiting")}</li>}
          {notYet.map(([reason, count]) => (
            <li key={reason}>
              {reason}: {count}
            </li>
          ))}
        </ul>
        <ProgressChart samples={samples} title={w("chart")} />
      </section>
    </div>
  );
}
