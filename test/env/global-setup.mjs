// jest runs globalSetup outside its module system, where `.js` specifiers are not mapped to `.ts` files;
// tsx loads the TypeScript harness with the same resolution the rest of the project uses.
import { tsImport } from "tsx/esm/api";

export default async function globalSetup() {
  const { default: start } = await tsImport("./start-for-jest.ts", import.meta.url);
  await start();
}
