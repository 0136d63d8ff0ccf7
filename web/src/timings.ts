/** Offer → screen pop rendered, per contact: what `make bench` reads back from the page. */
export interface ScreenPopTiming {
  contactId: string;
  offeredAt: number;
  renderedAt: number;
}

declare global {
  interface Window {
    screenPopTimings?: ScreenPopTiming[];
  }
}

export function recordScreenPop(contactId: string, offeredAt: number): void {
  const timings = (window.screenPopTimings ??= []);
  if (!timings.some((timing) => timing.contactId === contactId)) {
    timings.push({ contactId, offeredAt, renderedAt: Date.now() });
  }
}
