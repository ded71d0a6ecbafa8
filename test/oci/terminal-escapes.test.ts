// Issue 10 item 8: text from a registry reaches the terminal (titles, annotations, error bodies). A hostile
// registry must not be able to send control sequences through `ork` (retitle the terminal, clear the screen,
// overwrite a line with CR): file titles with control characters are refused, everything else is printed with
// them made visible. JSON output stays JSON (and keeps the exact value).
import { existsSync, mkdtempSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { loadTestEnv } from "../env/state.js";
import { startFakeRegistry, type FakeRegistry } from "../support/fake-registry.js";
import { katalogText } from "../support/oci-fixtures.js";
import { runOrk } from "../support/ork-cli.js";

const HOSTILE = "\u001b]0;pwned\u0007\u001b[2J\rOK\u009b31m";
// eslint-disable-next-line no-control-regex
const RAW_CONTROL = /[\u0000-\u0009\u000b-\u001f\u007f-\u009f]/;
const enc = new TextEncoder();
let registry: FakeRegistry;
let work: string;
beforeAll(async () => {
  work = mkdtempSync(join(loadTestEnv().workDir, "terminal-escapes-"));
  registry = await startFakeRegistry();
});
afterAll(() => registry.close());

describe("control characters from a registry", () => {
  it("refuses a file title with control characters (ork pull), naming it escaped, writing nothing", async () => {
    registry.put("evil/title", "v1", {
      layers: [
        { title: "katalog.yaml", bytes: enc.encode(katalogText()) },
        { title: `notes${HOSTILE}.txt`, bytes: enc.encode("x") },
      ],
    });
    const out = join(work, "title");
    const result = await runOrk(["pull", `${registry.host}/evil/title:v1`, "-o", out]);
    expect(result.code).toBe(3);
    expect(result.stderr).toContain(
      'file title "notes\\x1b]0;pwned\\x07\\x1b[2J\\x0dOK\\x9b31m.txt" contains control',
    );
    expect(result.stderr).not.toMatch(RAW_CONTROL);
    expect(existsSync(out)).toBe(false);
  });

  it("prints annotations (quality signals) with control characters made visible (ork inspect)", async () => {
    registry.put("evil/annotations", "v1", {
      layers: [{ title: "katalog.yaml", bytes: enc.encode(katalogText()) }],
      annotations: {
        "org.opencontainers.image.created": `2026-01-01${HOSTILE}`,
        "io.orkestra.pattern.kind": "Katalog",
        "io.orkestra.pattern.name": `web${HOSTILE}`,
        "io.orkestra.pattern.author": `me${HOSTILE}`,
        "io.orkestra.e2e.status": `passed${HOSTILE}`,
        "io.orkestra.katalog.deprecated": "true",
        "io.orkestra.katalog.message": `use ${HOSTILE}`,
      },
    });
    const ref = `${registry.host}/evil/annotations:v1`;
    const text = await runOrk(["inspect", ref]);
    expect(text.code).toBe(0);
    expect(text.stdout).not.toMatch(RAW_CONTROL);
    expect(text.stdout).toContain("web\\x1b]0;pwned\\x07");
    const json = await runOrk(["inspect", ref, "--output", "json"]);
    expect(json.code).toBe(0);
    expect(json.stdout).not.toMatch(RAW_CONTROL);
    const parsed = JSON.parse(json.stdout) as { annotations: Record<string, string> };
    expect(parsed.annotations["io.orkestra.pattern.name"]).toBe(`web${HOSTILE}`);
  });

  it("quotes a registry's error body with control characters made visible (ork push)", async () => {
    registry.fail("evil/body", 400, `manifest invalid${HOSTILE}`, "PUT");
    const folder = mkdtempSync(join(work, "body-"));
    writeFileSync(join(folder, "katalog.yaml"), katalogText());
    const result = await runOrk(["push", `${registry.host}/evil/body:v1`, folder]);
    expect(result.code).toBe(3);
    expect(result.stderr).toContain("manifest invalid\\x1b]0;pwned\\x07");
    expect(result.stderr).not.toMatch(RAW_CONTROL);
  });
});
