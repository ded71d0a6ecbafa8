import { tsImport } from "tsx/esm/api";

export default async function globalTeardown() {
  const { default: stop } = await tsImport("./stop-for-jest.ts", import.meta.url);
  await stop();
}
