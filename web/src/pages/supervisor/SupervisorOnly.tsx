import type { ComponentChildren } from "preact";

import { type Session, hasRole } from "../../auth";
import type { Translate } from "../../i18n";

/** Supervisors' and admins' pages: anyone else sees the refusal (the API refuses them too). */
export function SupervisorOnly(props: { session: Session; t: Translate; title: string; children: ComponentChildren }) {
  if (hasRole(props.session, "supervisor", "admin")) return <>{props.children}</>;
  return (
    <section class="card" aria-labelledby="restricted-title">
      <h2 id="restricted-title">{props.title}</h2>
      <p role="alert" class="error" id="not-allowed">
        {props.t("notAllowed")}
      </p>
    </section>
  );
}
