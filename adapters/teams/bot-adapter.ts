import {
  type Activity,
  CloudAdapter,
  ConfigurationBotFrameworkAuthentication,
  type ConfigurationBotFrameworkAuthenticationOptions,
  type InvokeResponse,
  type TurnContext,
} from "botbuilder";
import type { Config } from "../../src/config.js";
import { KpibotError } from "../../src/errors.js";

/** The Teams-related part of kpibot's configuration. */
export type TeamsSettings = Pick<
  Config,
  "MICROSOFT_APP_ID" | "MICROSOFT_APP_PASSWORD" | "MICROSOFT_APP_TENANT_ID" | "MICROSOFT_APP_TYPE"
>;

/** The outcome of validating a request's token (botframework-connector's AuthenticateRequestResult). */
export type AuthenticateRequestResult = Awaited<
  ReturnType<ConfigurationBotFrameworkAuthentication["authenticateRequest"]>
>;

/** Turn logic run by the adapter for each activity. */
export type TurnLogic = (context: TurnContext) => Promise<void>;

/**
 * CloudAdapter with the two steps of `process()` exposed separately, so the Hono route can answer
 * 401 for a bad token itself (and log through pino instead of botbuilder's console calls).
 */
export class KpibotCloudAdapter extends CloudAdapter {
  /** Validates the Bot Framework JWT in `authorization` (anonymous in emulator mode); throws when invalid. */
  authenticate(activity: Activity, authorization: string): Promise<AuthenticateRequestResult> {
    return this.botFrameworkAuthentication.authenticateRequest(activity, authorization);
  }

  /** Runs the turn for an authenticated activity; resolves to the invoke response, if any. */
  run(auth: AuthenticateRequestResult, activity: Activity, logic: TurnLogic): Promise<InvokeResponse | undefined> {
    return this.processActivity(auth, activity, logic);
  }
}

/** Checks the MICROSOFT_APP_* combination before botbuilder asserts on it with a less helpful message. */
export function checkTeamsSettings(s: TeamsSettings): void {
  if (!s.MICROSOFT_APP_ID) return;
  const problems: string[] = [];
  if (s.MICROSOFT_APP_TYPE === "UserAssignedMSI") {
    if (!s.MICROSOFT_APP_TENANT_ID)
      problems.push("MICROSOFT_APP_TENANT_ID: required with MICROSOFT_APP_TYPE=UserAssignedMSI");
    if (s.MICROSOFT_APP_PASSWORD)
      problems.push("MICROSOFT_APP_PASSWORD: must be empty with MICROSOFT_APP_TYPE=UserAssignedMSI");
  } else {
    if (!s.MICROSOFT_APP_PASSWORD) {
      problems.push(
        "MICROSOFT_APP_PASSWORD: required when MICROSOFT_APP_ID is set (the client secret of the Azure Bot's app registration)",
      );
    }
    if (s.MICROSOFT_APP_TYPE === "SingleTenant" && !s.MICROSOFT_APP_TENANT_ID) {
      problems.push("MICROSOFT_APP_TENANT_ID: required with MICROSOFT_APP_TYPE=SingleTenant (your Entra ID tenant id)");
    }
  }
  if (problems.length > 0) {
    throw new KpibotError(
      "CONFIG_INVALID",
      `Invalid Teams configuration — fix these environment variables (or .env):\n${problems.map((p) => `  ${p}`).join("\n")}`,
    );
  }
}

/**
 * The public Azure cloud's Bot Framework endpoints (botframework-connector's AuthenticationConstants).
 * botbuilder switches to "all parameters explicit" as soon as one is given, so an override of one
 * endpoint is merged over these.
 */
export const PUBLIC_CLOUD_ENDPOINTS: ConfigurationBotFrameworkAuthenticationOptions = {
  ValidateAuthority: true,
  ToChannelFromBotLoginUrl: "https://login.microsoftonline.com/botframework.com",
  ToChannelFromBotOAuthScope: "https://api.botframework.com",
  ToBotFromChannelTokenIssuer: "https://api.botframework.com",
  OAuthUrl: "https://api.botframework.com",
  ToBotFromChannelOpenIdMetadataUrl: "https://login.botframework.com/v1/.well-known/openidconfiguration",
  ToBotFromEmulatorOpenIdMetadataUrl: "https://login.microsoftonline.com/common/v2.0/.well-known/openid-configuration",
  CallerId: "urn:botframework:azure",
};

/**
 * Builds the adapter. No app id → emulator mode: unauthenticated activities are accepted and
 * replies go to the activity's serviceUrl. `overrides` replaces Bot Framework endpoints (tests
 * point the OpenID metadata at a local key server).
 */
export function createBotAdapter(
  s: TeamsSettings,
  overrides: ConfigurationBotFrameworkAuthenticationOptions = {},
): KpibotCloudAdapter {
  checkTeamsSettings(s);
  const options: ConfigurationBotFrameworkAuthenticationOptions = {
    ...(s.MICROSOFT_APP_ID ? { MicrosoftAppId: s.MICROSOFT_APP_ID } : {}),
    ...(s.MICROSOFT_APP_PASSWORD ? { MicrosoftAppPassword: s.MICROSOFT_APP_PASSWORD } : {}),
    ...(s.MICROSOFT_APP_TENANT_ID ? { MicrosoftAppTenantId: s.MICROSOFT_APP_TENANT_ID } : {}),
    MicrosoftAppType: s.MICROSOFT_APP_TYPE,
    ...(Object.keys(overrides).length > 0 ? { ...PUBLIC_CLOUD_ENDPOINTS, ...overrides } : {}),
  };
  return new KpibotCloudAdapter(new ConfigurationBotFrameworkAuthentication(options));
}

type PipelineLike = { removePolicy(options: { phase?: string; name?: string }): unknown };

/**
 * Removes the Azure pipeline's built-in retry policy from this turn's connector client: it retries
 * 5xx with real sleeps and ignores 412/429 without Retry-After, and would multiply our retries.
 * Returns false when the SDK's internals changed (a test catches that).
 */
export function disableSdkRetries(context: TurnContext, adapter: CloudAdapter): boolean {
  const connector: unknown = context.turnState.get(adapter.ConnectorClientKey);
  const client: unknown = connector ? Reflect.get(connector as object, "client") : undefined;
  const pipeline: unknown = client ? Reflect.get(client as object, "pipeline") : undefined;
  if (!pipeline || typeof (pipeline as Partial<PipelineLike>).removePolicy !== "function") return false;
  (pipeline as PipelineLike).removePolicy({ phase: "Retry" });
  return true;
}
