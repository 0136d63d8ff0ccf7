/** The campaign routes the pages call, with the signed-in marketer's token. */
import { ApiError, api } from "../../api";
import type { Session } from "../../auth";

export interface CampaignSummary {
  id: string;
  name: string;
  status: string;
  purpose?: string;
  progress: number;
  callable: number;
  finished: number;
  created_at: string;
}

export interface CampaignView {
  id: string;
  name: string;
  status: string;
  loading: string | null;
  progress: number;
  eta: string | null;
  counters: Record<string, number>;
  load: { state: string | null; rows_total: number; rows_done: number; fraction: number };
  definition: Record<string, unknown>;
  live: Record<string, number>;
  not_yet_called: { counts: Record<string, number>; at_least: boolean };
}

export interface Template {
  name: string;
  message_template: string;
  sms_template: string | null;
  languages: string[];
  columns: string[];
  message: Record<string, string>;
}

export interface RowVerdict {
  line: number;
  phone: string;
  status: "call_now" | "waiting" | "never" | "rejected" | "duplicate";
  reason: string | null;
  detail: string;
  next_at: string | null;
  permanent: boolean;
  callable_today: boolean;
}

export interface AudienceReport {
  summary: {
    rows: number;
    callable: number;
    call_now: number;
    rejected: Record<string, number>;
    duplicates: number;
    on_lists: Record<string, number>;
    never: Record<string, number>;
    waiting: Record<string, number>;
    outside_window_today: number;
  };
  rows: RowVerdict[];
  rows_listed: number;
}

export interface ContactRow {
  phone: string;
  row: number | null;
  state: string;
  reason: string | null;
  outcome: string | null;
  pressed_key: string | null;
  attempts: number;
  language: string | null;
  sms: string | null;
  sms_sent_at: string | null;
}

const path = (id: string) => `/campaigns/${encodeURIComponent(id)}`;

export function campaignsClient(baseUrl: string, session: Session) {
  const http = api(baseUrl, session);
  async function raw<T>(method: string, url: string, body: BodyInit, contentType: string): Promise<T> {
    const response = await fetch(baseUrl + url, {
      method,
      headers: { Authorization: session.idToken, "Content-Type": contentType },
      body,
    });
    const data = (await response.json().catch(() => ({}))) as { error?: { code?: string; message?: string } };
    if (!response.ok) {
      throw new ApiError(response.status, data.error?.code ?? "error", data.error?.message ?? response.statusText);
    }
    return data as T;
  }
  return {
    list: (next?: string) =>
      http.get<{ campaigns: CampaignSummary[]; next: string | null }>(
        `/campaigns${next ? `?next=${encodeURIComponent(next)}` : ""}`,
      ),
    templates: () => http.get<{ templates: Template[] }>("/campaign-templates"),
    create: (campaign: Record<string, unknown>) => http.send<{ id: string }>("POST", "/campaigns", { campaign }),
    view: (id: string) => http.get<CampaignView>(path(id)),
    check: (id: string, file: Blob) => raw<AudienceReport>("POST", `${path(id)}/audience/check`, file, "text/csv"),
    /** The file goes straight to S3 through a pre-signed PUT; the API keeps only its key. */
    async upload(id: string, file: Blob): Promise<string> {
      const target = await http.send<{ upload_url: string; audience_key: string; content_type: string }>(
        "POST",
        `${path(id)}/audience`,
        {},
      );
      const put = await fetch(target.upload_url, { method: "PUT", headers: { "Content-Type": target.content_type }, body: file });
      if (!put.ok) throw new ApiError(put.status, "upload_failed", `the audience upload failed (HTTP ${put.status})`);
      return target.audience_key;
    },
    launch: (id: string, audienceKey: string) =>
      http.send<CampaignView>("POST", `${path(id)}/launch`, { audience_key: audienceKey }),
    act: (id: string, action: "pause" | "resume" | "stop") => http.send<CampaignView>("POST", `${path(id)}/${action}`, {}),
    async contacts(id: string): Promise<ContactRow[]> {
      const rows: ContactRow[] = [];
      let next: string | null = null;
      do {
        const page: { contacts: ContactRow[]; next: string | null } = await http.get(
          `${path(id)}/contacts${next ? `?next=${encodeURIComponent(next)}` : ""}`,
        );
        rows.push(...page.contacts);
        next = page.next;
      } while (next);
      return rows;
    },
  };
}

export type CampaignsClient = ReturnType<typeof campaignsClient>;

export function explain(error: unknown): string {
  return error instanceof ApiError ? `${error.status} ${error.code}: ${error.message}` : String(error);
}
