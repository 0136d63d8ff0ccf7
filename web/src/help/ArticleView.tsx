import { useEffect, useState } from "preact/hooks";

import { Markdown } from "./markdown";
import { type Article, type PublicApi, messageOf } from "./publicApi";
import type { Language, Words } from "./words";

/** One published article: its short answer first, then the body. */
export function ArticleView({ t, client, language, id }: { t: Words; client: PublicApi; language: Language; id: string }) {
  const [article, setArticle] = useState<Article | null>(null);
  const [error, setError] = useState("");

  useEffect(() => {
    setArticle(null);
    setError("");
    client
      .get<Article>(`/help/articles/${encodeURIComponent(id)}/${encodeURIComponent(language)}`)
      .then(setArticle)
      .catch((failure) => setError(messageOf(failure)));
  }, [id, language]);

  return (
    <article class="card article" aria-labelledby="article-title">
      <a href="#/" class="back">
        ← {t("back")}
      </a>
      {error && <p class="error" role="alert">{error}</p>}
      {!article && !error && <p>{t("loading")}</p>}
      {article && (
        <>
          <h2 id="article-title">{article.title}</h2>
          <p class="answer">{article.answer}</p>
          <Markdown text={article.body} />
        </>
      )}
    </article>
  );
}
