import { useEffect, useRef, useState } from "preact/hooks";

import { type ChatLine, type LiveChat, startChat } from "./chatSession";
import { PhoneCheck } from "./PhoneCheck";
import { type PhoneProof, type PublicApi, messageOf } from "./publicApi";
import type { Language, Words } from "./words";

type Phase = "idle" | "connecting" | "open" | "ended";

/** The customer's chat: the assistant answers first; "人工" / "agent" brings a person. */
export function ChatWidget({ t, client, language }: { t: Words; client: PublicApi; language: Language }) {
  const [phase, setPhase] = useState<Phase>("idle");
  const [displayName, setDisplayName] = useState("");
  const [lines, setLines] = useState<ChatLine[]>([]);
  const [draft, setDraft] = useState("");
  const [error, setError] = useState("");
  const [proof, setProof] = useState<PhoneProof | null>(null);
  const chat = useRef<LiveChat | null>(null);
  const log = useRef<HTMLOListElement>(null);

  useEffect(() => {
    log.current?.lastElementChild?.scrollIntoView({ block: "end" });
  }, [lines.length]);

  function start() {
    setPhase("connecting");
    setError("");
    setLines([]);
    startChat(
      client,
      { displayName: displayName.trim() || t("defaultDisplayName"), language, ...(proof ? { verification: proof } : {}) },
      // The customer's own arrival and departure are not news to them.
      (line) => {
        if (line.role !== "CUSTOMER" || line.kind === "message") setLines((shown) => [...shown, line]);
      },
      () => setPhase("ended"),
    )
      .then((live) => {
        chat.current = live;
        setPhase((now) => (now === "ended" ? now : "open"));
      })
      .catch((failure) => {
        setError(messageOf(failure));
        setPhase("idle");
      });
  }

  function send() {
    const text = draft.trim();
    if (!text || !chat.current) return;
    setDraft("");
    chat.current.send(text).catch((failure) => setError(messageOf(failure)));
  }

  /** Who said it: "You", the agent's name, or the assistant for the flow's and the bot's lines. */
  function speaker(line: ChatLine): string {
    if (line.role === "CUSTOMER") return t("you");
    if (line.role === "AGENT") return line.name;
    return t("assistant");
  }

  function describe(line: ChatLine): string {
    if (line.kind === "joined") return `${line.name} ${t("joined")}`;
    if (line.kind === "left") return `${line.name} ${t("left")}`;
    if (line.kind === "ended") return t("chatEnded");
    return line.text;
  }

  return (
    <section class="card chat" aria-labelledby="chat-title">
      <h2 id="chat-title">{t("chatTitle")}</h2>
      <p class="hint">{t("chatIntro")}</p>
      {(phase === "idle" || phase === "connecting") && (
        <form
          onSubmit={(event) => {
            event.preventDefault();
            start();
          }}
        >
          <label for="chat-name">{t("displayNameLabel")}</label>
          <input
            id="chat-name"
            autoComplete="name"
            maxLength={100}
            value={displayName}
            onInput={(event) => setDisplayName(event.currentTarget.value)}
          />
          <details class="verify">
            <summary>{t("chatVerify")}</summary>
            <PhoneCheck t={t} client={client} language={language} onProof={setProof} />
          </details>
          <button type="submit" disabled={phase === "connecting"}>
            {phase === "connecting" ? t("connecting") : t("startChat")}
          </button>
        </form>
      )}
      {lines.length > 0 && (
        <ol id="chat-log" class="chat-log" ref={log} aria-live="polite">
          {lines.map((line) => (
            <li class={`line ${line.kind} role-${line.role.toLowerCase()}`} data-role={line.role}>
              {line.kind === "message" && (
                <span class="speaker">{speaker(line)}</span>
              )}
              <span class="text">{describe(line)}</span>
            </li>
          ))}
        </ol>
      )}
      {phase === "open" && (
        <form
          class="composer"
          onSubmit={(event) => {
            event.preventDefault();
            send();
          }}
        >
          <label for="chat-message" class="visually-hidden">
            {t("messageLabel")}
          </label>
          <input
            id="chat-message"
            autoComplete="off"
            enterKeyHint="send"
            maxLength={1024}
            value={draft}
            onInput={(event) => setDraft(event.currentTarget.value)}
          />
          <button type="submit">{t("send")}</button>
          <button type="button" class="secondary" onClick={() => chat.current?.end().catch((failure) => setError(messageOf(failure)))}>
            {t("endChat")}
          </button>
        </form>
      )}
      {phase === "ended" && <p role="status">{t("chatEnded")}</p>}
      {error && <p class="error" role="alert">{error}</p>}
    </section>
  );
}
