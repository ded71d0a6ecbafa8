// Module loader hooks for module-trace.mjs: record each loaded URL, then load it as usual.
import { appendFileSync } from "node:fs";

export async function load(url, context, nextLoad) {
  if (process.env.MODULE_TRACE_FILE) appendFileSync(process.env.MODULE_TRACE_FILE, `${url}\n`);
  return nextLoad(url, context);
}
