import { describe, expect, it } from "vitest";
import { parseSurveyCommand } from "../../src/surveys/parse.js";
import { readWhen, resolveWhen } from "../../src/surveys/when.js";

const NOW = new Date("2026-11-16T09:00:00Z"); // a Monday, 10:00 in Paris

describe("survey command parser", () => {
  it("reads the English one-liner with every option", () => {
    const r = parseSurveyCommand(
      'new "IT pulse" csat "How was your last ticket?" nps "Recommend us?" know VPN,ERP yesno "Solved?" comment closes 2026-12-15 named audience service-desk results live recur monthly remind 3d',
      NOW,
      "survey",
    );
    expect(r).toEqual({
      ok: true,
      locale: "en",
      command: {
        op: "new",
        draft: {
          title: "IT pulse",
          questions: [
            { type: "csat", prompt: "How was your last ticket?" },
            { type: "nps", prompt: "Recommend us?" },
            { type: "yes_no", service: "VPN" },
            { type: "yes_no", service: "ERP" },
            { type: "yes_no", prompt: "Solved?" },
            { type: "text" },
          ],
          anonymous: false,
          audience: "service_desk",
          results: "live",
          closes: { kind: "date", year: 2026, month: 12, day: 15 },
          recurrence: "monthly",
          remind: { kind: "days", days: 3 },
        },
      },
    });
  });

  it("reads the French one-liner (accents, guillemets, services with spaces)", () => {
    const r = parseSurveyCommand(
      'nouvelle « Baromètre DSI » csat « Êtes-vous satisfait ? » connait VPN "Portail self-service" ouinon "Résolu ?" commentaire ferme 15/12 17h nominative public utilisateurs résultats après-clôture récurrence mensuelle rappel 2j',
      NOW,
      "enquête",
    );
    expect(r.ok).toBe(true);
    if (!r.ok || r.command.op !== "new") throw new Error("not parsed");
    expect(r.locale).toBe("fr");
    expect(r.command.draft).toEqual({
      title: "Baromètre DSI",
      questions: [
        { type: "csat", prompt: "Êtes-vous satisfait ?" },
        { type: "yes_no", service: "VPN" },
        { type: "yes_no", service: "Portail self-service" },
        { type: "yes_no", prompt: "Résolu ?" },
        { type: "text" },
      ],
      anonymous: false,
      audience: "users",
      results: "after_close",
      closes: { kind: "date", year: 2026, month: 12, day: 15, hour: 17, minute: 0 },
      recurrence: "monthly",
      remind: { kind: "days", days: 2 },
    });
  });

  it("defaults: anonymous, users, results after close, no close date", () => {
    const r = parseSurveyCommand('new "Pulse" nps', NOW);
    expect(r.ok && r.command.op === "new" && r.command.draft).toEqual({
      title: "Pulse",
      questions: [{ type: "nps" }],
      anonymous: true,
      audience: "users",
      results: "after_close",
    });
  });

  it("reads the other sub-commands in both languages", () => {
    expect(parseSurveyCommand("close 12", NOW)).toMatchObject({ ok: true, command: { op: "close", id: 12 } });
    expect(parseSurveyCommand("fermer #12", NOW, "enquête")).toMatchObject({
      ok: true,
      locale: "fr",
      command: { op: "close", id: 12 },
    });
    expect(parseSurveyCommand("rouvrir 3", NOW)).toMatchObject({ ok: true, command: { op: "reopen", id: 3 } });
    expect(parseSurveyCommand("résultats 3", NOW)).toMatchObject({ ok: true, command: { op: "results", id: 3 } });
    expect(parseSurveyCommand("send 4 to <@U1> <@U2|bob> teams:29:abc", NOW)).toEqual({
      ok: true,
      locale: "en",
      command: { op: "send", id: 4, users: ["<@U1>", "<@U2|bob>", "teams:29:abc"] },
    });
    expect(parseSurveyCommand("envoyer 4 à <@U1>", NOW)).toMatchObject({ command: { op: "send", users: ["<@U1>"] } });
    expect(parseSurveyCommand("comment 7   Le VPN décroche, souvent !", NOW)).toMatchObject({
      command: { op: "comment", id: 7, text: "Le VPN décroche, souvent !" },
    });
    expect(parseSurveyCommand("", NOW)).toMatchObject({ ok: true, command: { op: "help" } });
    expect(parseSurveyCommand("liste", NOW)).toMatchObject({ ok: true, locale: "fr", command: { op: "list" } });
  });

  it("explains what is wrong, with a suggestion", () => {
    expect(parseSurveyCommand("clsoe 3", NOW)).toMatchObject({
      ok: false,
      problem: { code: "unknown_op", vars: { word: "clsoe", suggestion: "close" } },
    });
    expect(parseSurveyCommand("new csat", NOW)).toMatchObject({ ok: false, problem: { code: "missing_title" } });
    expect(parseSurveyCommand('new "T" comment', NOW)).toMatchObject({ ok: false, problem: { code: "no_questions" } });
    expect(parseSurveyCommand('new "T" yesno', NOW)).toMatchObject({ ok: false, problem: { code: "missing_prompt" } });
    expect(parseSurveyCommand('new "T" csat closes someday', NOW)).toMatchObject({
      ok: false,
      problem: { code: "bad_close", vars: { word: "someday" } },
    });
    expect(parseSurveyCommand('new "T" csat audience managers', NOW)).toMatchObject({
      ok: false,
      problem: { code: "bad_audience" },
    });
    expect(parseSurveyCommand('new "T" csat namd', NOW)).toMatchObject({
      ok: false,
      problem: { code: "unknown_word", vars: { suggestion: "named" } },
    });
    expect(parseSurveyCommand('new "T" nps audience service-desk', NOW)).toMatchObject({
      ok: false,
      problem: { code: "desk_needs_csat" },
    });
    expect(parseSurveyCommand('new "T" csat named anonymous', NOW)).toMatchObject({
      ok: false,
      problem: { code: "duplicate_option" },
    });
    expect(parseSurveyCommand("close", NOW)).toMatchObject({ ok: false, problem: { code: "missing_id" } });
    expect(parseSurveyCommand("send 3", NOW)).toMatchObject({ ok: false, problem: { code: "missing_users" } });
    const eleven = Array.from({ length: 11 }, () => "csat").join(" ");
    expect(parseSurveyCommand(`new "T" ${eleven}`, NOW)).toMatchObject({
      ok: false,
      problem: { code: "too_many_questions" },
    });
  });
});

describe("close and reminder moments", () => {
  const tz = "Europe/Paris";
  const when = (words: string) => {
    const read = readWhen(words.split(" "), { year: 2026 });
    return read ? resolveWhen(read.spec, NOW, tz)?.toISOString() : undefined;
  };

  it("a date alone means the end of that day in the organisation's time zone", () => {
    // Paris is UTC+1 in December: the midnight after 15 December is 23:00 UTC.
    expect(when("2026-12-15")).toBe("2026-12-15T23:00:00.000Z");
    expect(when("15/12")).toBe("2026-12-15T23:00:00.000Z");
  });

  it("a date with a time is that instant", () => {
    expect(when("2026-12-15t17:00")).toBe("2026-12-15T16:00:00.000Z");
    expect(when("2026-12-15 17:00")).toBe("2026-12-15T16:00:00.000Z");
    expect(when("15/12 a 9h30")).toBe("2026-12-15T08:30:00.000Z");
  });

  it("durations count from now; weekdays mean the end of the next such day", () => {
    expect(when("7d")).toBe("2026-11-23T09:00:00.000Z");
    expect(when("dans 2 semaines")).toBe("2026-11-30T09:00:00.000Z");
    expect(when("friday")).toBe("2026-11-20T23:00:00.000Z");
    // Monday today: "monday" is today's end.
    expect(when("lundi")).toBe("2026-11-16T23:00:00.000Z");
  });

  it("a date that does not exist is refused", () => {
    expect(when("2026-02-30")).toBeUndefined();
    expect(readWhen(["someday"], { year: 2026 })).toBeUndefined();
  });
});
