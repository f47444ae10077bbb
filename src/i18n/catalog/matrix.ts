/** Words of the Matrix adapter (namespace `matrix`). */
export const matrix = {
  en: {
    pick: "Reply !kpi {{first}}–!kpi {{last}} to pick one (in a direct chat, the number alone).",
    encrypted:
      "This room is end-to-end encrypted, and kpibot cannot read encrypted rooms yet: it is leaving. Invite it to an unencrypted room, or ask an admin (docs/matrix.md).",
    error:
      "Sorry, something went wrong while answering (reference {{ref}}). Try again, or ask the kpibot admin to check the logs.",
    noChoice: "There is nothing to pick with {{n}} here: ask again, then reply with one of the numbers listed.",
  },
  fr: {
    pick: "Répondez !kpi {{first}}–!kpi {{last}} pour choisir (dans une discussion directe, le numéro seul).",
    encrypted:
      "Ce salon est chiffré de bout en bout, et kpibot ne sait pas encore lire les salons chiffrés : il le quitte. Invitez-le dans un salon non chiffré, ou demandez à un administrateur (docs/matrix.md).",
    error:
      "Désolé, un problème est survenu pendant la réponse (référence {{ref}}). Réessayez, ou demandez à l'administrateur de kpibot de consulter les journaux.",
    noChoice:
      "Il n'y a rien à choisir avec {{n}} ici : reposez la question, puis répondez avec l'un des numéros proposés.",
  },
} as const;
