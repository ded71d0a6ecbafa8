// Preloaded with NODE_OPTIONS=--import=<this file> to list every module a process loads (one URL a line in
// $MODULE_TRACE_FILE): how test/cli/startup.test.ts proves that `ork --version` loads no composition code.
import { register } from "node:module";

register(new URL("./module-trace-hooks.mjs", import.meta.url));
