-- KPI covering indexes (issue 3, measured by `npm run bench`; see docs/readme/bench.md).
-- Every ticket KPI is an aggregate over the tickets resolved (or opened) in a period. With these two indexes
-- the period is one range of an index that holds every column the formulas read, plus the most used
-- breakdown/filter columns (group, service, priority), so SQLite never visits the table rows ("USING
-- COVERING INDEX"). They replace five narrower indexes: the single-column resolved_at/opened_at ones (their
-- prefixes) and (group|service, resolved_at), (channel, opened_at). After ANALYZE, SQLite picked those
-- three for skip-scans over a year (ANY(service) AND resolved_at>?), reading table rows, 2-4× slower than the
-- covering range; and three indexes fewer make imports cheaper.

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
CREATE INDEX "tickets_resolved_kpi_idx" ON "tickets"("resolved_at", "opened_at", "resolution_due_at", "first_contact_resolution", "support_level", "reopen_count", "automated", "group_name", "service", "priority");

-- CreateIndex: sla-response, mtta, volume, channel-mix (tickets opened in a period)
CREATE INDEX "tickets_opened_kpi_idx" ON "tickets"("opened_at", "first_response_at", "response_due_at", "channel", "kind", "group_name", "service", "priority");
