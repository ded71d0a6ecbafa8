// Child-process entry of the delay proxy (see delay-proxy.ts): runs test/support/fault-proxy.ts in a process of
// its own, so the proxy's work never competes with the measuring process for its event loop. Talks over IPC:
// sends {host} once listening, answers {ask: "requests"} with {requests}, exits on {ask: "close"}.
import { startFaultProxy } from "../../test/support/fault-proxy.js";

const [target, delay] = process.argv.slice(2);
if (!target || delay === undefined) throw new Error("usage: delay-proxy-process.ts <host:port> <delay-ms>");
const proxy = await startFaultProxy({ target, delayMs: Number(delay) });
process.on("message", (message: { ask?: string }) => {
  if (message.ask === "requests") process.send?.({ requests: proxy.requests() });
  if (message.ask === "close") void proxy.close().then(() => process.exit(0));
});
process.send?.({ host: proxy.host });
