// zod compiles a specialised parser (new Function) for each object schema the first time it parses with it.
// One `ork` run parses a handful of documents per schema, so the compilation costs more than it saves: about
// 100 ms of a 600 ms `ork generate bundle` of the pattern zoo, and nothing measurable either way for 200
// katalogs × 5 CRDs (bench/compose-profile.ts). The operator keeps compiled parsers: it parses for hours.
// Only how zod checks changes, not what it accepts or the issues it reports. Imported for its effect by the
// commands that parse documents, before their first parse.
import { config } from "zod";

config({ jitless: true });
