import { useEffect, useState } from "preact/hooks";

import type { Api } from "../api";
import type { Translate } from "../i18n";

interface ScriptStage {
  stage: string;
  text: string;
}
interface Article {
  id: string;
  title: string;
  body: string;
}

/** The script for the call's category and language, and searchable knowledge articles. */
export function KnowledgePanel({ t, client, category, language }: { t: Translate; client: Api; category: string; language: string }) {
  const [stages, setStages] = useState<ScriptStage[] | null>(null);
  const [articles, setArticles] = useState<Article[]>([]);
  const [query, setQuery] = useState("");

  useEffect(() => {
    setStages(null);
    client
      .get<{ stages: ScriptStage[] }>(`/knowledge/scripts/${encodeURIComponent(category)}?language=${encodeURIComponent(language)}`)
      .then((script) => setStages(script.stages))
      .catch(() => setStages([]));
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
      {stages && stages.length === 0 && <p>{t("knowledgeUnavailable")}</p>}
      {stages && stages.length > 0 && (
        <ol id="script">
          {stages.map((stage) => (
            <li>
              <strong>{stage.stage}</strong> {stage.text}
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
              <p>{article.body}</p>
            </details>
          </li>
        ))}
      </ul>
    </section>
  );
}
