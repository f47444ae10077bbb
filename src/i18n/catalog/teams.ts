/** Words of the Microsoft Teams adapter (namespace `teams`). */
export const teams = {
  en: {
    chartUnavailable: "picture not shown here — a kpibot admin can set KPIBOT_PUBLIC_URL to show charts in Teams",
    error:
      "Sorry, something went wrong while answering (reference `{{ref}}`). Try again, or ask the kpibot admin to check the logs.",
  },
  fr: {
    chartUnavailable:
      "image non affichée ici — un administrateur de kpibot peut définir KPIBOT_PUBLIC_URL pour afficher les graphiques dans Teams",
    error:
      "Désolé, un problème est survenu pendant la réponse (référence `{{ref}}`). Réessayez, ou demandez à l'administrateur de kpibot de consulter les journaux.",
  },
} as const;
