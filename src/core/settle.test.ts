// Parallel work that fails the same way every time: the first failure in task order, or every invalid-input
// problem at once.
import { InvalidInputError, UsageError } from "./errors.js";
import { settleInOrder } from "./settle.js";

const problem = (file: string) => ({ file, path: "p", message: `bad ${file}`, severity: "error" as const });
const invalid = (file: string) => new InvalidInputError("InvalidDocument", [problem(file)]);
/** run()'s result, or its exception as the rejection, after ms. */
const later = <T>(ms: number, run: () => T) =>
  new Promise<void>((resolve) => setTimeout(resolve, ms)).then(run);

async function failure(tasks: Promise<unknown>[]): Promise<unknown> {
  try {
    await settleInOrder(tasks);
  } catch (error) {
    return error;
  }
  throw new Error("expected a failure");
}

describe("settleInOrder", () => {
  it("gives the values in task order, not completion order", async () => {
    await expect(
      settleInOrder([later(20, () => "a"), later(1, () => "b"), Promise.resolve("c")]),
    ).resolves.toEqual(["a", "b", "c"]);
    await expect(settleInOrder([])).resolves.toEqual([]);
  });

  it("waits for every task before failing, and reports the first failure in task order", async () => {
    let finished = false;
    const first = new UsageError("first");
    const error = await failure([
      later(15, () => {
        throw first;
      }),
      Promise.reject(new Error("second")),
      later(30, () => {
        finished = true;
      }),
    ]);
    expect(error).toBe(first);
    expect(finished).toBe(true);
  });

  it("merges every problem when all failures are invalid input, keeping the first one's reason", async () => {
    const merged = await failure([
      Promise.resolve(1),
      Promise.reject(invalid("a.yaml")),
      Promise.reject(new InvalidInputError("InvalidReference", [problem("b.yaml"), problem("c.yaml")])),
    ]);
    expect(merged).toBeInstanceOf(InvalidInputError);
    expect((merged as InvalidInputError).reason).toBe("InvalidDocument");
    expect((merged as InvalidInputError).problems.map((p) => p.file)).toEqual(["a.yaml", "b.yaml", "c.yaml"]);
  });

  it("passes a single invalid-input failure through as it is", async () => {
    const only = invalid("a.yaml");
    await expect(failure([Promise.reject(only), Promise.resolve(2)])).resolves.toBe(only);
  });

  it("does not merge when another kind of failure is among them", async () => {
    const error = await failure([Promise.reject(invalid("a.yaml")), Promise.reject(new Error("network"))]);
    expect(error).toBeInstanceOf(InvalidInputError);
    expect((error as InvalidInputError).problems).toHaveLength(1);
    const network = new Error("network");
    await expect(failure([Promise.reject(network), Promise.reject(invalid("a.yaml"))])).resolves.toBe(
      network,
    );
  });
});
