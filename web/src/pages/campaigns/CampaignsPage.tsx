/** The marketers' pages: the campaigns list, a new campaign from a template, and one campaign.
 * Where to is the hash: #/marketer, #/marketer/new, #/marketer/<campaign id>. */
import { useEffect, useMemo, useState } from "preact/hooks";

import { type Session, hasRole } from "../../auth";
import type { RuntimeConfig } from "../../config";
import { CampaignDetail, REFRESH_MS } from "./CampaignDetail";
import { CampaignForm } from "./CampaignForm";
import { type CampaignSummary, type CampaignsClient, campaignsClient, explain } from "./client";
import { type Words, words } from "./words";

function subPage(): string {
  return location.hash.replace(/^#\/?marketer\/?/, "");
}

function CampaignList({ client, w }: { client: CampaignsClient; w: Words }) {
  const [campaigns, setCampaigns] = useState<CampaignSummary[]>([]);
  const [next, setNext] = useState<string | null>(null);
  const [failure, setFailure] = useState<string | null>(null);

  async function load(cursor?: string) {
    try {
      const page = await client.list(cursor);
      setCampaigns((shown) => (cursor ? [...shown, ...page.campaigns] : page.campaigns));
      setNext(page.next);
    } catch (error) {
      setFailure(explain(error));
    }
  }
  useEffect(() => {
    load();
    const timer = setInterval(() => load(), REFRESH_MS * 3);
    return () => clearInterval(timer);
  }, [client]);

  return (
    <section class="card" aria-labelledby="campaigns-title">
      <h2 id="campaigns-title">{w("campaigns")}</h2>
      <a class="button" href="#/marketer/new" id="new-campaign">
        {w("newCampaign")}
      </a>
      {failure && (
        <p role="alert" class="error">
          {w("error")}: {failure}
        </p>
      )}
      {campaigns.length === 0 ? (
        <p>{w("none")}</p>
      ) : (
        <table id="campaign-list">
          <thead>
            <tr>
              <th scope="col">{w("id")}</th>
              <th scope="col">{w("name")}</th>
              <th scope="col">{w("purpose")}</th>
              <th scope="col">{w("status")}</th>
              <th scope="col">{w("progress")}</th>
            </tr>
          </thead>
          <tbody>
            {campaigns.map((campaign) => (
              <tr key={campaign.id}>
                <td>
                  <a href={`#/marketer/${encodeURIComponent(campaign.id)}`}>{campaign.id}</a>
                </td>
                <td>{campaign.name}</td>
                <td>{campaign.purpose}</td>
                <td class="campaign-status">{campaign.status}</td>
                <td>
                  <progress max={1} value={campaign.progress} aria-label={`${w("progress")} ${campaign.id}`} />{" "}
                  {Math.round(campaign.progress * 100)}% ({campaign.finished}/{campaign.callable})
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {next && (
        <button type="button" onClick={() => load(next)}>
          {w("more")}
        </button>
      )}
    </section>
  );
}

export function CampaignsPage({ config, session }: { config: RuntimeConfig; session: Session }) {
  const w = words();
  const [where, setWhere] = useState(subPage());
  const client = useMemo(() => campaignsClient(config.apiUrl, session), [config, session]);
  useEffect(() => {
    const follow = () => setWhere(subPage());
    window.addEventListener("hashchange", follow);
    return () => window.removeEventListener("hashchange", follow);
  }, []);

  if (!hasRole(session, "marketer")) {
    return (
      <section class="card" aria-labelledby="restricted-title">
        <h2 id="restricted-title">{w("campaigns")}</h2>
        <p role="alert" class="error" id="not-allowed">
          {w("notAllowed")}
        </p>
      </section>
    );
  }
  return (
    <div class="campaigns">
      {where && (
        <p>
          <a href="#/marketer">← {w("backToList")}</a>
        </p>
      )}
      {where === "" && <CampaignList client={client} w={w} />}
      {where === "new" && <CampaignForm client={client} w={w} onCreated={(id) => (location.hash = `#/marketer/${encodeURIComponent(id)}`)} />}
      {where !== "" && where !== "new" && <CampaignDetail key={where} client={client} campaignId={decodeURIComponent(where)} w={w} />}
    </div>
  );
}
