/** Alerts a supervisor works through: warning-listed callers in queue, complaint tickets, tickets
 * past their due time, low satisfaction scores (``GET /alerts``), each acknowledged, then resolved. */
import { useEffect, useState } from "preact/hooks";

import { ApiError, api } from "../../api";
import type { Session } from "../../auth";
import type { RuntimeConfig } from "../../config";
import type { Translate } from "../../i18n";
import { SupervisorOnly } from "./SupervisorOnly";
import { words } from "./words";

export const KINDS = ["warning_caller", "complaint_ticket", "ticket_overdue", "low_satisfaction"] as const;

interface Alert {
  id: string;
  kind: string;
  subject: string;
  title: string;
  status: string;
  raisedAt: string;
  acknowledgedBy: string | null;
}

export function AlertsPage(props: { config: RuntimeConfig; session: Session; t: Translate }) {
  const w = words();
  const client = api(props.config.apiUrl, props.session);
  const [alerts, setAlerts] = useState<Alert[] | null>(null);
  const [failure, setFailure] = useState<string | null>(null);

  const explain = (error: unknown) => setFailure(error instanceof ApiError ? `${error.status} ${error.message}` : String(error));
  const load = () =>
    client
      .get<{ alerts: Alert[] }>("/alerts")
      .then((data) => {
        setAlerts(data.alerts);
        setFailure(null);
      })
      .catch(explain);
  const act = (alert: Alert, action: "acknowledge" | "resolve") =>
    client
      .send("POST", `/alerts/${encodeURIComponent(alert.id)}/${action}`, {})
      .then(load)
      .catch(explain);

  useEffect(() => {
    load();
  }, [props.session.idToken]);

  return (
    <SupervisorOnly session={props.session} t={props.t} title={w("alerts")}>
      <div class="supervisor-page">
        <h2 id="alerts-title">{w("alerts")}</h2>
        {failure && (
          <p role="alert" class="error">
            {failure}
          </p>
        )}
        {KINDS.map((kind) => {
          const listed = (alerts ?? []).filter((alert) => alert.kind === kind);
          return (
            <section class="card" key={kind} aria-labelledby={`alerts-${kind}`} id={`alerts-list-${kind}`}>
              <h3 id={`alerts-${kind}`}>
                {w(kind)} ({listed.length})
              </h3>
              {alerts && listed.length === 0 && <p class="waiting">{w("noAlerts")}</p>}
              <ul class="alerts">
                {listed.map((alert) => (
                  <li key={alert.id} data-alert={alert.id} data-status={alert.status}>
                    <span class="alert-title">{alert.title}</span> <span class="waiting">· {alert.subject}</span>{" "}
                    <span class="alert-status">{w(`status_${alert.status}`)}</span>
                    {alert.acknowledgedBy && <span class="waiting"> ({alert.acknowledgedBy})</span>}{" "}
                    {alert.status === "open" && (
                      <button type="button" onClick={() => act(alert, "acknowledge")}>
                        {w("acknowledge")}
                      </button>
                    )}
                    <button type="button" onClick={() => act(alert, "resolve")}>
                      {w("resolve")}
                    </button>
                  </li>
                ))}
              </ul>
            </section>
          );
        })}
      </div>
    </SupervisorOnly>
  );
}
