-- KPI covering indexes (issue 3, measured by `npm run bench`).
-- Every ticket KPI is an aggregate over the tickets resolved (or opened) in a period. With these indexes
-- the period is one range of the index and every column the formulas read is in the index, so SQLite
-- never visits the table rows ("USING COVERING INDEX"). group_name is included because "by group" is the
-- most common breakdown and filter. They replace the single-column indexes they start with.

-- DropIndex
DROP INDEX "tickets_resolved_at_idx";

-- DropIndex
DROP INDEX "tickets_opened_at_idx";

-- CreateIndex: fcr, sla, escalation, mttr, reopen, automation, backlog (tickets resolved in a period / open at an end)
CREATE INDEX "tickets_resolved_kpi_idx" ON "tickets"("resolved_at", "opened_at", "resolution_due_at", "first_contact_resolution", "support_level", "reopen_count", "automated", "group_name");

-- CreateIndex: sla-response, mtta, volume, channel-mix (tickets opened in a period)
CREATE INDEX "tickets_opened_kpi_idx" ON "tickets"("opened_at", "first_response_at", "response_due_at", "channel", "kind", "group_name");
