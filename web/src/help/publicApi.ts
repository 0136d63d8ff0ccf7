/** The public routes the help centre calls (no sign-in); errors keep the API's code and message. */
import { ApiError } from "../api";

export { ApiError };

/** Where the help centre's runtime settings live: next to its bundle (local stack or CDK). */
export interface HelpConfig {
  /** Base URL of the REST API ("" = same origin, "/api" behind the console's CloudFront). */
  apiUrl: string;
}

export async function loadHelpConfig(): Promise<HelpConfig> {
  const response = await fetch("config.json", { cache: "no-store" });
  if (!response.ok) throw new Error(`config.json: ${response.status}`);
  return (await response.json()) as HelpConfig;
}

export interface PublicApi {
  readonly baseUrl: string;
  get<T>(path: string): Promise<T>;
  post<T>(path: string, body: unknown): Promise<T>;
}

export function publicApi(baseUrl: string): PublicApi {
  async function call<T>(method: string, path: string, body?: unknown): Promise<T> {
    const response = await fetch(baseUrl + path, {
      method,
      headers: body === undefined ? {} : { "Content-Type": "application/json" },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const data = (await response.json().catch(() => ({}))) as { error?: { code?: string; message?: string } };
    if (!response.ok) {
      throw new ApiError(response.status, data.error?.code ?? "error", data.error?.message ?? response.statusText);
    }
    return data as T;
  }
  return { baseUrl, get: (path) => call("GET", path), post: (path, body) => call("POST", path, body) };
}

export interface ArticleSummary {
  id: string;
  language: string;
  category: string;
  title: string;
  answer: string;
  announcement: boolean;
  score?: number;
}

export interface Article extends ArticleSummary {
  body: string;
}

/** What a customer sees of a ticket (``_customer_view`` in the API). */
export interface CustomerTicket {
  id: string;
  status: string;
  category: string;
  channel: string;
  subject: string | null;
  created_at: string;
}

/** A number proved by a texted code: quoted with each self-service request. */
export interface PhoneProof {
  verificationId: string;
  code: string;
}

export function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
