import { generateKeyPairSync, type KeyObject, sign } from "node:crypto";
import { createServer } from "node:http";

/**
 * A stand-in for the Bot Framework's token issuer: an OpenID metadata document and signing keys
 * on 127.0.0.1 (what kpibot fetches from login.botframework.com), and a signer for channel tokens
 * shaped like the ones Teams sends (RS256, iss https://api.botframework.com, aud = app id).
 */
export interface TokenIssuer {
  /** Pass as ToBotFromChannelOpenIdMetadataUrl. */
  metadataUrl: string;
  /** A Bearer token for the activity's serviceUrl; `key: "other"` signs with a key the issuer does not publish. */
  token(opts: { appId: string; serviceUrl: string; key?: "published" | "other"; expiresInS?: number }): string;
  close(): Promise<void>;
}

function b64url(value: unknown): string {
  return Buffer.from(JSON.stringify(value)).toString("base64url");
}

function jwt(payload: Record<string, unknown>, kid: string, key: KeyObject): string {
  const head = `${b64url({ alg: "RS256", typ: "JWT", kid, x5t: kid })}.${b64url(payload)}`;
  return `${head}.${sign("RSA-SHA256", Buffer.from(head), key).toString("base64url")}`;
}

/** Starts the issuer. */
export async function startTokenIssuer(): Promise<TokenIssuer> {
  const published = generateKeyPairSync("rsa", { modulusLength: 2048 });
  const other = generateKeyPairSync("rsa", { modulusLength: 2048 });
  const jwk = published.publicKey.export({ format: "jwk" });
  let base = "";
  const server = createServer((req, res) => {
    res.setHeader("content-type", "application/json");
    if (req.url === "/v1/.well-known/openidconfiguration") {
      res.end(
        JSON.stringify({
          issuer: "https://api.botframework.com",
          authorization_endpoint: "https://invalid.botframework.com",
          jwks_uri: `${base}/v1/.well-known/keys`,
          id_token_signing_alg_values_supported: ["RS256"],
          token_endpoint_auth_methods_supported: ["private_key_jwt"],
        }),
      );
    } else if (req.url === "/v1/.well-known/keys") {
      res.end(
        JSON.stringify({
          keys: [{ kty: "RSA", use: "sig", kid: "kpibot-test", n: jwk.n, e: jwk.e, endorsements: ["msteams"] }],
        }),
      );
    } else {
      res.statusCode = 404;
      res.end("{}");
    }
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", () => resolve()));
  const address = server.address();
  base = `http://127.0.0.1:${typeof address === "object" && address ? address.port : 0}`;
  return {
    metadataUrl: `${base}/v1/.well-known/openidconfiguration`,
    token: ({ appId, serviceUrl, key = "published", expiresInS = 3600 }) => {
      const now = Math.floor(Date.now() / 1000);
      return jwt(
        {
          serviceurl: serviceUrl,
          nbf: now - 60,
          exp: now + expiresInS,
          iss: "https://api.botframework.com",
          aud: appId,
        },
        "kpibot-test",
        key === "published" ? published.privateKey : other.privateKey,
      );
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
