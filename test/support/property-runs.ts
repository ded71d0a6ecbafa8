// How many cases a property or fuzz test tries. PROPERTY_RUNS_SCALE shrinks every count at once: the mutation
// run (`npm run test:mutation`) runs the tests covering a mutant once per mutant, and at full counts two
// property tests alone cost 11 s per mutant there. Properties stay in force at the smaller count; the exact
// examples beside them are what kill most mutants. Never below 5 runs, so a scaled property still explores.
export function propertyRuns(runs: number): number {
  const scale = Number(process.env.PROPERTY_RUNS_SCALE ?? "1");
  if (!Number.isFinite(scale) || scale <= 0 || scale >= 1) return runs;
  return Math.max(5, Math.round(runs * scale));
}
