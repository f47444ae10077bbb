-- Answer cache (docs/architecture.md, "Answer cache"): one version per source of KPI figures, moved by a trigger
-- in the same transaction as every write to the source's tables, whoever writes (kpibot, its CLI, another
-- replica, an operator's SQL). A cached answer is used only while the versions it was computed under are current.
-- SQLite triggers are row-level only: each written row moves the version (about 3 µs a row on a bulk insert).
-- CreateTable
CREATE TABLE "data_versions" (
    "source" TEXT NOT NULL PRIMARY KEY,
    "version" BIGINT NOT NULL DEFAULT 0
);

INSERT INTO "data_versions" ("source") VALUES ('tickets'), ('changes'), ('costs'), ('assets'), ('staff'), ('time'), ('shadow_it'), ('portal'), ('surveys'), ('targets');

CREATE TRIGGER "tickets_data_version_insert" AFTER INSERT ON "tickets"
BEGIN UPDATE "data_versions" SET "version" = "version" + 1 WHERE "source" = 'tickets'; END;

CREATE TRIGGER "tickets_data_version_update" AFTER UPDATE ON "tickets"
BEGIN UPDATE "data_versions" SET "version" = "version" + 1 WHERE "source" = 'tickets'; END;

CREATE TRIGGER "tickets_data_version_delete" AFTER DELETE ON "tickets"
BEGIN UPDATE "data_versions" SET "version" = "version" + 1 WHERE "source" = 'tickets'; END;

CREATE TRIGGER "changes_data_version_insert" AFTER INSERT ON "changes"
BEGIN UPDATE "data_versions" SET "version" = "version" + 1 WHERE "source" = 'changes'; END;

CREATE TRIGGER "changes_data_version_update" AFTER UPDATE ON "changes"
BEGIN UPDATE "data_versions" SET "version" = "version" + 1 WHERE "source" = 'changes'; END;

CREATE TRIGGER "changes_data_version_delete" AFTER DELETE ON "changes"
BEGIN UPDATE "data_versions" SET "version" = "version" + 1 WHERE "source" = 'changes'; END;

CREATE TRIGGER "cost_lines_data_version_insert" AFTER INSERT ON "cost_lines"
BEGIN UPDATE "data_versions" SET "version" = "version" + 1 WHERE "source" = 'costs'; END;

CREATE TRIGGER "cost_lines_data_version_update" AFTER UPDATE ON "cost_lines"
BEGIN UPDATE "data_versions" SET "version" = "version" + 1 WHERE "source" = 'costs'; END;

CREATE TRIGGER "cost_lines_data_version_delete" AFTER DELETE ON "cost_lines"
BEGIN UPDATE "data_versions" SET "version" = "version" + 1 WHERE "source" = 'costs'; END;

CREATE TRIGGER "asset_counts_data_version_insert" AFTER INSERT ON "asset_counts"
BEGIN UPDATE "data_versions" SET "version" = "version" + 1 WHERE "source" = 'assets'; END;

CREATE TRIGGER "asset_counts_data_version_update" AFTER UPDATE ON "asset_counts"
BEGIN UPDATE "data_versions" SET "version" = "version" + 1 WHERE "source" = 'assets'; END;

CREATE TRIGGER "asset_counts_data_version_delete" AFTER DELETE ON "asset_counts"
BEGIN UPDATE "data_versions" SET "version" = "version" + 1 WHERE "source" = 'assets'; END;

CREATE TRIGGER "staff_allocations_data_version_insert" AFTER INSERT ON "staff_allocations"
BEGIN UPDATE "data_versions" SET "version" = "version" + 1 WHERE "source" = 'staff'; END;

CREATE TRIGGER "staff_allocations_data_version_update" AFTER UPDATE ON "staff_allocations"
BEGIN UPDATE "data_versions" SET "version" = "version" + 1 WHERE "source" = 'staff'; END;

CREATE TRIGGER "staff_allocations_data_version_delete" AFTER DELETE ON "staff_allocations"
BEGIN UPDATE "data_versions" SET "version" = "version" + 1 WHERE "source" = 'staff'; END;

CREATE TRIGGER "time_entries_data_version_insert" AFTER INSERT ON "time_entries"
BEGIN UPDATE "data_versions" SET "version" = "version" + 1 WHERE "source" = 'time'; END;

CREATE TRIGGER "time_entries_data_version_update" AFTER UPDATE ON "time_entries"
BEGIN UPDATE "data_versions" SET "version" = "version" + 1 WHERE "source" = 'time'; END;

CREATE TRIGGER "time_entries_data_version_delete" AFTER DELETE ON "time_entries"
BEGIN UPDATE "data_versions" SET "version" = "version" + 1 WHERE "source" = 'time'; END;

CREATE TRIGGER "shadow_it_findings_data_version_insert" AFTER INSERT ON "shadow_it_findings"
BEGIN UPDATE "data_versions" SET "version" = "version" + 1 WHERE "source" = 'shadow_it'; END;

CREATE TRIGGER "shadow_it_findings_data_version_update" AFTER UPDATE ON "shadow_it_findings"
BEGIN UPDATE "data_versions" SET "version" = "version" + 1 WHERE "source" = 'shadow_it'; END;

CREATE TRIGGER "shadow_it_findings_data_version_delete" AFTER DELETE ON "shadow_it_findings"
BEGIN UPDATE "data_versions" SET "version" = "version" + 1 WHERE "source" = 'shadow_it'; END;

CREATE TRIGGER "portal_usage_data_version_insert" AFTER INSERT ON "portal_usage"
BEGIN UPDATE "data_versions" SET "version" = "version" + 1 WHERE "source" = 'portal'; END;

CREATE TRIGGER "portal_usage_data_version_update" AFTER UPDATE ON "portal_usage"
BEGIN UPDATE "data_versions" SET "version" = "version" + 1 WHERE "source" = 'portal'; END;

CREATE TRIGGER "portal_usage_data_version_delete" AFTER DELETE ON "portal_usage"
BEGIN UPDATE "data_versions" SET "version" = "version" + 1 WHERE "source" = 'portal'; END;

CREATE TRIGGER "surveys_data_version_insert" AFTER INSERT ON "surveys"
BEGIN UPDATE "data_versions" SET "version" = "version" + 1 WHERE "source" = 'surveys'; END;

CREATE TRIGGER "surveys_data_version_update" AFTER UPDATE ON "surveys"
BEGIN UPDATE "data_versions" SET "version" = "version" + 1 WHERE "source" = 'surveys'; END;

CREATE TRIGGER "surveys_data_version_delete" AFTER DELETE ON "surveys"
BEGIN UPDATE "data_versions" SET "version" = "version" + 1 WHERE "source" = 'surveys'; END;

CREATE TRIGGER "survey_questions_data_version_insert" AFTER INSERT ON "survey_questions"
BEGIN UPDATE "data_versions" SET "version" = "version" + 1 WHERE "source" = 'surveys'; END;

CREATE TRIGGER "survey_questions_data_version_update" AFTER UPDATE ON "survey_questions"
BEGIN UPDATE "data_versions" SET "version" = "version" + 1 WHERE "source" = 'surveys'; END;

CREATE TRIGGER "survey_questions_data_version_delete" AFTER DELETE ON "survey_questions"
BEGIN UPDATE "data_versions" SET "version" = "version" + 1 WHERE "source" = 'surveys'; END;

CREATE TRIGGER "survey_answers_data_version_insert" AFTER INSERT ON "survey_answers"
BEGIN UPDATE "data_versions" SET "version" = "version" + 1 WHERE "source" = 'surveys'; END;

CREATE TRIGGER "survey_answers_data_version_update" AFTER UPDATE ON "survey_answers"
BEGIN UPDATE "data_versions" SET "version" = "version" + 1 WHERE "source" = 'surveys'; END;

CREATE TRIGGER "survey_answers_data_version_delete" AFTER DELETE ON "survey_answers"
BEGIN UPDATE "data_versions" SET "version" = "version" + 1 WHERE "source" = 'surveys'; END;

CREATE TRIGGER "kpi_targets_data_version_insert" AFTER INSERT ON "kpi_targets"
BEGIN UPDATE "data_versions" SET "version" = "version" + 1 WHERE "source" = 'targets'; END;

CREATE TRIGGER "kpi_targets_data_version_update" AFTER UPDATE ON "kpi_targets"
BEGIN UPDATE "data_versions" SET "version" = "version" + 1 WHERE "source" = 'targets'; END;

CREATE TRIGGER "kpi_targets_data_version_delete" AFTER DELETE ON "kpi_targets"
BEGIN UPDATE "data_versions" SET "version" = "version" + 1 WHERE "source" = 'targets'; END;
