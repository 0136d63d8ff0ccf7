/** Staff sign-in with the stage's Cognito user pool (InitiateAuth, USER_PASSWORD_AUTH); the ID
 * token goes to the API, which checks the signature, expiry, audience and group. */
import type { RuntimeConfig } from "./config";

export type Role = "agent" | "supervisor" | "marketer" | "admin";

export interface Session {
  username: string;
  displayName: string;
  groups: Role[];
  idToken: string;
  expiresAt: number;
}

const STORAGE_KEY = "console.session";

function claims(token: string): Record<string, unknown> {
  const payload = token.split(".")[1] ?? "";
  const json = atob(payload.replace(/-/g, "+").replace(/_/g, "/"));
  return JSON.parse(decodeURIComponent(escape(json))) as Record<string, unknown>;
}

export function sessionFromToken(idToken: string): Session {
  const c = claims(idToken);
  const username = String(c["cognito:username"] ?? c["username"] ?? c["sub"] ?? "");
  const groups = Array.isArray(c["cognito:groups"]) ? (c["cognito:groups"] as Role[]) : [];
  return {
    username,
    displayName: String(c["name"] ?? username),
    groups,
    idToken,
    expiresAt: Number(c["exp"] ?? 0) * 1000,
  };
}

export async function signIn(config: RuntimeConfig, username: string, password: string): Promise<Session> {
  const response = await fetch(config.cognito.endpoint, {
    method: "POST",
    headers: {
      "Content-Type": "application/x-amz-json-1.1",
      "X-Amz-Target": "AWSCognitoIdentityProviderService.InitiateAuth",
    },
    body: JSON.stringify({
      AuthFlow: "USER_PASSWORD_AUTH",
      ClientId: config.cognito.userPoolClientId,
      AuthParameters: { USERNAME: username, PASSWORD: password },
    }),
  });
  const body = (await response.json()) as { AuthenticationResult?: { IdToken?: string } };
  const token = body.AuthenticationResult?.IdToken;
  if (!response.ok || !token) throw new Error("sign-in refused");
  const session = sessionFromToken(token);
  sessionStorage.setItem(STORAGE_KEY, JSON.stringify(session));
  return session;
}

export function storedSession(): Session | null {
  const raw = sessionStorage.getItem(STORAGE_KEY);
  if (!raw) return null;
  const session = JSON.parse(raw) as Session;
  return session.expiresAt > Date.now() ? session : null;
}

export function signOut(): void {
  sessionStorage.removeItem(STORAGE_KEY);
}

export function hasRole(session: Session, ...roles: Role[]): boolean {
  return session.groups.some((group) => group === "admin" || roles.includes(group));
}
