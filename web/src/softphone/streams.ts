/** The Amazon Connect contact control panel (CCP) embedded with amazon-connect-streams. */
import "amazon-connect-streams";

import type { ContactState, QuickConnect, Softphone, SoftphoneContact } from "./types";

export function streamsSoftphone(container: HTMLElement, ccpUrl: string, region?: string): Softphone {
  const contacts = new Map<string, { contact: connect.Contact; view: SoftphoneContact }>();
  let agent: connect.Agent | null = null;
  let notify: (contacts: SoftphoneContact[]) => void = () => undefined;

  const publish = (): void => notify([...contacts.values()].map((entry) => ({ ...entry.view })));

  function track(contact: connect.Contact, state: ContactState): void {
    const id = contact.getContactId();
    const known = contacts.get(id);
    const customer = contact.getInitialConnection()?.getEndpoint();
    contacts.set(id, {
      contact,
      view: {
        contactId: id,
        state,
        customerNumber: customer?.phoneNumber || null,
        queue: contact.getQueue()?.name ?? null,
        offeredAt: known?.view.offeredAt ?? Date.now(),
      },
    });
    publish();
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
