/** A new campaign from a template: the campaign file's fields as a form, generated from the bundled
 * schemas/campaign.schema.json and checked against it as the marketer types; the API checks again
 * and its answer lands under the field it names. */
import { useEffect, useMemo, useState } from "preact/hooks";

import { ApiError } from "../../api";
import { type CampaignSummary, type CampaignsClient, type Template, explain } from "./client";
import { CAMPAIGN_SCHEMA, type Problem, type Schema, byField, check, problemsFromApi } from "./schemaCheck";
import type { Words } from "./words";

type Doc = Record<string, unknown>;
type Path = (string | number)[];

/** Fields that mean nothing in the console (the CSV is uploaded, not named). */
const HIDDEN = new Set(["audience.file"]);
/** Amazon Polly voices a template's languages start with; the marketer may change them. */
const VOICES: Record<string, string> = { "en-US": "Joanna", "zh-CN": "Zhiyu" };

const dotted = (path: Path) => path.join(".");
const fieldId = (path: Path) => `field-${path.join("-").replace(/[^A-Za-z0-9_-]/g, "_")}`;
const labelOf = (name: string | number) => String(name).replace(/_/g, " ");

function setAt(doc: unknown, path: Path, value: unknown): unknown {
  if (!path.length) return value;
  const [head, ...rest] = path;
  const base = (doc && typeof doc === "object" ? { ...(doc as Doc) } : {}) as Doc;
  const next = setAt(base[head], rest, value);
  if (next === undefined || (typeof next === "object" && next !== null && !Array.isArray(next) && !Object.keys(next).length && rest.length)) {
    delete base[head];
  } else {
    base[head] = next;
  }
  return base;
}

function today(): string {
  return new Date().toISOString().slice(0, 10);
}

export function starterFrom(template: Template): Doc {
  const languages = Object.fromEntries(template.languages.map((code) => [code, { voice: VOICES[code] ?? "Joanna" }]));
  return {
    id: `${template.name}-${today().replace(/-/g, "")}`,
    name: labelOf(template.name).replace(/^./, (first) => first.toUpperCase()),
    purpose: "informational",
    languages,
    default_language: template.languages.includes("en-US") ? "en-US" : template.languages[0],
    message: { template: template.message_template },
    ...(template.sms_template ? { sms: { template: template.sms_template } } : {}),
    menu: { "9": { action: "repeat" } },
    calling_window: { start: "09:00", end: "20:00" },
    schedule: { start_date: today() },
  };
}

interface FieldProps {
  schema: Schema;
  path: Path;
  value: unknown;
  set: (path: Path, value: unknown) => void;
  errors: Record<string, string>;
  required: boolean;
  w: Words;
}

function ErrorText({ path, errors }: { path: Path; errors: Record<string, string> }) {
  const message = errors[dotted(path)];
  return message ? (
    <p class="field-error" id={`error-${fieldId(path)}`} role="alert">
      {message}
    </p>
  ) : null;
}

function Field(props: FieldProps) {
  const { schema, path, value, set, errors, required } = props;
  const name = path[path.length - 1];
  const id = fieldId(path);
  const invalid = dotted(path) in errors;
  const described = invalid ? `error-${id}` : undefined;
  if (HIDDEN.has(dotted(path))) return null;

  if (schema.type === "object" && schema.properties) {
    const object = (value ?? {}) as Doc;
    return (
      <fieldset class="campaign-group" id={id}>
        <legend>{labelOf(name)}</legend>
        <ErrorText path={path} errors={errors} />
        {Object.entries(schema.properties).map(([key, child]) => (
          <Field {...props} key={key} schema={child} path={[...path, key]} value={object[key]} required={(schema.required ?? []).includes(key)} />
        ))}
      </fieldset>
    );
  }
  if (schema.type === "object" && typeof schema.additionalProperties === "object") {
    return <MapField {...props} />;
  }
  const common = { id, "aria-invalid": invalid ? ("true" as const) : undefined, "aria-describedby": described };
  let control;
  if (schema.enum) {
    control = (
      <select {...common} value={value === undefined ? "" : String(value)} onChange={(event) => set(path, event.currentTarget.value || undefined)}>
        {!required && <option value="">—</option>}
        {schema.enum.map((option) => (
          <option key={String(option)} value={String(option)}>
            {String(option)}
          </option>
        ))}
      </select>
    );
  } else if (schema.type === "array" && schema.items?.enum) {
    const chosen = new Set(Array.isArray(value) ? (value as string[]) : ((schema.default as string[] | undefined) ?? []));
    return (
      <fieldset class="campaign-choices" id={id} aria-describedby={described}>
        <legend>{labelOf(name)}</legend>
        {schema.items.enum.map((option) => {
          const text = String(option);
          return (
            <label key={text} class="inline">
              <input
                type="checkbox"
                checked={chosen.has(text)}
                onChange={(event) => {
                  const next = new Set(chosen);
                  if (event.currentTarget.checked) next.add(text);
                  else next.delete(text);
                  set(path, schema.items?.enum?.map(String).filter((item) => next.has(item)));
                }}
              />{" "}
              {text}
            </label>
          );
        })}
        <ErrorText path={path} errors={errors} />
      </fieldset>
    );
  } else if (schema.type === "array") {
    control = (
      <input
        {...common}
        type="text"
        placeholder="YYYY-MM-DD, YYYY-MM-DD"
        value={Array.isArray(value) ? (value as unknown[]).map(String).join(", ") : ""}
        onInput={(event) => {
          const items = event.currentTarget.value.split(",").map((item) => item.trim()).filter(Boolean);
          set(path, items.length ? items : undefined);
        }}
      />
    );
  } else if (schema.type === "boolean") {
    return (
      <label class="inline" for={id}>
        <input {...common} type="checkbox" checked={value === true} onChange={(event) => set(path, event.currentTarget.checked)} /> {labelOf(name)}
      </label>
    );
  } else if (schema.type === "integer" || schema.type === "number") {
    control = (
      <input
        {...common}
        type="number"
        step={schema.type === "integer" ? 1 : "any"}
        placeholder={schema.default === undefined ? "" : String(schema.default)}
        value={value === undefined ? "" : String(value)}
        onInput={(event) => {
          const text = event.currentTarget.value;
          set(path, text === "" ? undefined : Number(text));
        }}
      />
    );
  } else {
    control = (
      <input
        {...common}
        type={schema.format === "date" ? "date" : "text"}
        placeholder={schema.default === undefined ? "" : String(schema.default)}
        value={value === undefined ? "" : String(value)}
        onInput={(event) => set(path, event.currentTarget.value === "" ? undefined : event.currentTarget.value)}
      />
    );
  }
  return (
    <div class="campaign-field">
      <label for={id}>
        {labelOf(name)}
        {required ? " *" : ""}
      </label>
      {control}
      {schema.description && <small class="hint">{schema.description}</small>}
      <ErrorText path={path} errors={errors} />
    </div>
  );
}

/** A map field (languages by tag, menu by key): one row per entry, and a new entry by its name. */
function MapField(props: FieldProps) {
  const { schema, path, value, set, errors, w } = props;
  const [newKey, setNewKey] = useState("");
  const entries = Object.entries((value ?? {}) as Doc);
  const id = fieldId(path);
  const entrySchema = schema.additionalProperties as Schema;
  return (
    <fieldset class="campaign-group" id={id}>
      <legend>{labelOf(path[path.length - 1])}</legend>
      {schema.description && <small class="hint">{schema.description}</small>}
      <ErrorText path={path} errors={errors} />
      {entries.map(([key, entry]) => (
        <div class="campaign-entry" key={key}>
          <Field {...props} schema={{ ...entrySchema, type: "object" }} path={[...path, key]} value={entry} required />
          <button type="button" onClick={() => set([...path, key], undefined)}>
            {w("remove")} {key}
          </button>
        </div>
      ))}
      <label for={`${id}-new`}>
        {w("add")} ({schema.propertyNames?.description ?? w("key")})
      </label>
      <input id={`${id}-new`} value={newKey} onInput={(event) => setNewKey(event.currentTarget.value)} />
      <button
        type="button"
        disabled={!newKey}
        onClick={() => {
          const starter = (entrySchema.required ?? []).includes("voice") ? { voice: VOICES[newKey] ?? "" } : { action: "confirm" };
          set([...path, newKey], starter);
          setNewKey("");
        }}
      >
        {w("add")}
      </button>
    </fieldset>
  );
}

export function CampaignForm(props: { client: CampaignsClient; w: Words; onCreated: (id: string) => void }) {
  const { client, w, onCreated } = props;
  const [templates, setTemplates] = useState<Template[]>([]);
  const [campaigns, setCampaigns] = useState<CampaignSummary[]>([]);
  const [chosen, setChosen] = useState<Template | null>(null);
  const [picked, setPicked] = useState("");
  const [doc, setDoc] = useState<Doc | null>(null);
  const [serverProblems, setServerProblems] = useState<Problem[]>([]);
  const [submitted, setSubmitted] = useState(false);
  const [failure, setFailure] = useState<string | null>(null);

  useEffect(() => {
    client.templates().then((answer) => setTemplates(answer.templates)).catch((error: unknown) => setFailure(explain(error)));
    client.list().then((page) => setCampaigns(page.campaigns)).catch(() => undefined);
  }, [client]);

  /** A prompts/ template ("template:<name>") or a copy of a stored campaign ("copy:<id>"). */
  async function pick(choice: string) {
    setPicked(choice);
    setServerProblems([]);
    setSubmitted(false);
    const [kind, name] = [choice.split(":")[0], choice.slice(choice.indexOf(":") + 1)];
    if (kind === "copy") {
      try {
        const source = await client.view(name);
        const definition = JSON.parse(JSON.stringify(source.definition)) as Doc;
        setChosen(templates.find((item) => item.message_template === (definition.message as Doc | undefined)?.template) ?? null);
        setDoc({ ...definition, id: `${source.id}-copy`.slice(0, 63), name: `${source.name} (copy)` });
      } catch (error) {
        setFailure(explain(error));
      }
      return;
    }
    const template = templates.find((item) => item.name === name) ?? null;
    setChosen(template);
    setDoc(template ? starterFrom(template) : null);
  }

  const problems = useMemo(() => (doc ? check(doc) : []), [doc]);
  const shown = submitted ? [...problems, ...serverProblems] : serverProblems;
  const errors = byField(shown);
  const properties = CAMPAIGN_SCHEMA.properties ?? {};

  const set = (path: Path, value: unknown) => {
    setServerProblems([]);
    setDoc((current) => setAt(current, path, value) as Doc);
  };

  async function submit(event: Event) {
    event.preventDefault();
    setSubmitted(true);
    if (!doc || problems.length) return;
    try {
      const created = await client.create(doc);
      onCreated(created.id);
    } catch (error) {
      if (error instanceof ApiError && error.status === 400) setServerProblems(problemsFromApi(error.message));
      else setFailure(explain(error));
    }
  }

  return (
    <section class="card campaign-form" aria-labelledby="new-campaign-title">
      <h2 id="new-campaign-title">{w("newCampaign")}</h2>
      {failure && (
        <p role="alert" class="error">
          {w("error")}: {failure}
        </p>
      )}
      <label for="campaign-template">{w("template")}</label>
      <select id="campaign-template" value={picked} onChange={(event) => pick(event.currentTarget.value)}>
        <option value="">{w("chooseTemplate")}</option>
        <optgroup label={w("fromPrompts")}>
          {templates.map((template) => (
            <option key={template.name} value={`template:${template.name}`}>
              {template.name} ({template.languages.join(", ")})
            </option>
          ))}
        </optgroup>
        {campaigns.length > 0 && (
          <optgroup label={w("copyCampaign")}>
            {campaigns.map((campaign) => (
              <option key={campaign.id} value={`copy:${campaign.id}`}>
                {campaign.id} ({campaign.name})
              </option>
            ))}
          </optgroup>
        )}
      </select>
      {chosen && (
        <div class="template-preview">
          <p>
            {w("columnsNeeded")}: <code id="template-columns">{chosen.columns.join(", ")}</code>
          </p>
          {Object.entries(chosen.message).map(([language, text]) => (
            <p key={language} lang={language}>
              <strong>{language}</strong>: {text}
            </p>
          ))}
        </div>
      )}
      {doc && (
        <form onSubmit={submit} noValidate>
          {shown.length > 0 && (
            <div role="alert" class="error" id="campaign-problems">
              <p>{w("fixFields")}</p>
              <ul>
                {shown.map((problem) => (
                  <li key={`${problem.path}:${problem.message}`}>
                    {problem.path || "campaign"}: {problem.message}
                  </li>
                ))}
              </ul>
            </div>
          )}
          {Object.entries(properties).map(([key, schema]) => (
            <Field
              key={key}
              schema={schema}
              path={[key]}
              value={doc[key]}
              set={set}
              errors={errors}
              required={(CAMPAIGN_SCHEMA.required ?? []).includes(key)}
              w={w}
            />
          ))}
          <button type="submit">{w("create")}</button>
        </form>
      )}
    </section>
  );
}
