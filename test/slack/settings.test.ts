import { describe, expect, it } from "vitest";
import { slackSettings } from "../../adapters/slack/settings.js";
import { loadConfig } from "../../src/config.js";
import { isKpibotError } from "../../src/errors.js";

const config = (env: Record<string, string>) => loadConfig(env, { dotenv: false });

function errorOf(env: Record<string, string>): string {
  try {
    slackSettings(config(env));
  } catch (err) {
    expect(isKpibotError(err, "CONFIG_INVALID")).toBe(true);
    return (err as Error).message;
  }
  throw new Error("expected a configuration error");
}

describe("Slack settings", () => {
  it("is off when no Slack variable is set", () => {
    expect(slackSettings(config({}))).toBeUndefined();
  });

  it("bot token + signing secret = HTTP mode on the Slack API by default", () => {
    expect(slackSettings(config({ SLACK_BOT_TOKEN: "xoxb-1", SLACK_SIGNING_SECRET: "s" }))).toEqual({
      mode: "http",
      botToken: "xoxb-1",
      signingSecret: "s",
      apiUrl: "https://slack.com/api/",
    });
  });

  it("an app token switches to Socket Mode; SLACK_API_URL gets its trailing slash", () => {
    expect(
      slackSettings(
        config({ SLACK_BOT_TOKEN: "xoxb-1", SLACK_APP_TOKEN: "xapp-1", SLACK_API_URL: "http://127.0.0.1:9/api" }),
      ),
    ).toEqual({ mode: "socket", botToken: "xoxb-1", appToken: "xapp-1", apiUrl: "http://127.0.0.1:9/api/" });
  });

  it("a bot token without a signing secret or app token says what to set", () => {
    const message = errorOf({ SLACK_BOT_TOKEN: "xoxb-1" });
    expect(message).toContain("set SLACK_SIGNING_SECRET");
    expect(message).toContain("or set SLACK_APP_TOKEN");
  });

  it("a signing secret or app token without a bot token says to set SLACK_BOT_TOKEN", () => {
    expect(errorOf({ SLACK_SIGNING_SECRET: "s" })).toMatch(/SLACK_SIGNING_SECRET set but SLACK_BOT_TOKEN is missing/);
    expect(errorOf({ SLACK_APP_TOKEN: "xapp-1" })).toMatch(/SLACK_APP_TOKEN set but SLACK_BOT_TOKEN is missing/);
  });
});
