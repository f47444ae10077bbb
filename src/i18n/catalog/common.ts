/** Words shared by every surface. */
export const common = {
  en: {
    yes: "yes",
    no: "no",
    noData: "no data yet",
  },
  fr: {
    yes: "oui",
    no: "non",
    noData: "pas encore de données",
  },
} as const;
