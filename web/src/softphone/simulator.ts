/** The local Connect simulator's agent desk over HTTP (long polling): the laptop's softphone. */
import type { QuickConnect, Softphone, SoftphoneContact } from "./types";

interface DeskState {
  version: number;
  contacts: SoftphoneContact[];
}

export function simulatorSoftphone(baseUrl: string, agent: string): Softphone {
  const agentPath = `${baseUrl}/agents/${encodeURIComponent(agent)}`;

  async function post(contactId: string, action: string, body: unknown = {}): Promise<void> {
    const response = await fetch(`${agentPath}/contacts/${encodeURIComponent(contactId)}/${action}`, {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify(body),
    });
    if (!response.ok) throw new Error(`${action}: ${response.status} ${await response.text()}`);
  }

  return {
    async start(onChange) {
      let version = -1;
      const poll = async (): Promise<void> => {
        for (;;) {
          try {
            const response = await fetch(`${agentPath}/contacts?since=${version}`, { cache: "no-store" });
            if (response.ok) {
              const state = (await response.json()) as DeskState;
              if (state.version !== version) {
                version = state.version;
                onChange(state.contacts);
              }
              continue;
            }
          } catch {
            // the local stack restarting: try again shortly
          }
          await new Promise((resolve) => setTimeout(resolve, 1000));
        }
      };
      void poll();
    },
    accept: (id) => post(id, "accept"),
    hold: (id) => post(id, "hold"),
    resume: (id) => post(id, "resume"),
    transfer: (id, quickConnectId) => post(id, "transfer", { quickConnectId }),
    hangUp: (id) => post(id, "hang-up"),
    completeWork: (id) => post(id, "complete"),
    sendMessage: (id, text) => post(id, "message", { text }),
    async quickConnects(): Promise<QuickConnect[]> {
      const response = await fetch(`${baseUrl}/quick-connects`);
      return ((await response.json()) as { items: QuickConnect[] }).items;
    },
  };
}
