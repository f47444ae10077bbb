// `npx tsx bench/load.ts [flags]` — the load bench alone (also `npm run bench -- --load`): see bench/load-main.ts.
import { loadCli } from "./load-main.js";

process.exitCode = await loadCli(process.argv.slice(2));
