// Durations as users write them on command lines: `90s`, `5m`, `1h`, `500ms`, or combined (`1m30s`), as Go's
// and kubectl's flags take them. A bare number is refused: seconds or milliseconds would be a guess.
import { UsageError } from "./errors.js";

const UNIT_MS: Readonly<Record<string, number>> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000 };
const WHOLE = /^(?:\d+(?:\.\d+)?(?:ms|s|m|h))+$/;
const PART = /(\d+(?:\.\d+)?)(ms|s|m|h)/g;

/** Milliseconds in `text`; a UsageError naming `flag` when it is not a positive duration. */
export function parseDuration(text: string, flag: string): number {
  const value = text.trim();
  if (!WHOLE.test(value)) {
    throw new UsageError(`${flag}: "${text}" is not a duration; write e.g. 90s, 5m or 1h30m`);
  }
  let ms = 0;
  for (const [, amount, unit] of value.matchAll(PART)) ms += Number(amount) * (UNIT_MS[unit ?? ""] ?? 0);
  if (ms <= 0 || !Number.isFinite(ms) || ms > 2 ** 31 - 1) {
    throw new UsageError(`${flag}: "${text}" must be more than 0 and at most 24 days`);
  }
  return Math.round(ms);
}
