/** The Amazon Connect contact control panel (CCP) embedded with amazon-connect-streams. Chats
 * go through the agent connection's media controller, which amazon-connect-chatjs provides once
 * loaded after Streams (its own chunk, on the first chat): the transcript so far (the flow's and
 * the assistant's messages included), every new message, and the agent's replies. */
import "amazon-connect-streams";

import type { ChatMessage, ContactState, QuickConnect, Softphone, SoftphoneContact } from "./types";

/** A participant service transcript item (GetTranscript, and each message chatjs hears). */
interface TranscriptItem {
  Id: string;
  AbsoluteTime: string;
  Type: string;
  ParticipantRole?: string;
  DisplayName?: string;
  Content?: string;
}

/** What the workspace uses of chatjs's agent chat controller. */
interface ChatController {
  getTranscript(args: { maxResults: number; sortOrder: "ASCENDING" | "DESCENDING" }): Promise<{ data: { Transcript?: TranscriptItem[] } }>;
  onMessage(handler: (event: { data: TranscriptItem }) => void): void;
  sendMessage(args: { contentType: string; message: string }): Promise<unknown>;
}

function message(item: TranscriptItem): ChatMessage {
  return { id: item.Id, at: item.AbsoluteTime, role: item.ParticipantRole ?? "SYSTEM", name: item.DisplayName ?? "", text: item.Content ?? "" };
}

export function streamsSoftphone(container: HTMLElement, ccpUrl: string, region?: string): Softphone {
  const contacts = new Map<string, { contact: connect.Contact; view: SoftphoneContact }>();
  const chats = new Map<string, ChatController>();
  let agent: connect.Agent | null = null;
  let notify: (contacts: SoftphoneContact[]) => void = () => undefined;

  const publish = (): void => notify([...contacts.values()].map((entry) => ({ ...entry.view })));

  function track(contact: connect.Contact, state: ContactState): void {
    const id = contact.getContactId();
    const known = contacts.get(id);
    const customer = contact.getInitialConnection()?.getEndpoint();
    const channel = String(contact.getType()) === "chat" ? "CHAT" : "VOICE";
    contacts.set(id, {
      contact,
      view: {
        contactId: id,
        state,
        channel,
        customerNumber: channel === "VOICE" ? customer?.phoneNumber || null : null,
        customerName: channel === "CHAT" ? customer?.name || null : null,
        messages: known?.view.messages ?? (channel === "CHAT" ? [] : undefined),
        queue: contact.getQueue()?.name ?? null,
        offeredAt: known?.view.offeredAt ?? Date.now(),
      },
    });
    publish();
    if (channel === "CHAT" && state === "connected") void openChat(contact);
  }

  /** Read the chat so far and follow it (once per contact). */
  async function openChat(contact: connect.Contact): Promise<void> {
    const id = contact.getContactId();
    if (chats.has(id)) return;
    await import("./chatjs");
    const connection = contact.getAgentConnection() as unknown as { getMediaController(): Promise<unknown> };
    const controller = (await connection.getMediaController()) as ChatController;
    chats.set(id, controller);
    const seen = new Set<string>();
    const add = (item: TranscriptItem): void => {
      const entry = contacts.get(id);
      if (!entry || item.Type !== "MESSAGE" || seen.has(item.Id)) return;
      seen.add(item.Id);
      entry.view = { ...entry.view, messages: [...(entry.view.messages ?? []), message(item)] };
      publish();
    };
    controller.onMessage((event) => add(event.data));
    const transcript = await controller.getTranscript({ maxResults: 100, sortOrder: "ASCENDING" });
    for (const item of transcript.data.Transcript ?? []) add(item);
  }

  function find(contactId: string): connect.Contact {
    const entry = contacts.get(contactId);
    if (!entry) throw new Error(`no contact ${contactId}`);
    return entry.contact;
  }

  const settle = (run: (callbacks: connect.SuccessFailOptions) => void): Promise<void> =>
    new Promise((resolve, reject) => run({ success: () => resolve(), failure: (error) => reject(new Error(String(error))) }));

  return {
    async start(onChange) {
      notify = onChange;
      connect.core.initCCP(container, {
        ccpUrl,
        region,
        loginPopup: true,
        loginPopupAutoClose: true,
        softphone: { allowFramedSoftphone: true },
      });
      connect.agent((found) => {
        agent = found;
      });
      connect.contact((contact) => {
        contact.onConnecting(() => track(contact, "offered"));
        contact.onIncoming(() => track(contact, "offered"));
        contact.onConnected(() => track(contact, "connected"));
        contact.onACW(() => track(contact, "after_contact_work"));
        contact.onDestroy(() => {
          contacts.delete(contact.getContactId());
          chats.delete(contact.getContactId());
          publish();
        });
      });
    },
    accept: (id) => settle((callbacks) => find(id).accept(callbacks)),
    hold: async (id) => {
      await settle((callbacks) => find(id).getAgentConnection().hold(callbacks));
      track(find(id), "on_hold");
    },
    resume: async (id) => {
      await settle((callbacks) => find(id).getAgentConnection().resume(callbacks));
      track(find(id), "connected");
    },
    transfer: async (id, quickConnectId) => {
      const endpoints = await endpointsOfAgent();
      const endpoint = endpoints.find((candidate) => candidate.endpointId === quickConnectId);
      if (!endpoint) throw new Error(`no quick connect ${quickConnectId}`);
      await settle((callbacks) => find(id).addConnection(endpoint, callbacks));
    },
    hangUp: (id) => settle((callbacks) => find(id).getAgentConnection().destroy(callbacks)),
    completeWork: (id) => settle((callbacks) => find(id).clear(callbacks)),
    async sendMessage(id, text) {
      const controller = chats.get(id);
      if (!controller) throw new Error(`no chat ${id}`);
      await controller.sendMessage({ contentType: "text/plain", message: text });
    },
    async quickConnects(): Promise<QuickConnect[]> {
      return (await endpointsOfAgent()).map((endpoint) => ({ id: endpoint.endpointId, name: endpoint.name }));
    },
  };

  function endpointsOfAgent(): Promise<connect.Endpoint[]> {
    return new Promise((resolve, reject) => {
      if (!agent) {
        reject(new Error("the CCP has not signed the agent in yet"));
        return;
      }
      agent.getEndpoints(agent.getAllQueueARNs(), {
        success: (data) => resolve(data.endpoints),
        failure: (error) => reject(new Error(String(error))),
      });
    });
  }
}
