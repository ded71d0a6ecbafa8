// A loopback proxy that adds latency to every registry request, in its own process (delay-proxy-process.ts):
// with the proxy inside the measuring process, its timers and piping competed with the client under test for
// one event loop and one core, so figures mixed the two. Counts requests, asked over IPC.
import { fork, type ChildProcess } from "node:child_process";
import { fileURLToPath } from "node:url";

export interface DelayProxy {
  /** `127.0.0.1:<port>`: use as the registry host. */
  host: string;
  /** Requests the proxy has seen so far. */
  requests(): Promise<number>;
  close(): Promise<void>;
}

const ENTRY = fileURLToPath(new URL("./delay-proxy-process.ts", import.meta.url));

export async function startDelayProxy(options: { target: string; delayMs: number }): Promise<DelayProxy> {
  const child = fork(ENTRY, [options.target, String(options.delayMs)], {
    execArgv: ["--import", "tsx"],
    stdio: ["ignore", "inherit", "inherit", "ipc"],
  });
  const host = await nextMessage<{ host: string }>(child, "host");
  return {
    host: host.host,
    async requests() {
      const answer = nextMessage<{ requests: number }>(child, "requests");
      child.send({ ask: "requests" });
      return (await answer).requests;
    },
    async close() {
      const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
      child.send({ ask: "close" });
      await exited;
    },
  };
}

function nextMessage<T extends object>(child: ChildProcess, key: string): Promise<T> {
  return new Promise((resolve, reject) => {
    const onMessage = (message: unknown) => {
      if (typeof message === "object" && message !== null && key in message) {
        cleanup();
        resolve(message as T);
      }
    };
    const onExit = (code: number | null) => {
      cleanup();
      reject(new Error(`delay proxy exited (code ${code}) before answering "${key}"`));
    };
    const cleanup = () => {
      child.off("message", onMessage);
      child.off("exit", onExit);
    };
    child.on("message", onMessage);
    child.once("exit", onExit);
  });
}
