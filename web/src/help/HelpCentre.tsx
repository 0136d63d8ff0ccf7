import { useEffect, useMemo, useState } from "preact/hooks";

import { Announcements } from "./Announcements";
import { ArticleView } from "./ArticleView";
import { ChatWidget } from "./ChatWidget";
import { type HelpConfig, publicApi } from "./publicApi";
import { Search } from "./Search";
import { MyTickets, TicketForm } from "./Tickets";
import { type Language, initialLanguage, words } from "./words";

/** The page the hash names: ``#/``, ``#/article/<id>``, ``#/announcements``, ``#/ticket``,
 * ``#/my-tickets``, ``#/chat``, ``#/callback`` (a hash router: the bucket serves one file). */
type Page = { name: "search" | "announcements" | "ticket" | "my-tickets" | "chat" | "callback" } | { name: "article"; id: string };

function currentPage(): Page {
  const path = location.hash.replace(/^#\/?/, "").split("?")[0];
  const article = /^article\/(.+)$/.exec(path);
  if (article) return { name: "article", id: decodeURIComponent(article[1]) };
  const named = ["announcements", "ticket", "my-tickets", "chat", "callback"] as const;
  const found = named.find((name) => name === path);
  return { name: found ?? "search" };
}

const NAVIGATION = [
  ["search", "#/", "navSearch"],
  ["announcements", "#/announcements", "navAnnouncements"],
  ["chat", "#/chat", "navChat"],
  ["ticket", "#/ticket", "navTicket"],
  ["my-tickets", "#/my-tickets", "navMyTickets"],
  ["callback", "#/callback", "navCallback"],
] as const;

export function HelpCentre({ config }: { config: HelpConfig }) {
  const [language, setLanguage] = useState<Language>(initialLanguage());
  const [page, setPage] = useState<Page>(currentPage());
  const client = useMemo(() => publicApi(config.apiUrl), [config.apiUrl]);
  const t = words(language);

  useEffect(() => {
    const follow = () => setPage(currentPage());
    window.addEventListener("hashchange", follow);
    return () => window.removeEventListener("hashchange", follow);
  }, []);
  useEffect(() => {
    document.documentElement.lang = language;
    document.title = t("title");
    localStorage.setItem("help-lang", language);
  }, [language]);

  const bookingPage = `${config.apiUrl}/book?lang=${encodeURIComponent(language)}`;
  return (
    <>
      <a class="skip" href="#content">
        {t("skipToContent")}
      </a>
      <header class="top">
        <h1>{t("title")}</h1>
        <label class="language">
          <span class="visually-hidden">{t("language")}</span>
          <select aria-label={t("language")} value={language} onChange={(event) => setLanguage(event.currentTarget.value as Language)}>
            <option value="zh-CN">中文</option>
            <option value="en-US">English</option>
          </select>
        </label>
      </header>
      <nav class="sections" aria-label={t("title")}>
        {NAVIGATION.map(([name, href, label]) => (
          <a href={href} aria-current={page.name === name ? "page" : undefined}>
            {t(label)}
          </a>
        ))}
      </nav>
      <main id="content">
        {page.name === "search" && <Search t={t} client={client} language={language} />}
        {page.name === "article" && <ArticleView t={t} client={client} language={language} id={page.id} />}
        {page.name === "announcements" && <Announcements t={t} client={client} language={language} />}
        {page.name === "ticket" && <TicketForm t={t} client={client} language={language} />}
        {page.name === "my-tickets" && <MyTickets t={t} client={client} language={language} />}
        {page.name === "chat" && <ChatWidget t={t} client={client} language={language} />}
        {page.name === "callback" && (
          <section class="card" aria-labelledby="callback-title">
            <h2 id="callback-title">{t("callbackTitle")}</h2>
            <p>{t("callbackIntro")}</p>
            <a class="button" href={bookingPage}>
              {t("callbackLink")}
            </a>
          </section>
        )}
      </main>
    </>
  );
}
