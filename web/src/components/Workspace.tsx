import { useEffect, useMemo, useRef, useState } from "preact/hooks";

import { type Api, api } from "../api";
import type { Session } from "../auth";
import type { RuntimeConfig } from "../config";
import type { Customer360 } from "../customer";
import type { Translate } from "../i18n";
import { type Softphone, type SoftphoneContact, softphoneFor } from "../softphone";
import { KnowledgePanel } from "./KnowledgePanel";
import { ScreenPop } from "./ScreenPop";
import { SoftphonePanel } from "./SoftphonePanel";
import { TicketWork } from "./TicketWork";

/** The agent's desk: the softphone, and for the current contact its 360, tickets and script. */
export function Workspace({ config, session, t }: { config: RuntimeConfig; session: Session; t: Translate }) {
  const client: Api = useMemo(() => api(config.apiUrl, session), [config, session]);
  const ccp = useRef<HTMLDivElement>(null);
  const [softphone, setSoftphone] = useState<Softphone | null>(null);
  const [contacts, setContacts] = useState<SoftphoneContact[]>([]);
  const [views, setViews] = useState<Record<string, Customer360>>({});
  const requested = useRef(new Set<string>());

  useEffect(() => {
    let cancelled = false;
    softphoneFor(config, session.username, ccp.current as HTMLElement).then(async (phone) => {
      if (cancelled) return;
      await phone.start(setContacts);
      setSoftphone(phone);
    });
    return () => {
      cancelled = true;
    };
  }, [config, session]);

  // Screen pop: fetch the 360 the moment a contact is offered, before the agent accepts it.
  useEffect(() => {
    for (const contact of contacts) {
      if (requested.current.has(contact.contactId)) continue;
      requested.current.add(contact.contactId);
      client
        .get<Customer360>(`/contacts/${encodeURIComponent(contact.contactId)}/360`)
        .then((view) => setViews((known) => ({ ...known, [contact.contactId]: view })))
        // An anonymous chat has no customer to show: asking again would be refused again.
        .catch(() => contact.channel !== "CHAT" && requested.current.delete(contact.contactId));
    }
  }, [contacts]);

  const current = contacts.find((contact) => contact.state !== "ended") ?? null;
  const view = current ? views[current.contactId] : undefined;

  return (
    <div class="workspace">
      <SoftphonePanel t={t} softphone={softphone} contact={current} />
      <div ref={ccp} class="ccp" />
      {current && view && (
        <>
          <ScreenPop t={t} view={view} offeredAt={current.offeredAt} contactId={current.contactId} />
          <TicketWork t={t} client={client} view={view} contactId={current.contactId} session={session} />
          <KnowledgePanel t={t} client={client} category={view.contact.category ?? "inquiry"} language={view.language} />
        </>
      )}
      {!current && <p class="waiting">{t("noContact")}</p>}
    </div>
  );
}
