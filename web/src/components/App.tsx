import { useEffect, useState } from "preact/hooks";

import { api } from "../api";
import { type Session, hasRole, signOut, storedSession } from "../auth";
import type { RuntimeConfig } from "../config";
import { type Language, initialLanguage, translator } from "../i18n";
import { CampaignsPage } from "../pages/campaigns/CampaignsPage";
import { QualityPage } from "../pages/quality/QualityPage";
import { AlertsPage } from "../pages/supervisor/AlertsPage";
import { FloorPage } from "../pages/supervisor/FloorPage";
import { KpisPage } from "../pages/supervisor/KpisPage";
import { words as supervisorWords } from "../pages/supervisor/words";
import { RestrictedPage } from "./RestrictedPage";
import { SignIn } from "./SignIn";
import { Workspace } from "./Workspace";

const PAGES = ["workspace", "supervisor", "marketer", "quality", "floor", "kpis", "alerts"] as const;
type Page = (typeof PAGES)[number];

function currentPage(): Page {
  const name = location.hash.replace(/^#\/?/, "").split("/")[0];
  return (PAGES as readonly string[]).includes(name) ? (name as Page) : "workspace";
}

export function App({ config }: { config: RuntimeConfig }) {
  const [language, setLanguage] = useState<Language>(initialLanguage());
  const [session, setSession] = useState<Session | null>(storedSession());
  const [page, setPage] = useState<Page>(currentPage());
  const t = translator(language);

  // Where the token carries no name, the agent directory knows it (GET /agents/{id}).
  useEffect(() => {
    if (!session || session.displayName !== session.username) return;
    api(config.apiUrl, session)
      .get<{ name?: string }>(`/agents/${encodeURIComponent(session.username)}`)
      .then((agent) => agent.name && setSession({ ...session, displayName: agent.name }))
      .catch(() => undefined);
  }, [session?.username]);
  useEffect(() => {
    const follow = () => setPage(currentPage());
    window.addEventListener("hashchange", follow);
    return () => window.removeEventListener("hashchange", follow);
  }, []);
  useEffect(() => {
    document.documentElement.lang = language;
    document.title = t("title");
    localStorage.setItem("lang", language);
  }, [language]);

  const languagePicker = (
    <label class="language">
      {t("language")}{" "}
      <select value={language} onChange={(event) => setLanguage(event.currentTarget.value as Language)}>
        <option value="en-US">English</option>
        <option value="zh-CN">中文</option>
      </select>
    </label>
  );

  if (!session) {
    return (
      <main>
        <header class="bar">
          <h1>{t("title")}</h1>
          {languagePicker}
        </header>
        <SignIn config={config} t={t} onSignedIn={setSession} />
      </main>
    );
  }

  return (
    <div>
      <header class="bar">
        <h1>{t("title")}</h1>
        <nav aria-label={t("title")}>
          <a href="#/workspace" aria-current={page === "workspace" ? "page" : undefined}>
            {t("workspace")}
          </a>
          {hasRole(session, "supervisor") && (
            <a href="#/supervisor" aria-current={page === "supervisor" ? "page" : undefined}>
              {t("supervisor")}
            </a>
          )}
          {hasRole(session, "supervisor") && <a href="#/quality" aria-current={page === "quality" ? "page" : undefined}>{t("quality")}</a>}
          {hasRole(session, "supervisor", "admin") && (
            <a href="#/floor" aria-current={page === "floor" ? "page" : undefined}>
              {supervisorWords(language)("floor")}
            </a>
          )}
          {hasRole(session, "supervisor", "admin") && (
            <a href="#/kpis" aria-current={page === "kpis" ? "page" : undefined}>
              {supervisorWords(language)("kpis")}
            </a>
          )}
          {hasRole(session, "supervisor", "admin") && (
            <a href="#/alerts" aria-current={page === "alerts" ? "page" : undefined}>
              {supervisorWords(language)("alerts")}
            </a>
          )}
          {hasRole(session, "marketer") && (
            <a href="#/marketer" aria-current={page === "marketer" ? "page" : undefined}>
              {t("marketer")}
            </a>
          )}
        </nav>
        <span id="signed-in-user">
          {session.displayName} ({session.groups.join(", ")})
        </span>
        {languagePicker}
        <button
          type="button"
          onClick={() => {
            signOut();
            setSession(null);
          }}
        >
          {t("signOut")}
        </button>
      </header>
      <main>
        {page === "workspace" && <Workspace config={config} session={session} t={t} />}
        {page === "supervisor" && (
          <RestrictedPage config={config} session={session} t={t} role="supervisor" title={t("metrics")} path="/metrics" />
        )}
        {page === "floor" && <FloorPage config={config} session={session} t={t} />}
        {page === "kpis" && <KpisPage config={config} session={session} t={t} />}
        {page === "alerts" && <AlertsPage config={config} session={session} t={t} />}
        {page === "marketer" && <CampaignsPage config={config} session={session} />}
        {page === "quality" && <QualityPage config={config} session={session} />}
      </main>
    </div>
  );
}
