/** The quality routes the review page calls, with the signed-in supervisor's token. */
import { ApiError, api } from "../../api";
import type { Session } from "../../auth";

export interface Review {
  contactId: string;
  agent: string;
  day: string;
  score: number;
  ratings: Record<string, number> | null;
  notes: string;
  reviewer: string;
  reviewedAt: string;
}

export interface SampledContact {
  contactId: string;
  agent: string;
  day: string;
  review: Review | null;
}

export interface Criterion {
  id: string;
  label: string;
  description?: string;
  weight: number;
  points: number;
}

export interface Criteria {
  version: string;
  title: string;
  criteria: Criterion[];
}

export interface AgentRow {
  name: string;
  label: string;
  counters: Record<string, number>;
  kpis: Record<string, number | null>;
}

export interface Recording {
  url: string;
  contentType: string;
  expiresInSeconds: number;
}

export interface ContactEvents {
  contactId: string;
  agentName: string;
  events: { at: string; kind: string; text: string }[];
  attributes: Record<string, string>;
}

/** The days asked for; none: the API's default (the last 7 days in the centre's time zone). */
function days(from: string, to: string): string {
  const given = [from && `from=${encodeURIComponent(from)}`, to && `to=${encodeURIComponent(to)}`];
  return given.filter(Boolean).join("&");
}

export function qualityClient(apiUrl: string, session: Session) {
  const http = api(apiUrl, session);
  return {
    sample: (from: string, to: string) =>
      http.get<{ from: string; to: string; contacts: SampledContact[] }>(
        `/quality/samples?${days(from, to)}&minimum=2`,
      ),
    agents: (from: string, to: string) =>
      http.get<{ rows: AgentRow[] }>(`/metrics?${days(from, to)}&dimension=agent`),
    criteria: () => http.get<Criteria>("/quality/criteria"),
    recording: (contactId: string) => http.get<Recording>(`/quality/recordings/${encodeURIComponent(contactId)}`),
    events: (contactId: string) =>
      http.get<ContactEvents>(`/quality/contacts/${encodeURIComponent(contactId)}/events`),
    review: (contactId: string, ratings: Record<string, number>, notes: string) =>
      http.send<Review>("PUT", `/quality/reviews/${encodeURIComponent(contactId)}`, { ratings, notes }),
  };
}

export type QualityClient = ReturnType<typeof qualityClient>;

export function explain(error: unknown): string {
  return error instanceof ApiError ? `${error.status} ${error.code}: ${error.message}` : String(error);
}
