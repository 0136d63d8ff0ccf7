import { useState } from "preact/hooks";

import { type PhoneProof, type PublicApi, messageOf } from "./publicApi";
import type { Language, Words } from "./words";

/** Texts a code to the customer's number (the callback booking's verification) and collects it:
 * the self-service routes open or list tickets only for a number proved this way. */
export function PhoneCheck({
  t,
  client,
  language,
  onProof,
}: {
  t: Words;
  client: PublicApi;
  language: Language;
  onProof: (proof: PhoneProof | null) => void;
}) {
  const [phone, setPhone] = useState("");
  const [sent, setSent] = useState<{ verificationId: string; phone: string } | null>(null);
  const [code, setCode] = useState("");
  const [error, setError] = useState("");
  const [busy, setBusy] = useState(false);

  function sendCode() {
    setBusy(true);
    setError("");
    client
      .post<{ verificationId: string; phone: string }>("/callbacks/verifications", { phone: phone.trim(), language })
      .then((answer) => {
        setSent(answer);
        setCode("");
        onProof(null);
      })
      .catch((failure) => setError(messageOf(failure)))
      .finally(() => setBusy(false));
  }

  return (
    <fieldset class="phone-check">
      <p class="hint">{t("proveNumber")}</p>
      <label for="help-phone">{t("phoneLabel")}</label>
      <div class="search-row">
        <input
          id="help-phone"
          type="tel"
          inputMode="tel"
          autoComplete="tel"
          placeholder={t("phonePlaceholder")}
          value={phone}
          onInput={(event) => setPhone(event.currentTarget.value)}
        />
        <button type="button" disabled={busy || !phone.trim()} onClick={sendCode}>
          {t("sendCode")}
        </button>
      </div>
      {sent && (
        <>
          <p role="status">
            {t("codeSentTo")} {sent.phone}
          </p>
          <label for="help-code">{t("codeLabel")}</label>
          <input
            id="help-code"
            inputMode="numeric"
            autoComplete="one-time-code"
            maxLength={6}
            value={code}
            onInput={(event) => {
              const typed = event.currentTarget.value.trim();
              setCode(typed);
              onProof(/^\d{6}$/.test(typed) ? { verificationId: sent.verificationId, code: typed } : null);
            }}
          />
        </>
      )}
      {error && <p class="error" role="alert">{error}</p>}
    </fieldset>
  );
}
