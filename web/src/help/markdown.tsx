import type { JSX } from "preact";

/** The few Markdown forms articles use (headings, lists, paragraphs), rendered as text: an
 * article is never inserted as HTML, so an edit in the knowledge base cannot inject a script. */
export function Markdown({ text }: { text: string }) {
  const blocks: JSX.Element[] = [];
  let items: string[] = [];
  let paragraph: string[] = [];
  const flush = () => {
    if (items.length) blocks.push(<ul>{items.map((item) => <li>{item}</li>)}</ul>);
    if (paragraph.length) blocks.push(<p>{paragraph.join(" ")}</p>);
    items = [];
    paragraph = [];
  };
  for (const raw of text.split("\n")) {
    const line = raw.trim();
    const heading = /^(#{1,6})\s+(.*)$/.exec(line);
    const item = /^(?:[-*]|\d+\.)\s+(.*)$/.exec(line);
    if (!line) flush();
    else if (heading) {
      flush();
      blocks.push(<h3>{heading[2]}</h3>);
    } else if (item) {
      if (paragraph.length) flush();
      items.push(item[1]);
    } else {
      if (items.length) flush();
      paragraph.push(line);
    }
  }
  flush();
  return <div class="article-body">{blocks}</div>;
}
