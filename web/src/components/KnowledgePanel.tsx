import { useEffect, useState } from "preact/hooks";

import type { Api } from "../api";
import type { Translate } from "../i18n";

/** The stages of a call script, in the order an agent speaks them (knowledge's API). */
const STAGES = ["greeting", "verification", "resolution", "closing"] as const;

interface Script {
  stages: Partial<Record<(typeof STAGES)[number], string>>;
}
interface Article {
  id: string;
  title: string;
  answer: string;
}

/** The script for the call's category and language, and searchable knowledge articles. */
export function KnowledgePanel({ t, client, category, language }: { t: Translate; client: Api; category: string; language: string }) {
  const [script, setScript] = useState<Script | null | undefined>(undefined);
  const [articles, setArticles] = useState<Article[]>([]);
  const [query, setQuery] = useState("");

  useEffect(() => {
    setScript(undefined);
    client
      .get<Script>(`/knowledge/scripts/${encodeURIComponent(category)}/${encodeURIComponent(language)}`)
      .then(setScript)
      .catch(() => setScript(null));
    search("");
  }, [category, language]);

  function search(text: string) {
    const params = new URLSearchParams({ category, language, q: text });
    client
      .get<{ items: Article[] }>(`/knowledge/articles?${params.toString()}`)
      .then((found) => setArticles(found.items))
      .catch(() => setArticles([]));
  }

  return (
    <section class="card knowledge" aria-labelledby="script-title">
      <h2 id="script-title">
        {t("scripts")} · {category}
      </h2>
      {script === undefined && <p>{t("loading")}</p>}
      {script === null && <p>{t("knowledgeUnavailable")}</p>}
      {script && (
        <ol id="script">
          {STAGES.filter((stage) => script.stages[stage]).map((stage) => (
            <li>
              <strong>{t(`stage_${stage}`)}</strong> {script.stages[stage]}
            </li>
          ))}
        </ol>
      )}
      <form
        role="search"
        onSubmit={(event) => {
          event.preventDefault();
          search(query);
        }}
      >
        <label for="knowledge-query">{t("knowledge")}</label>
        <input id="knowledge-query" type="search" value={query} onInput={(event) => setQuery(event.currentTarget.value)} />
        <button type="submit">{t("search")}</button>
      </form>
      <ul id="articles">
        {articles.map((article) => (
          <li>
            <details>
              <summary>{article.title}</summary>
              <p>{article.answer}</p>
            </details>
          </li>
        ))}
      </ul>
    </section>
  );
}
