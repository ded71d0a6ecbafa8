// Every `ork` command, in help order. Add a command by adding its registrar here.
import type { CommandRegistrar } from "../program.js";

export const commands: readonly CommandRegistrar[] = [];
