// Paths inside a folder we publish or read: a symbolic link may point anywhere on disk (`docs/x ->
// ~/.docker/config.json`) or at itself. `resolveInside` follows it and accepts the result only when it stays in
// the folder, so what leaves the machine is only ever what the folder holds.
import { realpath } from "node:fs/promises";
import { relative, isAbsolute } from "node:path";
import { InvalidInputError } from "../core/errors.js";

/**
 * The real path of `path`, which must be `root` (a real path) or below it; errors name `path` as given.
 */
export async function resolveInside(root: string, path: string): Promise<string> {
  let target: string;
  try {
    target = await realpath(path);
  } catch (error: unknown) {
    const code = (error as NodeJS.ErrnoException).code;
    const why =
      code === "ELOOP"
        ? "is a symbolic link loop"
        : code === "ENOENT"
          ? "is a symbolic link to nothing (dangling)"
          : `cannot be resolved (${code ?? "error"})`;
    throw unsafe(path, `${why}; remove it or replace it with the file itself`);
  }
  if (!isInside(root, target)) {
    throw unsafe(
      path,
      `is a symbolic link to ${target}, outside the folder; refusing to read it — copy the file into the folder if it belongs there`,
    );
  }
  return target;
}

export function isInside(root: string, target: string): boolean {
  const rel = relative(root, target);
  return rel === "" || (!rel.startsWith("..") && !isAbsolute(rel));
}

/** A directory link that leads back to a folder already being walked. */
export function loopError(path: string): InvalidInputError {
  return unsafe(path, "is a symbolic link loop (it leads back to a folder above it); remove it");
}

function unsafe(file: string, message: string): InvalidInputError {
  return new InvalidInputError("UnsafePath", [{ file, path: "", message, severity: "error" }]);
}
