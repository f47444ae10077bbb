import { describe, expect, it } from "vitest";
import { loadConfig } from "./config.js";
import { isKpibotError } from "./errors.js";

describe("loadConfig", () => {
  it("defaults to the embedded SQLite store, port 3000, Paris time, local charts", () => {
    const c = loadConfig({}, { dotenv: false });
    expect(c).toMatchObject({
      DATABASE_URL: "file:./data/kpibot.db",
      PORT: 3000,
      KPIBOT_TIMEZONE: "Europe/Paris",
      KPIBOT_CHARTS: "local",
      KPIBOT_ADMINS: [],
    });
  });

  it("parses lists, numbers and booleans", () => {
    const c = loadConfig({ PORT: "8080", KPIBOT_ADMINS: "U1, slack:U2,,", KPIBOT_SEED_DEMO: "off" }, { dotenv: false });
    expect(c.PORT).toBe(8080);
    expect(c.KPIBOT_ADMINS).toEqual([
      { platform: "slack", id: "U1" },
      { platform: "slack", id: "U2" },
    ]);
    expect(c.KPIBOT_SEED_DEMO).toBe(false);
  });

  it("parses KPIBOT_ADMINS into exact (platform, id) pairs: Teams ids keep their colons, bare ids are Slack's", () => {
    const c = loadConfig({ KPIBOT_ADMINS: "teams:29:1abc-def, W0ABC, cli:ops, playground:pg-x" }, { dotenv: false });
    expect(c.KPIBOT_ADMINS).toEqual([
      { platform: "teams", id: "29:1abc-def" },
      { platform: "slack", id: "W0ABC" },
      { platform: "cli", id: "ops" },
      { platform: "playground", id: "pg-x" },
    ]);
  });

  it("refuses KPIBOT_ADMINS entries that could match the wrong user, saying how to write them", () => {
    for (const bad of ["29:1abc", "alice", "msteams:29:1", "slack:"]) {
      expect(() => loadConfig({ KPIBOT_ADMINS: bad }, { dotenv: false })).toThrow(/KPIBOT_ADMINS: .*(platform|id)/);
    }
  });

  it("names every bad variable and says what would work", () => {
    const err = (() => {
      try {
        loadConfig(
          { DATABASE_URL: "mysql://x", KPIBOT_TIMEZONE: "Paris", SLACK_BOT_TOKEN: "abc", PORT: "http" },
          { dotenv: false },
        );
      } catch (e) {
        return e;
      }
    })();
    expect(isKpibotError(err, "CONFIG_INVALID")).toBe(true);
    const msg = (err as Error).message;
    expect(msg).toMatch(/DATABASE_URL: must start with file: \(SQLite\) or postgresql:\/\//);
    expect(msg).toMatch(/KPIBOT_TIMEZONE: must be an IANA time zone such as Europe\/Paris/);
    expect(msg).toMatch(/SLACK_BOT_TOKEN: must be a bot token starting with xoxb-/);
    expect(msg).toMatch(/PORT:/);
  });

  it("reads LOG_FORMAT: auto by default (pretty on a terminal), json or pretty when forced", () => {
    expect(loadConfig({}, { dotenv: false }).LOG_FORMAT).toBe("auto");
    expect(loadConfig({ LOG_FORMAT: "json" }, { dotenv: false }).LOG_FORMAT).toBe("json");
    expect(loadConfig({ LOG_FORMAT: "pretty" }, { dotenv: false }).LOG_FORMAT).toBe("pretty");
    expect(() => loadConfig({ LOG_FORMAT: "fancy" }, { dotenv: false })).toThrow(/LOG_FORMAT:/);
  });

  it("treats empty strings as unset", () => {
    expect(loadConfig({ DATABASE_URL: "", PORT: "" }, { dotenv: false }).PORT).toBe(3000);
  });
});
