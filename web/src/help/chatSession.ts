/** A customer's chat through Amazon Connect: the API starts the contact (StartChatContact behind
 * ``POST /chat/start``), then amazon-connect-chatjs talks to the participant service it names.
 *
 * chatjs is loaded on first use (its own chunk), and pointed at the ``participantEndpoint`` the
 * API returns (``setGlobalConfig({endpoint})``, read by chatjs's client factory): Connect's
 * participant service when deployed, the Connect simulator's locally, the same page either way.
 */
import type { PhoneProof, PublicApi } from "./publicApi";
import type { Language } from "./words";

/** ``POST /chat/start``'s answer. */
export interface ChatStart {
  contactId: string;
  participantId: string;
  participantToken: string;
  region: string;
  participantEndpoint: string;
}

/** One line of the conversation as the widget shows it. */
export interface ChatLine {
  id: string;
  kind: "message" | "joined" | "left" | "ended";
  role: string;
  name: string;
  text: string;
}

export interface LiveChat {
  readonly contactId: string;
  send(text: string): Promise<void>;
  end(): Promise<void>;
}

const EVENT = "application/vnd.amazonaws.connect.event.";
const KINDS: Record<string, ChatLine["kind"]> = {
  [`${EVENT}participant.joined`]: "joined",
  [`${EVENT}participant.left`]: "left",
  [`${EVENT}chat.ended`]: "ended",
};

/** A transcript item (participant service ``Item``) as a line, or null for what is not shown
 * (typing, receipts, other events). */
export function lineOf(item: {
  Id?: string;
  Type?: string;
  ContentType?: string;
  Content?: string;
  ParticipantRole?: string;
  DisplayName?: string;
}): ChatLine | null {
  const contentType = item.ContentType ?? "";
  const base = { id: item.Id ?? "", role: item.ParticipantRole ?? "", name: item.DisplayName ?? "" };
  if (item.Type === "MESSAGE" && (contentType === "text/plain" || contentType === "text/markdown")) {
    return { ...base, kind: "message", text: item.Content ?? "" };
  }
  const kind = KINDS[contentType];
  return kind ? { ...base, kind, text: "" } : null;
}

export async function startChat(
  client: PublicApi,
  request: { displayName: string; language: Language; verification?: PhoneProof },
  onLine: (line: ChatLine) => void,
  onEnded: () => void,
): Promise<LiveChat> {
  const started = await client.post<ChatStart>("/chat/start", request);
  const sessions = (await import("./chatjs")).chatSessions();
  // ``endpoint`` is read by chatjs (GlobalConfig.update) though its typings do not list it.
  // Read receipts are off: the widget shows none, and each would be one more SendEvent.
  const config = {
    region: started.region,
    endpoint: started.participantEndpoint,
    loggerConfig: { level: 30 as const },
    features: { messageReceipts: { shouldSendMessageReceipts: false } },
  };
  sessions.setGlobalConfig(config as Parameters<typeof sessions.setGlobalConfig>[0]);
  const session = sessions.create({
    chatDetails: {
      contactId: started.contactId,
      participantId: started.participantId,
      participantToken: started.participantToken,
    },
    type: "CUSTOMER",
    options: { region: started.region },
    disableCSM: true,
  });
  const seen = new Set<string>();
  const show = (line: ChatLine | null) => {
    if (!line || (line.id && seen.has(line.id))) return;
    if (line.id) seen.add(line.id);
    onLine(line);
  };
  session.onMessage((event) => show(lineOf(event.data)));
  session.onEnded(() => onEnded());
  await session.connect();
  // What was said before the websocket subscribed (the flow's greeting) comes from the transcript.
  const transcript = await session.getTranscript({ scanDirection: "BACKWARD", sortOrder: "ASCENDING", maxResults: 100 });
  for (const item of transcript.data?.Transcript ?? []) show(lineOf(item));
  return {
    contactId: started.contactId,
    async send(text: string) {
      await session.sendMessage({ contentType: "text/plain", message: text });
    },
    async end() {
      await session.disconnectParticipant();
      onEnded();
    },
  };
}
