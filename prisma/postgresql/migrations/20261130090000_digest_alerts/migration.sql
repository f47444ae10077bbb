-- AlterTable
ALTER TABLE "digest_schedules" ADD COLUMN "locale" TEXT,
ADD COLUMN "active_from" TIMESTAMPTZ(3);

-- AlterTable
ALTER TABLE "digest_deliveries" ADD COLUMN "origin" TEXT NOT NULL DEFAULT 'schedule';

-- CreateTable
CREATE TABLE "alert_rules" (
    "id" SERIAL NOT NULL,
    "conversation_ref_id" INTEGER NOT NULL,
    "kpi" TEXT NOT NULL,
    "condition" TEXT NOT NULL,
    "threshold" DOUBLE PRECISION NOT NULL,
    "direction" TEXT NOT NULL DEFAULT 'any',
    "dimension" TEXT,
    "dim_value" TEXT,
    "check_every" TEXT NOT NULL DEFAULT 'daily',
    "notify" TEXT NOT NULL DEFAULT 'first',
    "timezone" TEXT NOT NULL,
    "locale" TEXT,
    "paused" BOOLEAN NOT NULL DEFAULT false,
    "active_from" TIMESTAMPTZ(3),
    "created_by" TEXT,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "alert_rules_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "alert_checks" (
    "id" SERIAL NOT NULL,
    "rule_id" INTEGER NOT NULL,
    "fire_time" TIMESTAMPTZ(3) NOT NULL,
    "status" TEXT NOT NULL,
    "outcome" TEXT,
    "value" DOUBLE PRECISION,
    "breached" BOOLEAN,
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "error" TEXT,
    "message_id" TEXT,
    "claimed_by" TEXT,
    "claimed_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "finished_at" TIMESTAMPTZ(3),

    CONSTRAINT "alert_checks_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "digest_deliveries_status_idx" ON "digest_deliveries"("status");

-- CreateIndex
CREATE UNIQUE INDEX "alert_checks_fire_key" ON "alert_checks"("rule_id", "fire_time");

-- CreateIndex
CREATE INDEX "alert_checks_status_idx" ON "alert_checks"("status");

-- AddForeignKey
ALTER TABLE "alert_checks" ADD CONSTRAINT "alert_checks_rule_id_fkey" FOREIGN KEY ("rule_id") REFERENCES "alert_rules"("id") ON DELETE CASCADE ON UPDATE CASCADE;
