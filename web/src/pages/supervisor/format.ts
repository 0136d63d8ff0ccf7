/** How the supervisor pages print a figure: rates as percentages, durations as m:ss. */

export function duration(seconds: number | null | undefined): string {
  if (seconds === null || seconds === undefined || Number.isNaN(seconds)) return "–";
  const whole = Math.max(0, Math.round(seconds));
  const hours = Math.floor(whole / 3600);
  const minutes = Math.floor((whole % 3600) / 60);
  const rest = String(whole % 60).padStart(2, "0");
  return hours ? `${hours}:${String(minutes).padStart(2, "0")}:${rest}` : `${minutes}:${rest}`;
}

export function percent(fraction: number | null | undefined): string {
  if (fraction === null || fraction === undefined) return "–";
  return `${(fraction * 100).toFixed(1)}%`;
}

/** A metric by its name's convention: ``*_s`` seconds, ``*_rate``/shares/levels fractions. */
export function figure(name: string, value: unknown): string {
  if (value === null || value === undefined) return "–";
  if (typeof value !== "number") return String(value);
  if (name.endsWith("_s")) return duration(value);
  if (isFraction(name)) return percent(value);
  return Number.isInteger(value) ? String(value) : value.toFixed(2);
}

export function isFraction(name: string): boolean {
  return /(_rate|_share_good|^service_level|first_contact_resolution)$/.test(name);
}
