/** What the workspace needs from a softphone; the Amazon Connect CCP (Streams) when deployed and
 * the local Connect simulator's agent desk on a laptop both provide it, so the page is one. */
export type ContactState = "offered" | "connected" | "on_hold" | "after_contact_work" | "ended";

export type Channel = "VOICE" | "CHAT";

/** One message of a chat's transcript, as the agent reads it (the flow's and the bot's too). */
export interface ChatMessage {
  id: string;
  /** ISO 8601, as the participant service stamps it. */
  at: string;
  /** CUSTOMER, AGENT, SYSTEM (the flow) or CUSTOM_BOT (the assistant). */
  role: string;
  name: string;
  text: string;
}

export interface SoftphoneContact {
  contactId: string;
  state: ContactState;
  channel: Channel;
  /** A chat's customer as they named themselves. */
  customerName?: string | null;
  /** A chat's transcript so far, oldest first. */
  messages?: ChatMessage[];
  /** The customer's number (E.164), when the contact has one. */
  customerNumber: string | null;
  queue: string | null;
  /** Epoch milliseconds when the contact was offered to this agent (for the screen-pop timing). */
  offeredAt: number;
}

export interface QuickConnect {
  id: string;
  name: string;
}

export interface Softphone {
  /** Start receiving contacts; ``onChange`` gets the agent's current contacts after every change. */
  start(onChange: (contacts: SoftphoneContact[]) => void): Promise<void>;
  accept(contactId: string): Promise<void>;
  hold(contactId: string): Promise<void>;
  resume(contactId: string): Promise<void>;
  transfer(contactId: string, quickConnectId: string): Promise<void>;
  hangUp(contactId: string): Promise<void>;
  /** Leave after-contact work: the agent is ready for the next contact. */
  completeWork(contactId: string): Promise<void>;
  quickConnects(): Promise<QuickConnect[]>;
  /** Write to the customer of a connected chat. */
  sendMessage(contactId: string, text: string): Promise<void>;
}
