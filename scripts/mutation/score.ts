// The mutation score from Stryker's incremental results (mutation-testing-report-schema JSON). Stryker's own
// score covers one run; ours adds up every chunk of an area. Killed and timed-out mutants count as detected;
// survivors and mutants no test reaches count against; mutants that do not compile (the TypeScript checker
// refused them), that crash at load, or that are ignored do not count, as in Stryker's own formula.
export type MutantStatus =
  "Killed" | "Timeout" | "Survived" | "NoCoverage" | "CompileError" | "RuntimeError" | "Ignored" | "Pending";

export interface ReportMutant {
  id: string;
  mutatorName: string;
  replacement?: string;
  status: MutantStatus;
  location: { start: { line: number; column: number } };
}

export interface MutationReport {
  files: Record<string, { mutants: ReportMutant[] }>;
}

export interface FileScore {
  file: string;
  detected: number;
  undetected: number;
  invalid: number;
  /** Percent, or undefined when no valid mutant exists. */
  score: number | undefined;
  survivors: ReportMutant[];
}

export function scoreFile(file: string, mutants: readonly ReportMutant[]): FileScore {
  let detected = 0;
  let undetected = 0;
  let invalid = 0;
  const survivors: ReportMutant[] = [];
  for (const mutant of mutants) {
    if (mutant.status === "Killed" || mutant.status === "Timeout") detected += 1;
    else if (mutant.status === "Survived" || mutant.status === "NoCoverage") {
      undetected += 1;
      survivors.push(mutant);
    } else invalid += 1;
  }
  const valid = detected + undetected;
  return {
    file,
    detected,
    undetected,
    invalid,
    score: valid === 0 ? undefined : (100 * detected) / valid,
    survivors,
  };
}

/** Scores of the given files; a file with no result is reported as missing rather than guessed. */
export function scoreArea(
  files: readonly string[],
  reports: readonly MutationReport[],
): { perFile: FileScore[]; missing: string[]; total: FileScore } {
  const mutantsOf = new Map<string, ReportMutant[]>();
  for (const report of reports) {
    for (const [file, entry] of Object.entries(report.files)) mutantsOf.set(file, entry.mutants);
  }
  const perFile: FileScore[] = [];
  const missing: string[] = [];
  for (const file of files) {
    const mutants = mutantsOf.get(file);
    if (mutants === undefined) missing.push(file);
    else perFile.push(scoreFile(file, mutants));
  }
  return { perFile, missing, total: sumScores(perFile) };
}

function sumScores(scores: readonly FileScore[]): FileScore {
  const detected = scores.reduce((sum, entry) => sum + entry.detected, 0);
  const undetected = scores.reduce((sum, entry) => sum + entry.undetected, 0);
  const invalid = scores.reduce((sum, entry) => sum + entry.invalid, 0);
  const valid = detected + undetected;
  return {
    file: "all",
    detected,
    undetected,
    invalid,
    score: valid === 0 ? undefined : (100 * detected) / valid,
    survivors: scores.flatMap((entry) => entry.survivors),
  };
}
