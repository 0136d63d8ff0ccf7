import { useEffect, useRef, useState } from "preact/hooks";

import { type ArticleSummary, type PublicApi, messageOf } from "./publicApi";
import type { Language, Words } from "./words";

/** Keyword search over the published articles; with no answer, the ways to reach a person. */
export function Search({ t, client, language }: { t: Words; client: PublicApi; language: Language }) {
  const [query, setQuery] = useState(new URLSearchParams(location.hash.split("?")[1] ?? "").get("q") ?? "");
  const [results, setResults] = useState<ArticleSummary[] | null>(null);
  const [searched, setSearched] = useState("");
  const [error, setError] = useState("");
  const latest = useRef(0);

  function search(text: string) {
    // Only the last request's answer is shown: the first page's list may arrive after a search.
    const request = ++latest.current;
    const params = new URLSearchParams({ lang: language, limit: "10" });
    if (text.trim()) params.set("q", text.trim());
    setError("");
    client
      .get<{ items: ArticleSummary[] }>(`/help/articles?${params.toString()}`)
      .then((found) => {
        if (request !== latest.current) return;
        setResults(found.items);
        setSearched(text.trim());
      })
      .catch((failure) => request === latest.current && setError(messageOf(failure)));
  }

  useEffect(() => search(query), [language]);

  return (
    <section class="help-search">
      <form
        role="search"
        class="search"
        onSubmit={(event) => {
          event.preventDefault();
          search(query);
        }}
      >
        <label for="help-query">
          {t("searchLabel")}
        </label>
        <div class="search-row">
          <input
            id="help-query"
            type="search"
            enterKeyHint="search"
            placeholder={t("searchPlaceholder")}
            value={query}
            onInput={(event) => setQuery(event.currentTarget.value)}
          />
          <button type="submit">{t("searchButton")}</button>
        </div>
      </form>
      {error && <p class="error" role="alert">{error}</p>}
      {results === null && !error && <p>{t("loading")}</p>}
      {results !== null && (
        <div id="search-results" aria-live="polite">
          {!searched && <h2>{t("popular")}</h2>}
          {results.length === 0 && <p id="no-results">{t("noResults")}</p>}
          <ul class="results">
            {results.map((article) => (
              <li class="card">
                <h3>
                  <a href={`#/article/${encodeURIComponent(article.id)}`}>{article.title}</a>
                </h3>
                <p>{article.answer}</p>
              </li>
            ))}
          </ul>
          {searched && (
            <aside class="card still-stuck">
              <h2>{t("notFoundHelp")}</h2>
              <div class="actions">
                <a class="button" href="#/chat">
                  {t("startChatInstead")}
                </a>
                <a class="button secondary" href="#/ticket">
                  {t("submitTicketInstead")}
                </a>
              </div>
            </aside>
          )}
        </div>
      )}
    </section>
  );
}
