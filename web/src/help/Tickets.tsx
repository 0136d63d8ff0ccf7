import { useState } from "preact/hooks";

import { PhoneCheck } from "./PhoneCheck";
import { type CustomerTicket, type PhoneProof, type PublicApi, messageOf } from "./publicApi";
import { type Language, type Words, wordFor } from "./words";

/** What a customer may file a ticket about (emergencies are phoned in, not filed). */
const CATEGORIES = ["inquiry", "fault", "order", "cancellation", "consultation", "complaint"] as const;

/** Submit a ticket for a number the customer proves with a texted code. */
export function TicketForm({ t, client, language }: { t: Words; client: PublicApi; language: Language }) {
  const [proof, setProof] = useState<PhoneProof | null>(null);
  const [category, setCategory] = useState<string>("inquiry");
  const [subject, setSubject] = useState("");
  const [description, setDescription] = useState("");
  const [created, setCreated] = useState<CustomerTicket | null>(null);
  const [error, setError] = useState("");
  const [busy, setBusy] = useState(false);

  function submit() {
    if (!proof) return;
    setBusy(true);
    setError("");
    const body = { ...proof, category, ...(subject.trim() ? { subject: subject.trim() } : {}), description: description.trim() };
    client
      .post<CustomerTicket>("/self-service/tickets", body)
      .then(setCreated)
      .catch((failure) => setError(messageOf(failure)))
      .finally(() => setBusy(false));
  }

  if (created) {
    return (
      <section class="card" aria-labelledby="ticket-title">
        <h2 id="ticket-title">{t("navTicket")}</h2>
        <p role="status">
          {t("ticketCreated")} <strong id="ticket-reference">{created.id}</strong>
        </p>
        <p>
          {t("ticketStatus")}: <span id="ticket-status">{wordFor(t, "status", created.status)}</span>
        </p>
        <a class="button" href="#/my-tickets">
          {t("navMyTickets")}
        </a>
      </section>
    );
  }
  return (
    <section class="card" aria-labelledby="ticket-title">
      <h2 id="ticket-title">{t("navTicket")}</h2>
      <p class="hint">{t("emergencyNote")}</p>
      <form
        onSubmit={(event) => {
          event.preventDefault();
          submit();
        }}
      >
        <label for="ticket-category">{t("categoryLabel")}</label>
        <select id="ticket-category" value={category} onChange={(event) => setCategory(event.currentTarget.value)}>
          {CATEGORIES.map((name) => (
            <option value={name}>{wordFor(t, "category", name)}</option>
          ))}
        </select>
        <label for="ticket-subject">{t("subjectLabel")}</label>
        <input id="ticket-subject" maxLength={200} value={subject} onInput={(event) => setSubject(event.currentTarget.value)} />
        <label for="ticket-description">{t("descriptionLabel")}</label>
        <textarea
          id="ticket-description"
          rows={4}
          maxLength={4000}
          value={description}
          onInput={(event) => setDescription(event.currentTarget.value)}
        />
        <PhoneCheck t={t} client={client} language={language} onProof={setProof} />
        <button type="submit" disabled={!proof || busy}>
          {t("submitTicket")}
        </button>
        {error && <p class="error" role="alert">{error}</p>}
      </form>
    </section>
  );
}

/** The status of every ticket of the number the customer proves. */
export function MyTickets({ t, client, language }: { t: Words; client: PublicApi; language: Language }) {
  const [proof, setProof] = useState<PhoneProof | null>(null);
  const [tickets, setTickets] = useState<CustomerTicket[] | null>(null);
  const [error, setError] = useState("");

  function show() {
    if (!proof) return;
    setError("");
    client
      .post<{ items: CustomerTicket[] }>("/self-service/my-tickets", proof)
      .then((found) => setTickets(found.items))
      .catch((failure) => setError(messageOf(failure)));
  }

  return (
    <section class="card" aria-labelledby="my-tickets-title">
      <h2 id="my-tickets-title">{t("navMyTickets")}</h2>
      <form
        onSubmit={(event) => {
          event.preventDefault();
          show();
        }}
      >
        <PhoneCheck t={t} client={client} language={language} onProof={setProof} />
        <button type="submit" disabled={!proof}>
          {t("showMyTickets")}
        </button>
      </form>
      {error && <p class="error" role="alert">{error}</p>}
      {tickets?.length === 0 && <p>{t("noTickets")}</p>}
      {tickets && tickets.length > 0 && (
        <ul id="my-tickets" class="tickets">
          {tickets.map((ticket) => (
            <li class="ticket">
              <dl class="facts">
                <dt>{t("ticketReference")}</dt>
                <dd>{ticket.id}</dd>
                <dt>{t("ticketStatus")}</dt>
                <dd class="status">{wordFor(t, "status", ticket.status)}</dd>
                <dt>{t("ticketSubject")}</dt>
                <dd>{ticket.subject ?? wordFor(t, "category", ticket.category)}</dd>
                <dt>{t("ticketOpened")}</dt>
                <dd>{new Date(ticket.created_at).toLocaleString(language)}</dd>
              </dl>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
