/** Quality review (质检): each agent's sampled calls, one call's recording, what happened on it
 * and the scoring form built from the centre's criteria; the score is stored and counted in the
 * agent's QA score (GET /metrics, dimension agent). Where to is the hash: #/quality. */
import { useEffect, useMemo, useState } from "preact/hooks";

import { type Session, hasRole } from "../../auth";
import type { RuntimeConfig } from "../../config";
import {
  type AgentRow,
  type ContactEvents,
  type Criteria,
  type QualityClient,
  type Recording,
  type Review,
  type SampledContact,
  explain,
  qualityClient,
} from "./client";
import { type Words, words } from "./words";

function formatScore(value: number | null | undefined): string {
  return value === null || value === undefined ? "–" : value.toFixed(1);
}

function ScoringForm(props: {
  criteria: Criteria;
  previous: Review | null;
  onSave: (ratings: Record<string, number>, notes: string) => Promise<void>;
  w: Words;
}) {
  const { criteria, previous, w } = props;
  const [ratings, setRatings] = useState<Record<string, number>>(
    previous?.ratings ?? Object.fromEntries(criteria.criteria.map((item) => [item.id, item.points])),
  );
  const [notes, setNotes] = useState(previous?.notes ?? "");
  const [busy, setBusy] = useState(false);
  return (
    <form
      id="qa-scoring"
      onSubmit={async (event) => {
        event.preventDefault();
        setBusy(true);
        try {
          await props.onSave(ratings, notes);
        } finally {
          setBusy(false);
        }
      }}
    >
      <fieldset>
        <legend>
          {w("criteria")}: {criteria.title}
        </legend>
        {criteria.criteria.map((item) => (
          <label key={item.id} class="qa-criterion" title={item.description}>
            <span>
              {item.label} <small>(×{item.weight})</small>
            </span>
            <select
              name={item.id}
              value={String(ratings[item.id])}
              onChange={(event) => setRatings({ ...ratings, [item.id]: Number(event.currentTarget.value) })}
            >
              {Array.from({ length: item.points + 1 }, (_, points) => (
                <option key={points} value={String(points)}>
                  {points} / {item.points}
                </option>
              ))}
            </select>
          </label>
        ))}
        <label class="qa-notes">
          {w("notes")}
          <textarea name="notes" maxLength={4000} value={notes} onInput={(event) => setNotes(event.currentTarget.value)} />
        </label>
        <button type="submit" disabled={busy}>
          {w("save")}
        </button>
      </fieldset>
    </form>
  );
}

function ContactReview(props: {
  client: QualityClient;
  contact: SampledContact;
  agentName: string;
  criteria: Criteria | null;
  onReviewed: (review: Review) => void;
  onClose: () => void;
  w: Words;
}) {
  const { client, contact, w } = props;
  const [recording, setRecording] = useState<Recording | null>(null);
  const [noRecording, setNoRecording] = useState<string | null>(null);
  const [events, setEvents] = useState<ContactEvents | null>(null);
  const [saved, setSaved] = useState<Review | null>(null);
  const [failure, setFailure] = useState<string | null>(null);

  useEffect(() => {
    setRecording(null);
    setNoRecording(null);
    setEvents(null);
    setSaved(null);
    client.recording(contact.contactId).then(setRecording, (error) => setNoRecording(explain(error)));
    client.events(contact.contactId).then(setEvents, (error) => setFailure(explain(error)));
  }, [contact.contactId]);

  return (
    <section class="card qa-review" aria-labelledby="qa-review-title" id="qa-review">
      <h3 id="qa-review-title">
        {w("review")}: {contact.contactId} · {props.agentName} · {contact.day}
      </h3>
      <button type="button" onClick={props.onClose}>
        {w("close")}
      </button>
      <h4>{w("recording")}</h4>
      {recording ? (
        <audio id="qa-recording" controls preload="auto" src={recording.url} />
      ) : (
        noRecording && (
          <p class="qa-no-recording">
            {w("noRecording")} ({noRecording})
          </p>
        )
      )}
      <h4>{w("events")}</h4>
      {events && (
        <ol id="qa-events">
          {events.events.map((event) => (
            <li key={`${event.at}-${event.kind}`} data-kind={event.kind}>
              <time dateTime={event.at}>{new Date(event.at).toLocaleTimeString()}</time> {event.text}
            </li>
          ))}
        </ol>
      )}
      {events && Object.keys(events.attributes).length > 0 && (
        <table class="qa-attributes">
          <caption>{w("attributes")}</caption>
          <tbody>
            {Object.entries(events.attributes).map(([name, value]) => (
              <tr key={name}>
                <th scope="row">{name}</th>
                <td>{value}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {props.criteria && (
        <ScoringForm
          criteria={props.criteria}
          previous={saved ?? contact.review}
          w={w}
          onSave={async (ratings, notes) => {
            try {
              const review = await client.review(contact.contactId, ratings, notes);
              setSaved(review);
              setFailure(null);
              props.onReviewed(review);
            } catch (error) {
              setFailure(explain(error));
            }
          }}
        />
      )}
      {saved && (
        <p role="status" id="qa-saved">
          {w("saved")} <strong>{saved.score}</strong>
        </p>
      )}
      {failure && (
        <p role="alert" class="error">
          {w("error")}: {failure}
        </p>
      )}
    </section>
  );
}

export function QualityPage({ config, session }: { config: RuntimeConfig; session: Session }) {
  const w = words();
  const client = useMemo(() => qualityClient(config.apiUrl, session), [session.idToken]);
  const [from, setFrom] = useState("");
  const [to, setTo] = useState("");
  const [contacts, setContacts] = useState<SampledContact[]>([]);
  const [agents, setAgents] = useState<AgentRow[]>([]);
  const [criteria, setCriteria] = useState<Criteria | null>(null);
  const [open, setOpen] = useState<SampledContact | null>(null);
  const [failure, setFailure] = useState<string | null>(null);

  async function load(dayFrom: string, dayTo: string) {
    try {
      const [sample, metrics] = await Promise.all([client.sample(dayFrom, dayTo), client.agents(dayFrom, dayTo)]);
      setContacts(sample.contacts);
      setAgents(metrics.rows);
      setFrom(sample.from);
      setTo(sample.to);
      setFailure(null);
    } catch (error) {
      setFailure(explain(error));
    }
  }
  useEffect(() => {
    if (!hasRole(session, "supervisor")) return;
    load("", "");
    client.criteria().then(setCriteria, (error) => setFailure(explain(error)));
  }, [client]);

  if (!hasRole(session, "supervisor")) {
    return (
      <p id="not-allowed" role="alert">
        {w("notAllowed")}
      </p>
    );
  }
  const names = Object.fromEntries(agents.map((row) => [row.name, row.label]));
  const byAgent = new Map<string, SampledContact[]>();
  for (const contact of contacts) byAgent.set(contact.agent, [...(byAgent.get(contact.agent) ?? []), contact]);
  const rowOf = (agent: string) => agents.find((row) => row.name === agent);

  return (
    <section class="card quality" aria-labelledby="quality-title">
      <h2 id="quality-title">{w("title")}</h2>
      <form
        class="qa-days"
        onSubmit={(event) => {
          event.preventDefault();
          load(from, to);
        }}
      >
        <label>
          {w("from")} <input type="date" name="from" value={from} onInput={(e) => setFrom(e.currentTarget.value)} />
        </label>{" "}
        <label>
          {w("to")} <input type="date" name="to" value={to} onInput={(e) => setTo(e.currentTarget.value)} />
        </label>{" "}
        <button type="submit">{w("show")}</button>
      </form>
      {failure && (
        <p role="alert" class="error">
          {w("error")}: {failure}
        </p>
      )}
      {byAgent.size === 0 ? (
        <p>{w("noSample")}</p>
      ) : (
        [...byAgent.entries()].map(([agent, sampled]) => (
          <table class="qa-agent" key={agent} data-agent={agent}>
            <caption>
              {w("agent")}: <span class="qa-agent-name">{names[agent] ?? agent}</span> · {w("qaScore")}:{" "}
              <span class="qa-agent-score">{formatScore(rowOf(agent)?.kpis.qa_score)}</span> ({w("reviews")}:{" "}
              {rowOf(agent)?.counters.qa_reviews ?? 0})
            </caption>
            <thead>
              <tr>
                <th scope="col">{w("contact")}</th>
                <th scope="col">{w("day")}</th>
                <th scope="col">{w("score")}</th>
              </tr>
            </thead>
            <tbody>
              {sampled.map((contact) => (
                <tr key={contact.contactId}>
                  <td>
                    <button type="button" class="qa-open" data-contact={contact.contactId} onClick={() => setOpen(contact)}>
                      {contact.contactId}
                    </button>
                  </td>
                  <td>{contact.day}</td>
                  <td class="qa-contact-score">{contact.review ? contact.review.score : w("notReviewed")}</td>
                </tr>
              ))}
            </tbody>
          </table>
        ))
      )}
      {open && (
        <ContactReview
          client={client}
          contact={open}
          agentName={names[open.agent] ?? open.agent}
          criteria={criteria}
          w={w}
          onClose={() => setOpen(null)}
          onReviewed={(review) => {
            setOpen({ ...open, review });
            load(from, to);
          }}
        />
      )}
    </section>
  );
}
