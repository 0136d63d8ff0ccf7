import { useEffect, useState } from "preact/hooks";

import { ApiError, api } from "../api";
import { type Role, type Session, hasRole } from "../auth";
import type { RuntimeConfig } from "../config";
import type { Translate } from "../i18n";

/** A page for one role: refused in the page for anyone else, and the API refuses them too. */
export function RestrictedPage(props: {
  config: RuntimeConfig;
  session: Session;
  t: Translate;
  role: Role;
  title: string;
  path: string;
}) {
  const { config, session, t, role, title, path } = props;
  const allowed = hasRole(session, role);
  const [data, setData] = useState<unknown>(null);
  const [refused, setRefused] = useState<string | null>(null);

  useEffect(() => {
    if (!allowed) return;
    api(config.apiUrl, session)
      .get<unknown>(path)
      .then(setData)
      .catch((error: unknown) => setRefused(error instanceof ApiError ? `${error.status} ${error.code}` : String(error)));
  }, [allowed, path]);

  if (!allowed) {
    return (
      <section class="card" aria-labelledby="restricted-title">
        <h2 id="restricted-title">{title}</h2>
        <p role="alert" class="error" id="not-allowed">
          {t("notAllowed")}
        </p>
      </section>
    );
  }
  return (
    <section class="card" aria-labelledby="restricted-title">
      <h2 id="restricted-title">{title}</h2>
      {refused && (
        <p role="alert" class="error">
          {t("apiRefused")}: {refused}
        </p>
      )}
      {data !== null && <pre>{JSON.stringify(data, null, 2)}</pre>}
    </section>
  );
}
