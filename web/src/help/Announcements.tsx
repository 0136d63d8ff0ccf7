import { useEffect, useState } from "preact/hooks";

import { Markdown } from "./markdown";
import { type Article, type PublicApi, messageOf } from "./publicApi";
import type { Language, Words } from "./words";

/** The published announcements (articles marked ``announcement`` in the knowledge base). */
export function Announcements({ t, client, language }: { t: Words; client: PublicApi; language: Language }) {
  const [items, setItems] = useState<Article[] | null>(null);
  const [error, setError] = useState("");

  useEffect(() => {
    client
      .get<{ items: Article[] }>(`/help/announcements?lang=${encodeURIComponent(language)}`)
      .then((found) => setItems(found.items))
      .catch((failure) => setError(messageOf(failure)));
  }, [language]);

  return (
    <section aria-labelledby="announcements-title">
      <h2 id="announcements-title">{t("announcements")}</h2>
      {error && <p class="error" role="alert">{error}</p>}
      {items === null && !error && <p>{t("loading")}</p>}
      {items?.length === 0 && <p>{t("noAnnouncements")}</p>}
      {items?.map((item) => (
        <article class="card announcement">
          <h3>{item.title}</h3>
          <p class="answer">{item.answer}</p>
          <Markdown text={item.body} />
        </article>
      ))}
    </section>
  );
}
