/** The softphone the runtime config names; Streams is loaded only when it is the one. */
import type { RuntimeConfig } from "../config";
import { simulatorSoftphone } from "./simulator";
import type { Softphone } from "./types";

export type { Channel, ChatMessage, ContactState, QuickConnect, Softphone, SoftphoneContact } from "./types";

export async function softphoneFor(config: RuntimeConfig, agent: string, container: HTMLElement): Promise<Softphone> {
  if (config.softphone === "streams") {
    const { streamsSoftphone } = await import("./streams");
    return streamsSoftphone(container, config.ccpUrl ?? "", config.region);
  }
  return simulatorSoftphone(config.simulatorUrl ?? "/local-softphone", agent);
}
