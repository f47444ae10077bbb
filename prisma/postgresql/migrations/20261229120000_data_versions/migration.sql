-- Answer cache (docs/architecture.md, "Answer cache"): one version per source of KPI figures, moved by a trigger
-- in the same transaction as every write to the source's tables, whoever writes (kpibot, its CLI, another
-- replica, an operator's SQL). A cached answer is used only while the versions it was computed under are current.
-- PostgreSQL: one statement-level trigger per table (TRUNCATE included) moves the version once per transaction
-- and source (a transaction-local setting remembers it), so a COPY of a million rows costs one UPDATE. The row lock
-- this takes is held until commit: writers of the same source commit one after another.
-- CreateTable
CREATE TABLE "data_versions" (
    "source" TEXT NOT NULL,
    "version" BIGINT NOT NULL DEFAULT 0,

    CONSTRAINT "data_versions_pkey" PRIMARY KEY ("source")
);

INSERT INTO "data_versions" ("source") VALUES ('tickets'), ('changes'), ('costs'), ('assets'), ('staff'), ('time'), ('shadow_it'), ('portal'), ('surveys'), ('targets');

CREATE FUNCTION "kpibot_bump_data_version"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF current_setting('kpibot.data_version_' || TG_ARGV[0], true) IS DISTINCT FROM 'moved' THEN
    UPDATE "data_versions" SET "version" = "version" + 1 WHERE "source" = TG_ARGV[0];
    PERFORM set_config('kpibot.data_version_' || TG_ARGV[0], 'moved', true);
  END IF;
  RETURN NULL;
END
$$;

CREATE TRIGGER "tickets_data_version" AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON "tickets"
FOR EACH STATEMENT EXECUTE FUNCTION "kpibot_bump_data_version"('tickets');

CREATE TRIGGER "changes_data_version" AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON "changes"
FOR EACH STATEMENT EXECUTE FUNCTION "kpibot_bump_data_version"('changes');

CREATE TRIGGER "cost_lines_data_version" AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON "cost_lines"
FOR EACH STATEMENT EXECUTE FUNCTION "kpibot_bump_data_version"('costs');

CREATE TRIGGER "asset_counts_data_version" AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON "asset_counts"
FOR EACH STATEMENT EXECUTE FUNCTION "kpibot_bump_data_version"('assets');

CREATE TRIGGER "staff_allocations_data_version" AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON "staff_allocations"
FOR EACH STATEMENT EXECUTE FUNCTION "kpibot_bump_data_version"('staff');

CREATE TRIGGER "time_entries_data_version" AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON "time_entries"
FOR EACH STATEMENT EXECUTE FUNCTION "kpibot_bump_data_version"('time');

CREATE TRIGGER "shadow_it_findings_data_version" AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON "shadow_it_findings"
FOR EACH STATEMENT EXECUTE FUNCTION "kpibot_bump_data_version"('shadow_it');

CREATE TRIGGER "portal_usage_data_version" AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON "portal_usage"
FOR EACH STATEMENT EXECUTE FUNCTION "kpibot_bump_data_version"('portal');

CREATE TRIGGER "surveys_data_version" AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON "surveys"
FOR EACH STATEMENT EXECUTE FUNCTION "kpibot_bump_data_version"('surveys');

CREATE TRIGGER "survey_questions_data_version" AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON "survey_questions"
FOR EACH STATEMENT EXECUTE FUNCTION "kpibot_bump_data_version"('surveys');

CREATE TRIGGER "survey_answers_data_version" AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON "survey_answers"
FOR EACH STATEMENT EXECUTE FUNCTION "kpibot_bump_data_version"('surveys');

CREATE TRIGGER "kpi_targets_data_version" AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON "kpi_targets"
FOR EACH STATEMENT EXECUTE FUNCTION "kpibot_bump_data_version"('targets');
