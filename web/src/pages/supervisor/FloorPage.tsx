/** The live floor: every queue and every signed-in agent, refreshed every few seconds from
 * ``GET /floor`` (Connect's real-time metrics and today's KPIs). */
import { useEffect, useState } from "preact/hooks";

import { ApiError, api } from "../../api";
import type { Session } from "../../auth";
import type { RuntimeConfig } from "../../config";
import type { Translate } from "../../i18n";
import { duration, percent } from "./format";
import { SupervisorOnly } from "./SupervisorOnly";
import { words } from "./words";

export const REFRESH_MS = 3000;

interface FloorQueue {
  id: string;
  name: string;
  waiting: number;
  longestWaitSeconds: number;
  agentsOnline: number;
  agentsAvailable: number;
  agentsOnContact: number;
  serviceLevel: number | null;
  abandonmentRate: number | null;
  queuedToday: number;
  abandonedToday: number;
}

interface FloorAgent {
  id: string;
  name: string;
  state: string;
  contactId: string;
  queue: string;
  secondsInState: number | null;
  handledToday: number;
}

interface Floor {
  at: string;
  day: string;
  serviceLevelSeconds: number;
  queues: FloorQueue[];
  agents: FloorAgent[];
}

function FloorTables(props: { config: RuntimeConfig; session: Session }) {
  const w = words();
  const [floor, setFloor] = useState<Floor | null>(null);
  const [failure, setFailure] = useState<string | null>(null);

  useEffect(() => {
    let stopped = false;
    // A slow answer must not replace a newer one: each refresh shows only if none asked later has.
    let asked = 0;
    let shown = 0;
    const load = () => {
      const mine = ++asked;
      return api(props.config.apiUrl, props.session)
        .get<Floor>("/floor")
        .then((data) => {
          if (stopped || mine < shown) return;
          shown = mine;
          setFloor(data);
          setFailure(null);
        })
        .catch((error: unknown) => !stopped && setFailure(error instanceof ApiError ? `${error.status} ${error.code}` : String(error)));
    };
    load();
    const timer = window.setInterval(load, REFRESH_MS);
    return () => {
      stopped = true;
      window.clearInterval(timer);
    };
  }, [props.session.idToken]);

  return (
    <>
      {failure && (
        <p role="alert" class="error">
          {failure}
        </p>
      )}
      {floor && (
        <p class="updated" id="floor-updated" aria-live="polite">
          {w("updatedAt")} <time datetime={floor.at}>{new Date(floor.at).toLocaleTimeString()}</time>
        </p>
      )}
      <section class="card" aria-labelledby="queues-title">
        <h3 id="queues-title">{w("queues")}</h3>
        <table class="figures" id="floor-queues">
          <thead>
            <tr>
              <th scope="col">{w("queue")}</th>
              <th scope="col">{w("waiting")}</th>
              <th scope="col">{w("longestWait")}</th>
              <th scope="col">{w("agentsOnline")}</th>
              <th scope="col">{w("agentsAvailable")}</th>
              <th scope="col">{w("agentsOnContact")}</th>
              <th scope="col">
                {w("serviceLevelToday")} ({floor?.serviceLevelSeconds ?? 20} s)
              </th>
              <th scope="col">{w("abandonmentToday")}</th>
            </tr>
          </thead>
          <tbody>
            {floor?.queues.map((queue) => (
              <tr key={queue.id} data-queue={queue.name} class={queue.waiting > 0 ? "busy" : undefined}>
                <th scope="row">{queue.name}</th>
                <td data-field="waiting">{queue.waiting}</td>
                <td data-field="longestWaitSeconds" data-value={queue.longestWaitSeconds}>
                  {duration(queue.longestWaitSeconds)}
                </td>
                <td data-field="agentsOnline">{queue.agentsOnline}</td>
                <td data-field="agentsAvailable">{queue.agentsAvailable}</td>
                <td data-field="agentsOnContact">{queue.agentsOnContact}</td>
                <td data-field="serviceLevel" data-value={String(queue.serviceLevel)}>
                  {percent(queue.serviceLevel)}
                </td>
                <td data-field="abandonmentRate" data-value={String(queue.abandonmentRate)}>
                  {percent(queue.abandonmentRate)} ({queue.abandonedToday}/{queue.queuedToday})
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </section>
      <section class="card" aria-labelledby="agents-title">
        <h3 id="agents-title">{w("agents")}</h3>
        {floor && floor.agents.length === 0 && <p class="waiting">{w("noAgents")}</p>}
        <table class="figures" id="floor-agents">
          <thead>
            <tr>
              <th scope="col">{w("agent")}</th>
              <th scope="col">{w("state")}</th>
              <th scope="col">{w("currentContact")}</th>
              <th scope="col">{w("timeInState")}</th>
              <th scope="col">{w("handledToday")}</th>
            </tr>
          </thead>
          <tbody>
            {floor?.agents.map((agent) => (
              <tr key={agent.id} data-agent={agent.id}>
                <th scope="row">{agent.name}</th>
                <td data-field="state">{agent.state}</td>
                <td data-field="contactId">{agent.contactId ? `${agent.queue || "–"} · ${agent.contactId.slice(0, 8)}` : "–"}</td>
                <td data-field="secondsInState" data-value={String(agent.secondsInState)}>
                  {duration(agent.secondsInState)}
                </td>
                <td data-field="handledToday">{agent.handledToday}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </section>
    </>
  );
}

export function FloorPage(props: { config: RuntimeConfig; session: Session; t: Translate }) {
  const w = words();
  return (
    <SupervisorOnly session={props.session} t={props.t} title={w("floor")}>
      <div class="supervisor-page">
        <h2 id="floor-title">{w("floor")}</h2>
        <FloorTables config={props.config} session={props.session} />
      </div>
    </SupervisorOnly>
  );
}
