import { useEffect, useRef, useState } from "preact/hooks";

import type { Translate } from "../i18n";
import type { ChatMessage, Softphone, SoftphoneContact } from "../softphone";

/** Who wrote a message, as the agent reads it: the customer's own name, the assistant, the flow. */
function author(t: Translate, message: ChatMessage): string {
  if (message.role === "CUSTOM_BOT") return t("chatBot");
  if (message.role === "SYSTEM") return t("chatSystem");
  if (message.role === "AGENT") return t("chatYou");
  return message.name || t("chatCustomer");
}

/** A chat contact's whole conversation (what the assistant and the flow said before the agent
 * joined included), and the agent's reply box once the chat is connected. */
export function ChatConversation({ t, softphone, contact }: { t: Translate; softphone: Softphone; contact: SoftphoneContact }) {
  const [draft, setDraft] = useState("");
  const [error, setError] = useState<string | null>(null);
  const end = useRef<HTMLLIElement>(null);
  const messages = contact.messages ?? [];

  useEffect(() => {
    end.current?.scrollIntoView?.({ block: "nearest" });
  }, [messages.length]);

  const send = (event: Event) => {
    event.preventDefault();
    const text = draft.trim();
    if (!text) return;
    setError(null);
    softphone
      .sendMessage(contact.contactId, text)
      .then(() => setDraft(""))
      .catch((failure: unknown) => setError(String(failure)));
  };

  return (
    <section class="chat-conversation" aria-labelledby="chat-title">
      <h3 id="chat-title">
        {t("chatWith")} {contact.customerName ?? ""}
      </h3>
      <ol id="chat-transcript" aria-live="polite">
        {messages.map((message) => (
          <li key={message.id} class={`chat-message chat-${message.role.toLowerCase()}`}>
            <span class="chat-author">{author(t, message)}</span>
            <span class="chat-text">{message.text}</span>
          </li>
        ))}
        <li ref={end} class="chat-end" aria-hidden="true" />
      </ol>
      {contact.state === "connected" && (
        <form class="chat-reply" onSubmit={send}>
          <label for="chat-reply-text">{t("chatReply")}</label>
          <textarea id="chat-reply-text" rows={2} maxLength={16384} value={draft} onInput={(event) => setDraft(event.currentTarget.value)} />
          <button type="submit" disabled={!draft.trim()}>
            {t("chatSend")}
          </button>
        </form>
      )}
      {error && (
        <p role="alert" class="error">
          {error}
        </p>
      )}
    </section>
  );
}
