// Every `ork` command, in help order. Add a command by adding its registrar here.
import type { CommandRegistrar } from "../program.js";
import { registerInspectCommand } from "./inspect.js";
import { registerPullCommand } from "./pull.js";
import { registerPushCommand } from "./push.js";

export const commands: readonly CommandRegistrar[] = [
  registerPushCommand,
  registerPullCommand,
  registerInspectCommand,
];
