import DataLoader from "dataloader";
import type { ConversationRef, Platform } from "../core/interaction.js";
import type { Db, SqlParam } from "./db.js";
import { alertRuleRepository } from "./repos/alert-rules.js";
import { claimRepository } from "./repos/claims.js";
import { deliveryRepository } from "./repos/deliveries.js";
import { demoDataRepository } from "./repos/demo-data.js";
import { digestScheduleRepository } from "./repos/digest-schedules.js";
import { importRunRepository } from "./repos/import-runs.js";
import { importRepository } from "./repos/imports.js";
import { sourceFreshnessRepository } from "./repos/source-freshness.js";
import { surveyAnswerRepository } from "./repos/survey-answers.js";
import { surveyDeliveryRepository, ticketSurveyRepository } from "./repos/survey-deliveries.js";
import { surveyImportRepository } from "./repos/survey-imports.js";
import { surveyRepository } from "./repos/surveys.js";
import { syncCursorRepository } from "./repos/sync-cursors.js";
import type { ChatUserDto, Repositories, TargetDto } from "./repositories.js";
import { toNum } from "./sql-values.js";

type UserRow = {
  platform: string;
  platformUserId: string;
  name: string | null;
  email: string | null;
  locale: string | null;
  role: string;
  favouriteKpis: string | null;
};

function toUser(r: UserRow): ChatUserDto {
  return {
    platform: r.platform as Platform,
    platformUserId: r.platformUserId,
    name: r.name,
    email: r.email,
    locale: r.locale,
    // Anything but a known role reads as the least trusted one.
    role: r.role === "admin" || r.role === "manager" ? r.role : "viewer",
    favouriteKpis: r.favouriteKpis ? r.favouriteKpis.split(",").filter(Boolean) : [],
  };
}

type RefRow = {
  id: number;
  platform: string;
  conversationId: string;
  teamId: string | null;
  tenantId: string | null;
  serviceUrl: string | null;
  botId: string | null;
  name: string | null;
  data: string | null;
};

function toRef(r: RefRow): ConversationRef & { id: number } {
  const extra = r.data ? (JSON.parse(r.data) as { threadTs?: string; data?: unknown }) : {};
  return {
    id: r.id,
    platform: r.platform as Platform,
    conversationId: r.conversationId,
    ...(r.teamId ? { teamId: r.teamId } : {}),
    ...(r.tenantId ? { tenantId: r.tenantId } : {}),
    ...(r.serviceUrl ? { serviceUrl: r.serviceUrl } : {}),
    ...(r.botId ? { botId: r.botId } : {}),
    ...(r.name ? { name: r.name } : {}),
    ...(extra.threadTs ? { threadTs: extra.threadTs } : {}),
    ...(extra.data !== undefined ? { data: extra.data } : {}),
  };
}

/** Repositories on Prisma; the same code serves SQLite and PostgreSQL. */
export function prismaRepositories(db: Db): Repositories {
  const p = db.prisma;
  const USER_COLUMNS = "platform, platform_user_id, name, email, locale, role, favourite_kpis";
  const userOf = (r: Record<string, unknown>): ChatUserDto =>
    toUser({
      platform: String(r.platform),
      platformUserId: String(r.platform_user_id),
      name: (r.name as string | null) ?? null,
      email: (r.email as string | null) ?? null,
      locale: (r.locale as string | null) ?? null,
      role: String(r.role),
      favouriteKpis: (r.favourite_kpis as string | null) ?? null,
    });
  async function userRow(platform: Platform, platformUserId: string): Promise<ChatUserDto | null> {
    // Read on every interaction (role, stored language): one indexed row, raw and on this thread (a Prisma
    // findUnique costs ~0.5 ms of CPU here, the statement itself microseconds).
    const rows = await db.query<Record<string, unknown>>(
      `SELECT ${USER_COLUMNS} FROM chat_users WHERE platform = ? AND platform_user_id = ?`,
      [platform, platformUserId],
      { inline: true },
    );
    const r = rows[0];
    return r ? userOf(r) : null;
  }
  // On PostgreSQL each read is a round trip (and a socket write that wakes the server): the reads asked during one
  // loop iteration — a burst of clicks by different people — go in one query, started after every one of them was
  // asked (nothing is kept between iterations: no read is older than its caller). SQLite reads each row at once.
  const userRows =
    db.provider === "postgresql"
      ? new DataLoader<string, ChatUserDto | null>(
          async (keys) => {
            const wanted = keys.map((k) => JSON.parse(k) as [Platform, string]);
            const found = new Map<string, ChatUserDto>();
            for (const platform of new Set(wanted.map(([p]) => p))) {
              const ids = [...new Set(wanted.filter(([p]) => p === platform).map(([, id]) => id))];
              const rows = await db.query<Record<string, unknown>>(
                `SELECT ${USER_COLUMNS} FROM chat_users
                  WHERE platform = ? AND platform_user_id IN (${ids.map(() => "?").join(", ")})`,
                [platform, ...ids],
                { inline: true },
              );
              for (const r of rows)
                found.set(JSON.stringify([String(r.platform), String(r.platform_user_id)]), userOf(r));
            }
            return keys.map((k) => found.get(k) ?? null);
          },
          { cache: false, batchScheduleFn: (run) => setImmediate(run), maxBatchSize: 500 },
        )
      : undefined;
  const getUser = (platform: Platform, platformUserId: string): Promise<ChatUserDto | null> =>
    userRows ? userRows.load(JSON.stringify([platform, platformUserId])) : userRow(platform, platformUserId);

  return {
    users: {
      get: getUser,
      async touch(u) {
        // Written at a person's first interaction (and when their name or language changes): raw SQL through the
        // group commit, then the row read back, instead of a Prisma upsert (about 1 ms of CPU on the loop).
        const given: [string, SqlParam][] = [];
        if (u.name !== undefined) given.push(["name", u.name]);
        if (u.email !== undefined) given.push(["email", u.email === null ? null : u.email.toLowerCase()]);
        if (u.locale !== undefined) given.push(["locale", u.locale]);
        const columns = given.map(([c]) => c);
        const set = [...columns.map((c) => `${c} = excluded.${c}`), "updated_at = excluded.updated_at"].join(", ");
        await db.executeGrouped(
          `INSERT INTO chat_users (platform, platform_user_id${columns.map((c) => `, ${c}`).join("")}, updated_at)
           VALUES (?, ?${columns.map(() => ", ?").join("")}, ?)
           ON CONFLICT (platform, platform_user_id) DO UPDATE SET ${set}`,
          [u.platform, u.platformUserId, ...given.map(([, v]) => v), new Date()],
        );
        const row = await userRow(u.platform, u.platformUserId);
        if (!row)
          throw new Error(`the user row of ${u.platform}:${u.platformUserId} was not found after it was written`);
        return row;
      },
      async setRole(platform, platformUserId, role) {
        const r = await p.chatUser.upsert({
          where: { platform_platformUserId: { platform, platformUserId } },
          create: { platform, platformUserId, role },
          update: { role },
        });
        return toUser(r);
      },
      async findByEmail(email) {
        const rows = await p.chatUser.findMany({ where: { email: email.toLowerCase() } });
        return rows.map(toUser);
      },
      async setFavourites(platform, platformUserId, kpis) {
        await p.chatUser.upsert({
          where: { platform_platformUserId: { platform, platformUserId } },
          create: { platform, platformUserId, favouriteKpis: kpis.join(",") },
          update: { favouriteKpis: kpis.join(",") },
        });
      },
      async withRoles(roles) {
        // The same query on both providers (raw SQL: on SQLite it runs in a read worker).
        const rows = await db.query<{ platform: string; platform_user_id: string; role: string; name: string | null }>(
          `SELECT platform, platform_user_id, role, name FROM chat_users WHERE role IN (${roles.map(() => "?").join(", ")}) ORDER BY platform, platform_user_id`,
          [...roles],
        );
        return rows.map((r) => ({
          platform: r.platform,
          platformUserId: r.platform_user_id,
          role: r.role,
          name: r.name,
        }));
      },
    },
    conversations: {
      async save(ref) {
        const extra =
          ref.threadTs !== undefined || ref.data !== undefined
            ? JSON.stringify({ threadTs: ref.threadTs, data: ref.data })
            : null;
        const data = {
          teamId: ref.teamId ?? null,
          tenantId: ref.tenantId ?? null,
          serviceUrl: ref.serviceUrl ?? null,
          botId: ref.botId ?? null,
          name: ref.name ?? null,
          data: extra,
        };
        const r = await p.conversationRef.upsert({
          where: { platform_conversationId: { platform: ref.platform, conversationId: ref.conversationId } },
          create: { platform: ref.platform, conversationId: ref.conversationId, ...data },
          update: data,
        });
        return r.id;
      },
      async get(id) {
        const r = await p.conversationRef.findUnique({ where: { id } });
        return r ? toRef(r) : null;
      },
      async find(platform, conversationId) {
        const r = await p.conversationRef.findUnique({
          where: { platform_conversationId: { platform, conversationId } },
        });
        return r ? toRef(r) : null;
      },
      async teamsMentioning(userId) {
        const rows = await db.query<{ id: unknown }>(
          "SELECT id FROM conversation_refs WHERE platform = 'teams' AND data LIKE ? ORDER BY updated_at DESC LIMIT 20",
          [`%${userId}%`],
        );
        return rows.map((r) => toNum(r.id) ?? 0);
      },
    },
    audit: {
      async record(e) {
        await p.auditLog.create({
          data: {
            actor: e.actor,
            action: e.action,
            target: e.target ?? null,
            details: e.details === undefined ? null : JSON.stringify(e.details),
          },
        });
      },
      async recent(limit) {
        const rows = await p.auditLog.findMany({ orderBy: [{ at: "desc" }, { id: "desc" }], take: limit });
        return rows.map((r) => ({
          at: r.at,
          actor: r.actor,
          action: r.action,
          target: r.target,
          details: r.details ? (JSON.parse(r.details) as unknown) : null,
        }));
      },
    },
    targets: {
      async all(kpi) {
        // Every KPI answer reads its targets: raw SQL, so on SQLite it runs in a read worker, off the event loop.
        const rows = await db.query<{ kpi: string; dimension: string; dim_value: string; target: unknown }>(
          `SELECT kpi, dimension, dim_value, target FROM kpi_targets${kpi ? " WHERE kpi = ?" : ""} ORDER BY id`,
          kpi ? [kpi] : [],
        );
        return rows.map(
          (r): TargetDto => ({ kpi: r.kpi, dimension: r.dimension, dimValue: r.dim_value, target: Number(r.target) }),
        );
      },
      async set(t) {
        await p.kpiTarget.upsert({
          where: { kpi_dimension_dimValue: { kpi: t.kpi, dimension: t.dimension, dimValue: t.dimValue } },
          create: {
            kpi: t.kpi,
            dimension: t.dimension,
            dimValue: t.dimValue,
            target: t.target,
            updatedBy: t.updatedBy,
          },
          update: { target: t.target, updatedBy: t.updatedBy },
        });
      },
      async remove(kpi, dimension = "", dimValue = "") {
        const r = await p.kpiTarget.deleteMany({ where: { kpi, dimension, dimValue } });
        return r.count > 0;
      },
    },
    settings: {
      async get(key) {
        // Read by every KPI answer (who sees what): one row by key, raw and inline like users.get.
        const rows = await db.query<{ value: unknown }>(`SELECT value FROM settings WHERE "key" = ?`, [key], {
          inline: true,
        });
        const value = rows[0]?.value;
        return value === undefined || value === null ? null : String(value);
      },
      async set(key, value, updatedBy) {
        await p.setting.upsert({
          where: { key },
          create: { key, value, updatedBy },
          update: { value, updatedBy, updatedAt: new Date() },
        });
      },
    },
    syncCursors: syncCursorRepository(db),
    claims: claimRepository(db),
    digests: digestScheduleRepository(db),
    alerts: alertRuleRepository(db),
    deliveries: deliveryRepository(db),
    surveys: surveyRepository(db),
    surveyAnswers: surveyAnswerRepository(db),
    surveyDeliveries: surveyDeliveryRepository(db),
    ticketSurveys: ticketSurveyRepository(db),
    surveyImports: surveyImportRepository(db),
    imports: importRepository(db),
    importRuns: importRunRepository(db),
    demo: demoDataRepository(db),
    sourceFreshness: sourceFreshnessRepository(db),
    health: {
      async ping() {
        await db.query("SELECT 1 AS ok");
      },
    },
  };
}
