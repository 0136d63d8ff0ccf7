import { useState } from "preact/hooks";

import { type Session, signIn } from "../auth";
import type { RuntimeConfig } from "../config";
import type { Translate } from "../i18n";

export function SignIn({ config, t, onSignedIn }: { config: RuntimeConfig; t: Translate; onSignedIn: (session: Session) => void }) {
  const [failed, setFailed] = useState(false);
  const [busy, setBusy] = useState(false);

  async function submit(event: Event) {
    event.preventDefault();
    const form = new FormData(event.currentTarget as HTMLFormElement);
    setBusy(true);
    try {
      onSignedIn(await signIn(config, String(form.get("username")), String(form.get("password"))));
    } catch {
      setFailed(true);
    } finally {
      setBusy(false);
    }
  }

  return (
    <form class="card sign-in" onSubmit={submit} aria-labelledby="sign-in-title">
      <h2 id="sign-in-title">{t("signInTitle")}</h2>
      <label for="username">{t("username")}</label>
      <input id="username" name="username" autocomplete="username" required />
      <label for="password">{t("password")}</label>
      <input id="password" name="password" type="password" autocomplete="current-password" required />
      {failed && (
        <p role="alert" class="error">
          {t("signInFailed")}
        </p>
      )}
      <button type="submit" disabled={busy}>
        {t("signIn")}
      </button>
    </form>
  );
}
