// Runs docs/argocd/health.lua the way Argo CD does — the live object in the global `obj`, the script's return
// value read as {status, message} — with Debian's real Lua 5.1 interpreter (Argo CD embeds gopher-lua, a Lua
// 5.1). JSON becomes a Lua table literal here, so the harness needs no Lua JSON library.
import { execFile } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

export const HEALTH_LUA = fileURLToPath(new URL("../../docs/argocd/health.lua", import.meta.url));
export const LUA = "lua5.1";

export interface Health {
  status: string;
  message: string;
}

function luaString(s: string): string {
  let out = '"';
  for (const byte of Buffer.from(s, "utf8")) {
    const ch = String.fromCharCode(byte);
    if (ch === '"' || ch === "\\") out += `\\${ch}`;
    else if (byte < 0x20 || byte === 0x7f) out += `\\${byte.toString().padStart(3, "0")}`;
    else if (byte < 0x80) out += ch;
    else out += `\\${byte}`;
  }
  return `${out}"`;
}

/** A Lua expression for a JSON value: objects and arrays become tables (arrays 1-based), null becomes nil. */
export function toLua(value: unknown): string {
  if (value === null || value === undefined) return "nil";
  if (typeof value === "string") return luaString(value);
  if (typeof value === "number") {
    if (!Number.isFinite(value)) throw new Error(`not a JSON number: ${value}`);
    return String(value);
  }
  if (typeof value === "boolean") return value ? "true" : "false";
  if (Array.isArray(value)) return `{${value.map(toLua).join(", ")}}`;
  if (typeof value === "object") {
    const fields = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== null && v !== undefined)
      .map(([k, v]) => `[${luaString(k)}] = ${toLua(v)}`);
    return `{${fields.join(", ")}}`;
  }
  throw new Error(`not a JSON value: ${typeof value}`);
}

const dir = mkdtempSync(join(tmpdir(), "argocd-health-"));
let counter = 0;

/** Evaluates the health script against `obj`; rejects when Lua fails or the result is not {status, message}. */
export function evaluateHealth(obj: unknown, script: string = HEALTH_LUA): Promise<Health> {
  const harness = join(dir, `harness-${counter++}.lua`);
  writeFileSync(
    harness,
    [
      `obj = ${toLua(obj)}`,
      `local hs = dofile(${luaString(script)})`,
      `assert(type(hs) == "table", "health.lua must return a table")`,
      `assert(type(hs.status) == "string", "hs.status must be a string")`,
      `io.write(hs.status, "\\n", tostring(hs.message or ""))`,
      "",
    ].join("\n"),
  );
  return new Promise((resolve, reject) => {
    execFile(LUA, [harness], { encoding: "utf8", timeout: 10_000 }, (error, stdout, stderr) => {
      if (error) return reject(new Error(`${LUA} ${harness} failed: ${stderr || error.message}`));
      const newline = stdout.indexOf("\n");
      resolve({ status: stdout.slice(0, newline), message: stdout.slice(newline + 1) });
    });
  });
}
