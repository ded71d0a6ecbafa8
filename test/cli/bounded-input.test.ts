// Issue 10 item 6 for the commands that read files the user names: `ork validate -f` and `ork upgrade katalog`
// read through the bounded reader. /dev/zero (size 0, never ends) and a FIFO nobody writes to must end at once
// with exit 1 naming the file, not grow memory or wait forever; an over-large regular file is refused by size.
import { execFileSync } from "node:child_process";
import { mkdtempSync, truncateSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { loadTestEnv } from "../env/state.js";
import { runOrk } from "../support/ork-cli.js";

let work: string;
beforeAll(() => {
  work = mkdtempSync(join(loadTestEnv().workDir, "cli-bounded-input-"));
  execFileSync("mkfifo", [join(work, "fifo.yaml")]);
  writeFileSync(join(work, "big.yaml"), "");
  truncateSync(join(work, "big.yaml"), 9 * 1024 * 1024);
});

// runOrk kills ork after 20 s: an unbounded read of /dev/zero or a blocked open of the FIFO ends that way,
// with a signal instead of exit 1.
const run = (args: string[]) => runOrk(args, { cwd: work, timeoutMs: 20_000 });

describe.each([
  ["validate", (file: string) => ["validate", "-f", file]],
  ["upgrade katalog", (file: string) => ["upgrade", "katalog", file, "-o", "-"]],
])("ork %s", (_name, argsFor) => {
  it.each(["/dev/zero", "fifo.yaml"])("refuses %s as not a regular file, exit 1", async (file) => {
    const result = await run(argsFor(file));
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(`${file}:`);
    expect(result.stderr).toContain("is not a regular file");
    expect(result.stderr).not.toMatch(/internal error|\n\s+at /);
  });

  it("refuses a regular file above the 8 MiB input limit by its size", async () => {
    const result = await run(argsFor("big.yaml"));
    expect(result.code).toBe(1);
    expect(result.stderr).toContain("big.yaml:");
    expect(result.stderr).toMatch(/is 9437184 bytes, above the 8388608-byte limit/);
  });
});
