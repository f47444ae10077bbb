-- The ITSM tool's own SLA verdict on a ticket (ServiceNow `made_sla`, Jira Service Management's `breached`),
-- when it gives one. Tools pause SLA clocks (waiting for the customer, outside business hours), which a plain
-- resolved_at <= resolution_due_at comparison cannot see: the `sla` KPI uses this verdict when it is present.

-- AlterTable
ALTER TABLE "tickets" ADD COLUMN "sla_met" BOOLEAN;

-- DropIndex
DROP INDEX "tickets_resolved_kpi_idx";

-- CreateIndex: the resolved-tickets covering index now holds sla_met too (the sla KPI reads it)
CREATE INDEX "tickets_resolved_kpi_idx" ON "tickets"("resolved_at", "opened_at", "resolution_due_at", "sla_met", "first_contact_resolution", "support_level", "reopen_count", "automated", "group_name", "service", "priority");
