// Temporary files and folders a command is writing (`ork pull`'s staging folder, `-o FILE`'s temp file). The
// composition root (main.ts) removes whatever is still registered when SIGINT or SIGTERM ends the process, so
// an interrupted command leaves nothing behind; each writer unregisters its path once it is renamed or removed.
import { rmSync } from "node:fs";

const registered = new Set<string>();

/** Registers a temporary path for removal on SIGINT/SIGTERM; call the returned function once it is gone. */
export function trackTempPath(path: string): () => void {
  registered.add(path);
  return () => registered.delete(path);
}

/** Removes every registered path, synchronously (it runs in a signal handler, right before exit). */
export function removeTempPaths(): void {
  for (const path of registered) rmSync(path, { recursive: true, force: true });
  registered.clear();
}
