/** Words of the Mattermost adapter (namespace `mattermost`). */
export const mattermost = {
  en: {
    error:
      "Sorry, something went wrong while answering (reference `{{ref}}`). Try again, or ask the kpibot admin to check the logs.",
    notInChannel:
      "kpibot cannot post in this channel: add its bot account to the channel (channel menu → Add members), then try again.",
    refused: "Mattermost refused kpibot's message ({{reason}}). Reference `{{ref}}`.",
  },
  fr: {
    error:
      "Désolé, un problème est survenu pendant la réponse (référence `{{ref}}`). Réessayez, ou demandez à l'administrateur de kpibot de consulter les journaux.",
    notInChannel:
      "kpibot ne peut pas écrire dans ce canal : ajoutez son compte bot au canal (menu du canal → Ajouter des membres), puis réessayez.",
    refused: "Mattermost a refusé le message de kpibot ({{reason}}). Référence `{{ref}}`.",
  },
} as const;
