-- Freshness (docs/numbers.md, "Freshness"): when each source of KPI figures was last written by an import, a
-- sync, the ticket webhook or the demo seed (kpibot's clock), and the hourly stale-feed checks, claimed once across
-- replicas like alert checks, that tell the admin channel when a feed goes stale and when it recovers.
-- CreateTable
CREATE TABLE "source_freshness" (
    "source" TEXT NOT NULL,
    "written_at" TIMESTAMPTZ(3) NOT NULL,
    "via" TEXT NOT NULL,
    "detail" TEXT,

    CONSTRAINT "source_freshness_pkey" PRIMARY KEY ("source")
);

-- CreateTable
CREATE TABLE "freshness_checks" (
    "id" SERIAL NOT NULL,
    "owner_id" INTEGER NOT NULL DEFAULT 1,
    "fire_time" TIMESTAMPTZ(3) NOT NULL,
    "status" TEXT NOT NULL,
    "stale" TEXT,
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "error" TEXT,
    "message_id" TEXT,
    "claimed_by" TEXT,
    "claimed_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "finished_at" TIMESTAMPTZ(3),

    CONSTRAINT "freshness_checks_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "freshness_checks_fire_key" ON "freshness_checks"("owner_id", "fire_time");

-- CreateIndex
CREATE INDEX "freshness_checks_status_idx" ON "freshness_checks"("status");
