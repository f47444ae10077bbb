import type { App } from "../app.js";
import type { Interaction } from "../core/interaction.js";
import type { Reply } from "../reply/types.js";

/**
 * The one entry point every surface calls: a neutral interaction in, a neutral reply out.
 * Never throws: bad input becomes a helpful reply in the user's language.
 * (Contract placeholder: the command language replaces this body.)
 */
export async function handleInteraction(app: App, interaction: Interaction): Promise<Reply> {
  const text = interaction.kind === "command" ? interaction.text : `${interaction.actionId} ${interaction.value}`;
  app.logger.debug({ platform: interaction.user.platform }, "interaction received");
  return {
    locale: "en",
    fallback: `kpibot received: ${text}`,
    blocks: [{ type: "text", text: `kpibot received: ${text}` }],
  };
}
