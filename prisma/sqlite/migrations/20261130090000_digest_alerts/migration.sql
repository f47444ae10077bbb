-- AlterTable
ALTER TABLE "digest_schedules" ADD COLUMN "locale" TEXT;
ALTER TABLE "digest_schedules" ADD COLUMN "active_from" DATETIME;

-- AlterTable
ALTER TABLE "digest_deliveries" ADD COLUMN "origin" TEXT NOT NULL DEFAULT 'schedule';

-- CreateTable
CREATE TABLE "alert_rules" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "conversation_ref_id" INTEGER NOT NULL,
    "kpi" TEXT NOT NULL,
    "condition" TEXT NOT NULL,
    "threshold" REAL NOT NULL,
    "direction" TEXT NOT NULL DEFAULT 'any',
    "dimension" TEXT,
    "dim_value" TEXT,
    "check_every" TEXT NOT NULL DEFAULT 'daily',
    "notify" TEXT NOT NULL DEFAULT 'first',
    "timezone" TEXT NOT NULL,
    "locale" TEXT,
    "paused" BOOLEAN NOT NULL DEFAULT 0,
    "active_from" DATETIME,
    "created_by" TEXT,
    "created_at" DATETIME NOT NULL DEFAULT (CAST(unixepoch('subsec') * 1000 AS INTEGER))
);

-- CreateTable
CREATE TABLE "alert_checks" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "rule_id" INTEGER NOT NULL,
    "fire_time" DATETIME NOT NULL,
    "status" TEXT NOT NULL,
    "outcome" TEXT,
    "value" REAL,
    "breached" BOOLEAN,
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "error" TEXT,
    "message_id" TEXT,
    "claimed_by" TEXT,
    "claimed_at" DATETIME NOT NULL DEFAULT (CAST(unixepoch('subsec') * 1000 AS INTEGER)),
    "finished_at" DATETIME,
    CONSTRAINT "alert_checks_rule_id_fkey" FOREIGN KEY ("rule_id") REFERENCES "alert_rules" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateIndex
CREATE INDEX "digest_deliveries_status_idx" ON "digest_deliveries"("status");

-- CreateIndex
CREATE UNIQUE INDEX "alert_checks_fire_key" ON "alert_checks"("rule_id", "fire_time");

-- CreateIndex
CREATE INDEX "alert_checks_status_idx" ON "alert_checks"("status");
