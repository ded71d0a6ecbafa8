// src/api/runtime-schema owns the model of upstream Orkestra's Katalog schema per runtime generation: one
// declarative description per generation (generation-N.ts, in the language of description.ts), the moves
// between generations (moves.ts), the known runtime versions (generations.ts), and strict zod validators built
// from the descriptions on first use (to-zod.ts). Detection, conversion and checking live in
// src/core/runtime-schema, shared by the CLI and the operator.
import type { SchemaDescription } from "./description.js";
import { GENERATION_1 } from "./generation-1.js";
import { GENERATION_2 } from "./generation-2.js";
import { GENERATION_3 } from "./generation-3.js";
import type { GenerationNumber } from "./generations.js";

const DESCRIPTIONS: Readonly<Record<GenerationNumber, SchemaDescription>> = {
  1: GENERATION_1,
  2: GENERATION_2,
  3: GENERATION_3,
};

export function descriptionOf(generation: GenerationNumber): SchemaDescription {
  return DESCRIPTIONS[generation];
}
