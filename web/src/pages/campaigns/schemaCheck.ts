/** Checks a campaign definition against schemas/campaign.schema.json in the browser, every problem
 * with the dotted path of its field. The schema is bundled from schemas/ at build time (one source);
 * the API validates again with jsonschema and stays authoritative. Covers the keywords that schema
 * uses (a unit test runs this file against jsonschema on the same documents). */
import campaignSchema from "../../../../schemas/campaign.schema.json";

export type Schema = {
  type?: string;
  enum?: unknown[];
  const?: unknown;
  pattern?: string;
  required?: string[];
  properties?: Record<string, Schema>;
  additionalProperties?: boolean | Schema;
  propertyNames?: Schema;
  minProperties?: number;
  minLength?: number;
  maxLength?: number;
  minimum?: number;
  maximum?: number;
  exclusiveMinimum?: number;
  items?: Schema;
  uniqueItems?: boolean;
  minItems?: number;
  oneOf?: Schema[];
  if?: Schema;
  then?: Schema;
  default?: unknown;
  description?: string;
  format?: string;
};

export interface Problem {
  path: string;
  message: string;
}

export const CAMPAIGN_SCHEMA = campaignSchema as unknown as Schema;

function join(path: string, key: string | number): string {
  return path ? `${path}.${key}` : String(key);
}

function typeOf(value: unknown): string {
  if (value === null) return "null";
  if (Array.isArray(value)) return "array";
  if (typeof value === "number") return Number.isInteger(value) ? "integer" : "number";
  return typeof value;
}

function typeMatches(expected: string, value: unknown): boolean {
  const actual = typeOf(value);
  return actual === expected || (expected === "number" && actual === "integer");
}

/** Every problem of ``value`` against ``schema``; [] when it is valid. */
export function check(value: unknown, schema: Schema = CAMPAIGN_SCHEMA, path = ""): Problem[] {
  const problems: Problem[] = [];
  const add = (message: string, at = path) => problems.push({ path: at, message });

  if (schema.type && !typeMatches(schema.type, value)) {
    add(`must be ${schema.type === "object" ? "an object" : `a ${schema.type}`}`);
    return problems;
  }
  if (schema.enum && !schema.enum.some((option) => JSON.stringify(option) === JSON.stringify(value))) {
    add(`must be one of ${schema.enum.join(", ")}`);
  }
  if ("const" in schema && JSON.stringify(schema.const) !== JSON.stringify(value)) add(`must be ${String(schema.const)}`);
  if (typeof value === "string") {
    if (schema.minLength !== undefined && value.length < schema.minLength) {
      add(schema.minLength === 1 ? "is required" : `must have at least ${schema.minLength} characters`);
    }
    if (schema.maxLength !== undefined && value.length > schema.maxLength) add(`must have at most ${schema.maxLength} characters`);
    if (schema.pattern && !new RegExp(schema.pattern, "u").test(value)) add(`does not match ${schema.pattern}`);
  }
  if (typeof value === "number") {
    if (schema.minimum !== undefined && value < schema.minimum) add(`must be at least ${schema.minimum}`);
    if (schema.maximum !== undefined && value > schema.maximum) add(`must be at most ${schema.maximum}`);
    if (schema.exclusiveMinimum !== undefined && value <= schema.exclusiveMinimum) {
      add(`must be more than ${schema.exclusiveMinimum}`);
    }
  }
  if (Array.isArray(value)) {
    if (schema.minItems !== undefined && value.length < schema.minItems) add(`needs at least ${schema.minItems} item(s)`);
    if (schema.uniqueItems && new Set(value.map((item) => JSON.stringify(item))).size !== value.length) {
      add("has duplicate items");
    }
    if (schema.items) value.forEach((item, index) => problems.push(...check(item, schema.items, join(path, index))));
  }
  if (value !== null && typeof value === "object" && !Array.isArray(value)) {
    const object = value as Record<string, unknown>;
    const keys = Object.keys(object);
    for (const name of schema.required ?? []) if (!(name in object)) add("is required", join(path, name));
    if (schema.minProperties !== undefined && keys.length < schema.minProperties) {
      add(`needs at least ${schema.minProperties} entr${schema.minProperties === 1 ? "y" : "ies"}`);
    }
    for (const key of keys) {
      const at = join(path, key);
      if (schema.propertyNames) {
        for (const problem of check(key, schema.propertyNames, at)) add(`name ${JSON.stringify(key)} ${problem.message}`, at);
      }
      const known = schema.properties?.[key];
      if (known) problems.push(...check(object[key], known, at));
      else if (schema.additionalProperties === false) add("is not a field of a campaign", at);
      else if (schema.additionalProperties && typeof schema.additionalProperties === "object") {
        problems.push(...check(object[key], schema.additionalProperties, at));
      }
    }
  }
  if (schema.oneOf) {
    const matching = schema.oneOf.filter((option) => check(value, option, path).length === 0).length;
    if (matching !== 1) add(matching === 0 ? "matches none of the allowed forms" : "matches more than one allowed form");
  }
  if (schema.if && schema.then && check(value, schema.if, path).length === 0) {
    problems.push(...check(value, schema.then, path));
  }
  return problems;
}

/** The problems keyed by field path (the first message of each), for showing under each field. */
export function byField(problems: Problem[]): Record<string, string> {
  const fields: Record<string, string> = {};
  for (const problem of problems) fields[problem.path || "(campaign)"] ??= problem.message;
  return fields;
}

/** The field problems an API error message names: the contract's "body.campaign.a.b: message",
 * or a definition's problem list ("  a.b: message" per line). */
export function problemsFromApi(message: string): Problem[] {
  const contract = /^body\.campaign((?:\.[^:\s]+|\[\d+\])*): (.*)$/s.exec(message);
  if (contract) {
    const path = contract[1].replace(/\[(\d+)\]/g, ".$1").replace(/^\./, "");
    return [{ path, message: contract[2] }];
  }
  const listed = [...message.matchAll(/^ {2}([A-Za-z0-9_.*#-]+|\(top level\)): (.+)$/gm)].map((match) => ({
    path: match[1] === "(top level)" ? "" : match[1],
    message: match[2],
  }));
  return listed.length ? listed : [{ path: "", message }];
}
