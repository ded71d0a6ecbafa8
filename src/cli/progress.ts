// Progress for long resolutions: on a TTY, one line on stderr that is rewritten as artifacts arrive; nothing
// otherwise (scripts and CI logs stay clean). Wraps a fetcher, so the core does not know about terminals.
import type { ArtifactFetcher, ArtifactReference, FetchOptions, FetchedArtifact } from "../core/artifact.js";
import { formatReference } from "../core/reference.js";
import { escapeControlCharacters } from "../core/terminal-text.js";

export interface ProgressStream {
  write(text: string): boolean;
  isTTY?: boolean;
}

export function withProgress(
  fetcher: ArtifactFetcher,
  stream: ProgressStream,
): { fetcher: ArtifactFetcher; done(): void } {
  if (!stream.isTTY) return { fetcher, done: () => undefined };
  let started = 0;
  let finished = 0;
  let last = "";
  const draw = (): void => {
    stream.write(`\r\x1b[2KResolving imports: ${finished}/${started} ${last}`);
  };
  return {
    fetcher: {
      async fetch(ref: ArtifactReference, options?: FetchOptions): Promise<FetchedArtifact> {
        started += 1;
        last = escapeControlCharacters(formatReference(ref));
        draw();
        try {
          return await fetcher.fetch(ref, options);
        } finally {
          finished += 1;
          draw();
        }
      },
    },
    done: () => {
      if (started > 0) stream.write("\r\x1b[2K");
    },
  };
}
