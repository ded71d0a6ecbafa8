// The error a call throws (or a promise rejects with), checked to be of the expected class: for tests that
// go on to assert the error's reason, problems or message. Anything else thrown fails the test as it is.

type ErrorClass<E extends Error> = abstract new (...args: never[]) => E;

export function thrownBy<E extends Error>(run: () => unknown, type: ErrorClass<E>): E {
  try {
    run();
  } catch (error) {
    if (error instanceof type) return error;
    throw error;
  }
  throw new Error(`expected ${type.name}, nothing was thrown`);
}

export async function rejectedWith<E extends Error>(
  promise: Promise<unknown>,
  type: ErrorClass<E>,
): Promise<E> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof type) return error;
    throw error;
  }
  throw new Error(`expected ${type.name}, the promise resolved`);
}
