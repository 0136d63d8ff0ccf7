import { useEffect, useState } from "preact/hooks";

import type { Translate } from "../i18n";
import type { QuickConnect, Softphone, SoftphoneContact } from "../softphone";
import { ChatConversation } from "./ChatConversation";

export function SoftphonePanel({ t, softphone, contact }: { t: Translate; softphone: Softphone | null; contact: SoftphoneContact | null }) {
  const [quickConnects, setQuickConnects] = useState<QuickConnect[]>([]);
  const [target, setTarget] = useState("");
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    if (softphone && contact?.state === "connected" && quickConnects.length === 0) {
      softphone.quickConnects().then(setQuickConnects).catch(() => undefined);
    }
  }, [softphone, contact?.state]);

  if (!softphone || !contact) {
    return (
      <section class="card softphone" aria-labelledby="softphone-title">
        <h2 id="softphone-title">{t("softphone")}</h2>
        <p id="softphone-state">{t("noContact")}</p>
      </section>
    );
  }
  const run = (action: () => Promise<void>) => () => {
    setError(null);
    action().catch((failure: unknown) => setError(String(failure)));
  };
  const id = contact.contactId;
  return (
    <section class="card softphone" aria-labelledby="softphone-title">
      <h2 id="softphone-title">{t("softphone")}</h2>
      <p id="softphone-state" aria-live="polite">
        {contact.state === "offered" ? t(contact.channel === "CHAT" ? "incomingChat" : "incoming") : t(`state_${contact.state}`)} ·{" "}
        {contact.channel === "CHAT" ? contact.customerName ?? "" : contact.customerNumber ?? ""}
      </p>
      <div class="actions">
        {contact.state === "offered" && (
          <button type="button" onClick={run(() => softphone.accept(id))}>
            {t("accept")}
          </button>
        )}
        {contact.state === "connected" && (
          <button type="button" onClick={run(() => softphone.hold(id))}>
            {t("hold")}
          </button>
        )}
        {contact.state === "on_hold" && (
          <button type="button" onClick={run(() => softphone.resume(id))}>
            {t("resume")}
          </button>
        )}
        {(contact.state === "connected" || contact.state === "on_hold") && (
          <button type="button" onClick={run(() => softphone.hangUp(id))}>
            {t("hangUp")}
          </button>
        )}
        {contact.state === "after_contact_work" && (
          <button type="button" onClick={run(() => softphone.completeWork(id))}>
            {t("completeWork")}
          </button>
        )}
      </div>
      {contact.channel === "CHAT" && <ChatConversation t={t} softphone={softphone} contact={contact} />}
      {contact.state === "connected" && (
        <div class="transfer">
          <label for="transfer-target">{t("transferTo")}</label>
          <select id="transfer-target" value={target} onChange={(event) => setTarget(event.currentTarget.value)}>
            <option value="" />
            {quickConnects.map((quick) => (
              <option value={quick.id}>{quick.name}</option>
            ))}
          </select>
          <button type="button" disabled={!target} onClick={run(() => softphone.transfer(id, target))}>
            {t("transfer")}
          </button>
        </div>
      )}
      {error && (
        <p role="alert" class="error">
          {error}
        </p>
      )}
    </section>
  );
}
