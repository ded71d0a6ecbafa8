// Every `ork` command, in help order. Add a command by adding its registrar here.
import type { CommandRegistrar } from "../program.js";
import { registerGenerateCommand } from "./generate.js";
import { registerInitCommand } from "./init.js";
import { registerInspectCommand } from "./inspect.js";
import { registerPlanCommand } from "./plan.js";
import { registerPullCommand } from "./pull.js";
import { registerPushCommand } from "./push.js";
import { registerReconcileCommand } from "./reconcile.js";
import { registerUpgradeCommand } from "./upgrade.js";
import { registerValidateCommand } from "./validate.js";

export const commands: readonly CommandRegistrar[] = [
  registerGenerateCommand,
  registerValidateCommand,
  registerPlanCommand,
  registerPushCommand,
  registerPullCommand,
  registerInspectCommand,
  registerInitCommand,
  registerUpgradeCommand,
  registerReconcileCommand,
];
