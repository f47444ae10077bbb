-- KPI covering indexes (issue 3, measured by `npm run bench`; see docs/readme/bench.md).
-- Every ticket KPI is an aggregate over the tickets resolved (or opened) in a period. The period is a range
-- of the key column; the columns the formulas read, plus the most used breakdown/filter columns (group,
-- service, priority), are INCLUDEd, so PostgreSQL answers with an index-only scan once VACUUM has set the
-- visibility map (run VACUUM ANALYZE after a bulk load). They replace five narrower indexes: the
-- single-column resolved_at/opened_at ones (same key) and (group|service, resolved_at), (channel, opened_at),
-- which filters now read from the covering indexes; three indexes fewer make imports cheaper.
-- The Prisma schema lists the INCLUDE columns after the key column: Prisma cannot express INCLUDE and its
-- introspection reports included columns as key columns (prisma/prisma#8547), so this matches what it sees.

-- DropIndex
DROP INDEX "tickets_resolved_at_idx";

-- DropIndex
DROP INDEX "tickets_opened_at_idx";

-- DropIndex
DROP INDEX "tickets_group_resolved_at_idx";

-- DropIndex
DROP INDEX "tickets_service_resolved_at_idx";

-- DropIndex
DROP INDEX "tickets_channel_opened_at_idx";

-- CreateIndex: fcr, sla, escalation, mttr, reopen, automation, backlog (tickets resolved in a period / open at an end)
CREATE INDEX "tickets_resolved_kpi_idx" ON "tickets"("resolved_at") INCLUDE ("opened_at", "resolution_due_at", "first_contact_resolution", "support_level", "reopen_count", "automated", "group_name", "service", "priority");

-- CreateIndex: sla-response, mtta, volume, channel-mix (tickets opened in a period)
CREATE INDEX "tickets_opened_kpi_idx" ON "tickets"("opened_at") INCLUDE ("first_response_at", "response_due_at", "channel", "kind", "group_name", "service", "priority");
