-- CreateTable
CREATE TABLE "tickets" (
    "id" SERIAL NOT NULL,
    "source" TEXT NOT NULL DEFAULT 'csv',
    "external_id" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "title" TEXT,
    "category" TEXT,
    "service" TEXT,
    "priority" INTEGER,
    "channel" TEXT,
    "group_name" TEXT,
    "assignee" TEXT,
    "requester" TEXT,
    "requester_email" TEXT,
    "opened_at" TIMESTAMPTZ(3) NOT NULL,
    "first_response_at" TIMESTAMPTZ(3),
    "resolved_at" TIMESTAMPTZ(3),
    "closed_at" TIMESTAMPTZ(3),
    "response_due_at" TIMESTAMPTZ(3),
    "resolution_due_at" TIMESTAMPTZ(3),
    "support_level" INTEGER,
    "first_contact_resolution" BOOLEAN,
    "reopen_count" INTEGER NOT NULL DEFAULT 0,
    "automated" BOOLEAN NOT NULL DEFAULT false,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "tickets_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "changes" (
    "id" SERIAL NOT NULL,
    "source" TEXT NOT NULL DEFAULT 'csv',
    "external_id" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "title" TEXT,
    "service" TEXT,
    "deployed_at" TIMESTAMPTZ(3) NOT NULL,
    "outcome" TEXT NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "changes_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "cost_lines" (
    "id" SERIAL NOT NULL,
    "period_start" TIMESTAMPTZ(3) NOT NULL,
    "period_end" TIMESTAMPTZ(3) NOT NULL,
    "category" TEXT NOT NULL,
    "service" TEXT NOT NULL DEFAULT '',
    "actual" DOUBLE PRECISION NOT NULL,
    "budget" DOUBLE PRECISION,
    "currency" TEXT NOT NULL DEFAULT 'EUR',

    CONSTRAINT "cost_lines_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "asset_counts" (
    "id" SERIAL NOT NULL,
    "asset_type" TEXT NOT NULL,
    "date" TIMESTAMPTZ(3) NOT NULL,
    "count" INTEGER NOT NULL,

    CONSTRAINT "asset_counts_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "staff_allocations" (
    "id" SERIAL NOT NULL,
    "team" TEXT NOT NULL,
    "date" TIMESTAMPTZ(3) NOT NULL,
    "fte" DOUBLE PRECISION NOT NULL,
    "service_management_fte" DOUBLE PRECISION NOT NULL,
    "service_desk" BOOLEAN NOT NULL DEFAULT false,

    CONSTRAINT "staff_allocations_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "time_entries" (
    "id" SERIAL NOT NULL,
    "team" TEXT NOT NULL,
    "person" TEXT NOT NULL DEFAULT '',
    "date" TIMESTAMPTZ(3) NOT NULL,
    "activity" TEXT NOT NULL,
    "hours" DOUBLE PRECISION NOT NULL,

    CONSTRAINT "time_entries_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "shadow_it_findings" (
    "id" SERIAL NOT NULL,
    "external_id" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "discovered_at" TIMESTAMPTZ(3) NOT NULL,
    "status" TEXT NOT NULL,
    "resolved_at" TIMESTAMPTZ(3),
    "yearly_cost_avoided" DOUBLE PRECISION NOT NULL DEFAULT 0,

    CONSTRAINT "shadow_it_findings_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "portal_usage" (
    "id" SERIAL NOT NULL,
    "date" TIMESTAMPTZ(3) NOT NULL,
    "granularity" TEXT NOT NULL DEFAULT 'month',
    "users" INTEGER NOT NULL,
    "sessions" INTEGER NOT NULL,
    "mobile_sessions" INTEGER NOT NULL,
    "population" INTEGER NOT NULL,

    CONSTRAINT "portal_usage_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "surveys" (
    "id" SERIAL NOT NULL,
    "title" TEXT NOT NULL,
    "audience" TEXT NOT NULL DEFAULT 'users',
    "anonymous" BOOLEAN NOT NULL DEFAULT true,
    "status" TEXT NOT NULL DEFAULT 'open',
    "results_visibility" TEXT NOT NULL DEFAULT 'after_close',
    "opens_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "closes_at" TIMESTAMPTZ(3),
    "recurrence" TEXT,
    "reminder_at" TIMESTAMPTZ(3),
    "created_by" TEXT,
    "conversation_ref_id" INTEGER,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "surveys_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "survey_questions" (
    "id" SERIAL NOT NULL,
    "survey_id" INTEGER NOT NULL,
    "position" INTEGER NOT NULL,
    "type" TEXT NOT NULL,
    "prompt" TEXT NOT NULL,
    "service" TEXT,

    CONSTRAINT "survey_questions_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "survey_answers" (
    "id" SERIAL NOT NULL,
    "survey_id" INTEGER NOT NULL,
    "question_id" INTEGER NOT NULL,
    "respondent_key" TEXT NOT NULL,
    "user_id" TEXT,
    "score" INTEGER,
    "text" TEXT,
    "ticket_id" INTEGER,
    "answered_at" TIMESTAMPTZ(3) NOT NULL,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "survey_answers_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "kpi_targets" (
    "id" SERIAL NOT NULL,
    "kpi" TEXT NOT NULL,
    "dimension" TEXT NOT NULL DEFAULT '',
    "dim_value" TEXT NOT NULL DEFAULT '',
    "target" DOUBLE PRECISION NOT NULL,
    "updated_by" TEXT,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "kpi_targets_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "digest_schedules" (
    "id" SERIAL NOT NULL,
    "conversation_ref_id" INTEGER NOT NULL,
    "frequency" TEXT NOT NULL,
    "day_of_week" INTEGER,
    "day_of_month" INTEGER,
    "time" TEXT NOT NULL,
    "timezone" TEXT NOT NULL,
    "kpis" TEXT NOT NULL,
    "breakdown" TEXT,
    "period" TEXT,
    "skip_when_empty" BOOLEAN NOT NULL DEFAULT false,
    "paused" BOOLEAN NOT NULL DEFAULT false,
    "created_by" TEXT,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "digest_schedules_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "digest_deliveries" (
    "id" SERIAL NOT NULL,
    "schedule_id" INTEGER NOT NULL,
    "fire_time" TIMESTAMPTZ(3) NOT NULL,
    "status" TEXT NOT NULL,
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "error" TEXT,
    "message_id" TEXT,
    "claimed_by" TEXT,
    "claimed_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "finished_at" TIMESTAMPTZ(3),

    CONSTRAINT "digest_deliveries_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "conversation_refs" (
    "id" SERIAL NOT NULL,
    "platform" TEXT NOT NULL,
    "conversation_id" TEXT NOT NULL,
    "team_id" TEXT,
    "tenant_id" TEXT,
    "service_url" TEXT,
    "bot_id" TEXT,
    "name" TEXT,
    "data" TEXT,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "conversation_refs_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "chat_users" (
    "id" SERIAL NOT NULL,
    "platform" TEXT NOT NULL,
    "platform_user_id" TEXT NOT NULL,
    "name" TEXT,
    "email" TEXT,
    "locale" TEXT,
    "role" TEXT NOT NULL DEFAULT 'viewer',
    "favourite_kpis" TEXT,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "chat_users_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "audit_log" (
    "id" SERIAL NOT NULL,
    "at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "actor" TEXT NOT NULL,
    "action" TEXT NOT NULL,
    "target" TEXT,
    "details" TEXT,

    CONSTRAINT "audit_log_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "import_runs" (
    "id" SERIAL NOT NULL,
    "kind" TEXT NOT NULL,
    "source" TEXT NOT NULL,
    "file_name" TEXT,
    "status" TEXT NOT NULL DEFAULT 'running',
    "started_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "finished_at" TIMESTAMPTZ(3),
    "total" INTEGER NOT NULL DEFAULT 0,
    "inserted" INTEGER NOT NULL DEFAULT 0,
    "updated" INTEGER NOT NULL DEFAULT 0,
    "unchanged" INTEGER NOT NULL DEFAULT 0,
    "rejected" INTEGER NOT NULL DEFAULT 0,
    "error_report" TEXT,

    CONSTRAINT "import_runs_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "tickets_source_external_id_key" ON "tickets"("source", "external_id");

-- CreateIndex
CREATE INDEX "tickets_resolved_at_idx" ON "tickets"("resolved_at");

-- CreateIndex
CREATE INDEX "tickets_opened_at_idx" ON "tickets"("opened_at");

-- CreateIndex
CREATE INDEX "tickets_group_resolved_at_idx" ON "tickets"("group_name", "resolved_at");

-- CreateIndex
CREATE INDEX "tickets_service_resolved_at_idx" ON "tickets"("service", "resolved_at");

-- CreateIndex
CREATE INDEX "tickets_channel_opened_at_idx" ON "tickets"("channel", "opened_at");

-- CreateIndex
CREATE UNIQUE INDEX "changes_source_external_id_key" ON "changes"("source", "external_id");

-- CreateIndex
CREATE INDEX "changes_deployed_at_idx" ON "changes"("deployed_at");

-- CreateIndex
CREATE UNIQUE INDEX "cost_lines_natural_key" ON "cost_lines"("period_start", "category", "service");

-- CreateIndex
CREATE INDEX "cost_lines_period_start_idx" ON "cost_lines"("period_start");

-- CreateIndex
CREATE UNIQUE INDEX "asset_counts_natural_key" ON "asset_counts"("asset_type", "date");

-- CreateIndex
CREATE UNIQUE INDEX "staff_allocations_natural_key" ON "staff_allocations"("team", "date");

-- CreateIndex
CREATE UNIQUE INDEX "time_entries_natural_key" ON "time_entries"("team", "person", "date", "activity");

-- CreateIndex
CREATE INDEX "time_entries_date_idx" ON "time_entries"("date");

-- CreateIndex
CREATE UNIQUE INDEX "shadow_it_findings_external_id_key" ON "shadow_it_findings"("external_id");

-- CreateIndex
CREATE INDEX "shadow_it_findings_resolved_at_idx" ON "shadow_it_findings"("resolved_at");

-- CreateIndex
CREATE UNIQUE INDEX "portal_usage_natural_key" ON "portal_usage"("date", "granularity");

-- CreateIndex
CREATE UNIQUE INDEX "survey_questions_position_key" ON "survey_questions"("survey_id", "position");

-- CreateIndex
CREATE UNIQUE INDEX "survey_answers_one_per_person_key" ON "survey_answers"("question_id", "respondent_key");

-- CreateIndex
CREATE INDEX "survey_answers_answered_at_idx" ON "survey_answers"("answered_at");

-- CreateIndex
CREATE UNIQUE INDEX "kpi_targets_natural_key" ON "kpi_targets"("kpi", "dimension", "dim_value");

-- CreateIndex
CREATE UNIQUE INDEX "digest_deliveries_fire_key" ON "digest_deliveries"("schedule_id", "fire_time");

-- CreateIndex
CREATE UNIQUE INDEX "conversation_refs_natural_key" ON "conversation_refs"("platform", "conversation_id");

-- CreateIndex
CREATE UNIQUE INDEX "chat_users_natural_key" ON "chat_users"("platform", "platform_user_id");

-- CreateIndex
CREATE INDEX "chat_users_email_idx" ON "chat_users"("email");

-- CreateIndex
CREATE INDEX "audit_log_at_idx" ON "audit_log"("at");

-- AddForeignKey
ALTER TABLE "survey_questions" ADD CONSTRAINT "survey_questions_survey_id_fkey" FOREIGN KEY ("survey_id") REFERENCES "surveys"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "survey_answers" ADD CONSTRAINT "survey_answers_survey_id_fkey" FOREIGN KEY ("survey_id") REFERENCES "surveys"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "survey_answers" ADD CONSTRAINT "survey_answers_question_id_fkey" FOREIGN KEY ("question_id") REFERENCES "survey_questions"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "digest_deliveries" ADD CONSTRAINT "digest_deliveries_schedule_id_fkey" FOREIGN KEY ("schedule_id") REFERENCES "digest_schedules"("id") ON DELETE CASCADE ON UPDATE CASCADE;
