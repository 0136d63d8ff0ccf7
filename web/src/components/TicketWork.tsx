import { useEffect, useState } from "preact/hooks";

import type { Api } from "../api";
import type { Session } from "../auth";
import type { Customer360, Ticket } from "../customer";
import { DISPOSITIONS } from "../dispositions";
import type { Translate } from "../i18n";

/** The contact's ticket: create it (category from the IVR), note, resolve, reassign, dispose. */
export function TicketWork(props: { t: Translate; client: Api; view: Customer360; contactId: string; session: Session }) {
  const { t, client, view, contactId, session } = props;
  // The history names people by user name; the signed-in agent is shown by their own name.
  const who = (actor: string) => (actor === session.username ? session.displayName : actor);
  const initial = view.contact.open_ticket_id ?? view.open_tickets[0]?.id ?? null;
  const [ticketId, setTicketId] = useState<string | null>(initial);
  const [ticket, setTicket] = useState<Ticket | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  useEffect(() => setTicketId(initial), [contactId]);
  useEffect(() => {
    setTicket(null);
    if (ticketId) client.get<Ticket>(`/tickets/${ticketId}`).then(setTicket).catch((e: unknown) => setError(String(e)));
  }, [ticketId]);

  async function act(action: () => Promise<Ticket>, form?: HTMLFormElement) {
    setBusy(true);
    setError(null);
    try {
      const changed = await action();
      setTicketId(changed.id);
      setTicket(await client.get<Ticket>(`/tickets/${changed.id}`));
      form?.reset();
    } catch (failure) {
      setError(String(failure));
    } finally {
      setBusy(false);
    }
  }
  const field = (event: Event, name: string) =>
    String(new FormData(event.currentTarget as HTMLFormElement).get(name) ?? "");
  const submit = (handler: (event: Event) => Promise<Ticket>) => (event: Event) => {
    event.preventDefault();
    void act(() => handler(event), event.currentTarget as HTMLFormElement);
  };

  if (!ticketId) {
    return (
      <section class="card ticket" aria-labelledby="ticket-title">
        <h2 id="ticket-title">{t("ticket")}</h2>
        <form
          onSubmit={submit((event) =>
            client.send<Ticket>("POST", "/tickets", {
              phone: view.phone,
              category: field(event, "category"),
              channel: "phone",
              subject: field(event, "subject"),
            }),
          )}
        >
          <label for="new-ticket-category">{t("category")}</label>
          <input id="new-ticket-category" name="category" value={view.contact.category ?? "inquiry"} required />
          <label for="new-ticket-subject">{t("subject")}</label>
          <input id="new-ticket-subject" name="subject" maxLength={200} />
          <button type="submit" disabled={busy}>
            {t("createTicket")}
          </button>
        </form>
        {error && <p role="alert" class="error">{error}</p>}
      </section>
    );
  }

  return (
    <section class="card ticket" aria-labelledby="ticket-title">
      <h2 id="ticket-title">
        {t("ticket")} {ticketId}
      </h2>
      {ticket && (
        <>
          <p>
            {t("status")}: <span id="ticket-status">{ticket.status}</span> · {ticket.category} · {ticket.subject}
          </p>
          <form onSubmit={submit((event) => client.send<Ticket>("POST", `/tickets/${ticketId}/notes`, { text: field(event, "text") }))}>
            <label for="ticket-note">{t("note")}</label>
            <textarea id="ticket-note" name="text" required maxLength={4000} />
            <button type="submit" disabled={busy}>
              {t("addNote")}
            </button>
          </form>
          <form
            onSubmit={submit((event) =>
              client.send<Ticket>("PATCH", `/tickets/${ticketId}`, { disposition: field(event, "disposition") }),
            )}
          >
            <label for="ticket-disposition">{t("disposition")}</label>
            <select id="ticket-disposition" name="disposition" required>
              {DISPOSITIONS.map((code) => (
                <option value={code}>{code}</option>
              ))}
            </select>
            <button type="submit" disabled={busy}>
              {t("setDisposition")}
            </button>
          </form>
          <form onSubmit={submit((event) => client.send<Ticket>("PATCH", `/tickets/${ticketId}`, { assignee: field(event, "assignee") }))}>
            <label for="ticket-assignee">{t("reassignTo")}</label>
            <input id="ticket-assignee" name="assignee" required />
            <button type="submit" disabled={busy}>
              {t("reassign")}
            </button>
          </form>
          <button
            type="button"
            disabled={busy || ticket.status === "resolved" || ticket.status === "closed"}
            onClick={() =>
              void act(async () => {
                // An unowned ticket is taken by the agent resolving it (a ticket is owned before it is resolved).
                if (!ticket.assignee) await client.send<Ticket>("PATCH", `/tickets/${ticketId}`, { assignee: session.username });
                return client.send<Ticket>("PATCH", `/tickets/${ticketId}`, { status: "resolved" });
              })
            }
          >
            {t("resolve")}
          </button>
          <h3>{t("history")}</h3>
          <ol id="ticket-history">
            {ticket.history.map((entry) => (
              <li>
                <time>{entry.at.slice(0, 19).replace("T", " ")}</time> <span class="actor">{who(entry.actor)}</span>{" "}
                <span class="action">{entry.action}</span> {describe(entry.detail)}
              </li>
            ))}
          </ol>
        </>
      )}
      {error && <p role="alert" class="error">{error}</p>}
    </section>
  );
}

function describe(detail: Record<string, unknown>): string {
  if (typeof detail["text"] === "string") return detail["text"];
  if (detail["code"]) return String(detail["code"]);
  if (detail["from"] !== undefined || detail["to"] !== undefined) return `${String(detail["from"] ?? "")} → ${String(detail["to"] ?? "")}`;
  return "";
}
