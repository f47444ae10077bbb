// kpibot overrides @prisma/streams-local with this stub (package.json "overrides"): the real package declares
// Node >= 22, which made `npm install` warn EBADENGINE on Node 20, and only `prisma dev` (a local Prisma Postgres
// for prototyping) ever loads it. kpibot uses SQLite or a real PostgreSQL, never `prisma dev`.
/** Refuses clearly instead of failing somewhere inside `prisma dev`. */
export async function startLocalDurableStreamsServer() {
  throw new Error(
    "`prisma dev` is not available in kpibot: @prisma/streams-local is stubbed (see package.json overrides).",
  );
}
