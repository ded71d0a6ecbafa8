// Waits for every task and fails deterministically: tasks run in parallel, but which error is reported must not
// depend on timing. Invalid-input errors are merged so the user sees every problem at once.
import { InvalidInputError } from "./errors.js";

export async function settleInOrder<T>(tasks: readonly Promise<T>[]): Promise<T[]> {
  const results = await Promise.allSettled(tasks);
  const values: T[] = [];
  const failures: unknown[] = [];
  for (const r of results) {
    if (r.status === "fulfilled") values.push(r.value);
    else failures.push(r.reason);
  }
  if (failures.length === 0) return values;
  const invalid = failures.filter((f): f is InvalidInputError => f instanceof InvalidInputError);
  if (failures.length > 1 && invalid.length === failures.length) {
    throw new InvalidInputError(
      invalid[0]!.reason,
      invalid.flatMap((f) => f.problems),
    );
  }
  throw failures[0];
}
