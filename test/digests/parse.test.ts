import { describe, expect, it } from "vitest";
import { parseAlertCommand } from "../../src/alerts/alert-parse.js";
import { decide, isBreached, relativeChange } from "../../src/alerts/evaluate.js";
import { parseDigestCommand } from "../../src/digests/digest-parse.js";

describe("parseDigestCommand", () => {
  it("reads a weekly digest with every option", () => {
    const parsed = parseDigestCommand(
      "add weekly monday 08:30 fcr,sla, mttr by group tz America/New_York period last month skip-empty",
    );
    expect(parsed).toEqual({
      ok: true,
      command: {
        type: "add",
        spec: {
          frequency: "weekly",
          dayOfWeek: 1,
          dayOfMonth: null,
          time: "08:30",
          kpis: ["fcr", "sla", "mttr"],
          breakdown: "group",
          timezone: "America/New_York",
          period: "last month",
          skipWhenEmpty: true,
        },
      },
    });
  });

  it("reads French: résumé ajouter mensuel dernier 18h … par groupe période mois dernier sauf-vide", () => {
    const parsed = parseDigestCommand(
      "ajouter mensuel dernier 18h satisfaction,nps par groupe période mois dernier sauf-vide",
    );
    expect(parsed.ok && parsed.command.type === "add" && parsed.command.spec).toMatchObject({
      frequency: "monthly",
      dayOfMonth: -1,
      time: "18:00",
      kpis: ["satisfaction", "nps"],
      breakdown: "group",
      period: "mois dernier",
      skipWhenEmpty: true,
    });
  });

  it("reads daily, weekdays and monthly <day>, and KPI aliases", () => {
    const daily = parseDigestCommand("add daily 7:05 first-contact");
    expect(daily.ok && daily.command.type === "add" && daily.command.spec).toMatchObject({
      time: "07:05",
      kpis: ["fcr"],
    });
    const weekdays = parseDigestCommand("add jours-ouvrés 09:00 backlog");
    expect(weekdays.ok && weekdays.command.type === "add" && weekdays.command.spec.frequency).toBe("weekdays");
    const monthly = parseDigestCommand("add monthly 1st 09:00 budget");
    expect(monthly.ok && monthly.command.type === "add" && monthly.command.spec.dayOfMonth).toBe(1);
  });

  it("explains what is wrong, with a suggestion for a misspelt KPI", () => {
    expect(parseDigestCommand("add sometimes 08:00 fcr")).toMatchObject({
      ok: false,
      error: { code: "missing_frequency", word: "sometimes" },
    });
    expect(parseDigestCommand("add weekly someday 08:00 fcr")).toMatchObject({ ok: false, error: { code: "bad_day" } });
    expect(parseDigestCommand("add monthly 32 08:00 fcr")).toMatchObject({
      ok: false,
      error: { code: "bad_day", word: "32" },
    });
    expect(parseDigestCommand("add daily 24:00 fcr")).toMatchObject({
      ok: false,
      error: { code: "bad_time", word: "24:00" },
    });
    expect(parseDigestCommand("add daily 08:00")).toMatchObject({ ok: false, error: { code: "missing_kpis" } });
    expect(parseDigestCommand("add daily 08:00 fcx")).toMatchObject({
      ok: false,
      error: { code: "unknown_kpi", word: "fcx", suggestions: expect.arrayContaining(["fcr"]) },
    });
    expect(parseDigestCommand("add daily 08:00 fcr by colour")).toMatchObject({
      ok: false,
      error: { code: "bad_dimension" },
    });
    expect(parseDigestCommand("add daily 08:00 fcr tz Mars/Olympus")).toMatchObject({
      ok: false,
      error: { code: "bad_timezone" },
    });
    expect(parseDigestCommand("frobnicate")).toMatchObject({ ok: false, error: { code: "unknown_sub" } });
  });

  it("reads list, ids, preview, and help when empty", () => {
    expect(parseDigestCommand("list")).toEqual({ ok: true, command: { type: "list" } });
    expect(parseDigestCommand("remove #3")).toEqual({ ok: true, command: { type: "remove", id: 3 } });
    expect(parseDigestCommand("suspendre 4")).toEqual({ ok: true, command: { type: "pause", id: 4 } });
    expect(parseDigestCommand("reprendre 4")).toEqual({ ok: true, command: { type: "resume", id: 4 } });
    expect(parseDigestCommand("send 12")).toEqual({ ok: true, command: { type: "send", id: 12 } });
    expect(parseDigestCommand("send twelve")).toMatchObject({ ok: false, error: { code: "bad_id" } });
    expect(parseDigestCommand("")).toEqual({ ok: true, command: { type: "help" } });
    const preview = parseDigestCommand("preview fcr,sla by group");
    expect(preview.ok && preview.command.type === "preview" && preview.command.spec).toMatchObject({
      kpis: ["fcr", "sla"],
      breakdown: "group",
    });
  });
});

describe("parseAlertCommand", () => {
  it("reads below/above with a filter, hourly checks and every-breach", () => {
    const parsed = parseAlertCommand("add sla below 92,5 for group=N1 check hourly every-breach");
    expect(parsed).toEqual({
      ok: true,
      command: {
        type: "add",
        spec: {
          kpi: "sla",
          condition: "below",
          threshold: 92.5,
          direction: "any",
          dimension: "group",
          dimValue: "N1",
          checkEvery: "hourly",
          notify: "every",
          timezone: null,
        },
      },
    });
    const fr = parseAlertCommand('ajouter backlog au-dessus 200 pour groupe="Service desk" vérifier quotidien');
    expect(fr.ok && fr.command.type === "add" && fr.command.spec).toMatchObject({
      kpi: "backlog",
      condition: "above",
      threshold: 200,
      dimension: "group",
      dimValue: "Service desk",
      checkEvery: "daily",
      notify: "first",
    });
  });

  it("reads change alerts: the sign is the direction", () => {
    const spec = (text: string) => {
      const p = parseAlertCommand(text);
      return p.ok && p.command.type === "add" ? p.command.spec : undefined;
    };
    expect(spec("add volume change +25%")).toMatchObject({ condition: "change", threshold: 25, direction: "up" });
    expect(spec("add volume change -10%")).toMatchObject({ threshold: 10, direction: "down" });
    expect(spec("add volume variation ±10 %")).toMatchObject({ threshold: 10, direction: "any" });
  });

  it("explains bad alerts", () => {
    expect(parseAlertCommand("add sla around 90")).toMatchObject({ ok: false, error: { code: "missing_condition" } });
    expect(parseAlertCommand("add sla below ninety")).toMatchObject({ ok: false, error: { code: "bad_value" } });
    expect(parseAlertCommand("add sla below 90 for group")).toMatchObject({ ok: false, error: { code: "bad_filter" } });
    expect(parseAlertCommand("add sla below 90 check weekly")).toMatchObject({
      ok: false,
      error: { code: "bad_check" },
    });
    expect(parseAlertCommand("preview sla")).toMatchObject({
      ok: false,
      error: { code: "unknown_sub", word: "preview" },
    });
  });
});

describe("alert evaluation (pure)", () => {
  it("below/above are strict; no value is no decision", () => {
    const below = { condition: "below" as const, threshold: 60, direction: "any" as const };
    expect(isBreached(below, 59.9, null)).toBe(true);
    expect(isBreached(below, 60, null)).toBe(false);
    expect(isBreached(below, null, 50)).toBeNull();
    expect(isBreached({ ...below, condition: "above" }, 60.1, null)).toBe(true);
  });

  it("change compares the relative change in % of the previous value", () => {
    expect(relativeChange(150, 100)).toBe(50);
    expect(relativeChange(75, 100)).toBe(-25);
    expect(relativeChange(5, 0)).toBeNull();
    const up = { condition: "change" as const, threshold: 50, direction: "up" as const };
    expect(isBreached(up, 150, 100)).toBe(true);
    expect(isBreached(up, 149, 100)).toBe(false);
    expect(isBreached({ ...up, direction: "down" }, 150, 100)).toBe(false);
    expect(isBreached({ ...up, direction: "down", threshold: 25 }, 75, 100)).toBe(true);
    expect(isBreached({ ...up, direction: "any", threshold: 25 }, 75, 100)).toBe(true);
  });

  it("first-breach tells once, every-breach every time, and both tell the recovery", () => {
    expect(decide("first", null, true)).toBe("breach");
    expect(decide("first", false, true)).toBe("breach");
    expect(decide("first", true, true)).toBe("still");
    expect(decide("every", true, true)).toBe("breach");
    expect(decide("first", true, false)).toBe("recovery");
    expect(decide("every", false, false)).toBe("ok");
    expect(decide("every", true, null)).toBe("no_data");
  });
});
