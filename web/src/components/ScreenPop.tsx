import { useEffect } from "preact/hooks";

import type { Customer360 } from "../customer";
import type { Translate } from "../i18n";
import { recordScreenPop } from "../timings";

/** The customer 360: who is calling and why; the warning flag is the first thing on the screen. */
export function ScreenPop({ t, view, offeredAt, contactId }: { t: Translate; view: Customer360; offeredAt: number; contactId: string }) {
  useEffect(() => recordScreenPop(contactId, offeredAt), [contactId]);
  const { contact } = view;
  return (
    <section class="card screen-pop" id="screen-pop" aria-labelledby="customer-name">
      {view.warning.flagged && (
        <div class="warning-flag" role="alert" id="warning-flag">
          <strong>⚠ {t("warningFlag")}</strong>
          {view.warning.note && <p id="warning-note">{view.warning.note}</p>}
        </div>
      )}
      <h2 id="customer-name">
        {view.name || t("unknownCaller")}{" "}
        {view.vip && (
          <span class="badge vip" id="vip-badge">
            {t("vip")}
          </span>
        )}
      </h2>
      <dl class="facts">
        <dt>{t("tier")}</dt>
        <dd id="customer-tier">{view.tier}</dd>
        <dt>{t("language")}</dt>
        <dd id="customer-language">{view.language}</dd>
        <dt>{t("category")}</dt>
        <dd id="contact-category">{contact.category ?? "—"}</dd>
        {contact.campaign && (
          <>
            <dt>{t("campaign")}</dt>
            <dd id="campaign">
              {contact.campaign.id} · {t("keyPressed")} {contact.campaign.key_pressed ?? "—"}
            </dd>
          </>
        )}
        {(view.pending_callback || contact.booking) && (
          <>
            <dt>{t("pendingCallback")}</dt>
            <dd id="pending-callback">
              {view.pending_callback?.starts_at ?? contact.booking?.reference} · {t("reason")}:{" "}
              {view.pending_callback?.reason || contact.booking?.reason || "—"}
            </dd>
          </>
        )}
      </dl>
      <h3>{t("openTickets")}</h3>
      {view.open_tickets.length === 0 ? (
        <p>{t("none")}</p>
      ) : (
        <ul id="open-tickets">
          {view.open_tickets.map((ticket) => (
            <li>
              {ticket.id} · {ticket.category} · {ticket.status} · {ticket.subject}
            </li>
          ))}
        </ul>
      )}
      <h3>{t("recentContacts")}</h3>
      {view.recent_contacts.length === 0 ? (
        <p>{t("none")}</p>
      ) : (
        <ul id="recent-contacts">
          {view.recent_contacts.map((item) => (
            <li>
              {(item.at ?? "").slice(0, 16).replace("T", " ")} · {item.channel} · {item.outcome}
              {item.rating !== null && item.rating !== undefined ? ` · ★${item.rating}` : ""}
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
