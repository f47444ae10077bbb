/** Words of the Slack adapter (namespace `slack`): buttons, status cues, Home tab, Slack API errors. */
export const slack = {
  en: {
    status: {
      on_target: "On target",
      watch: "Watch",
      off_target: "Off target",
      no_target: "No target",
      no_data: "No data",
    },
    chartAlt: "Chart: {{alt}}",
    moreNotShown: "…{{count}} more blocks not shown. Ask a narrower question (a period, a filter) to see them.",
    home: {
      hint: "Ask in any channel with `/kpi <kpi> [period]`, e.g. `/kpi fcr last month`; `/kpi help` lists everything.",
      updated: "Updated {{time}}",
    },
    errors: {
      not_in_channel: "I'm not in this channel yet: invite me with `/invite @kpibot`, then try again.",
      channel_not_found:
        "I can't see this conversation: invite me with `/invite @kpibot` (private channels need an invitation), then try again.",
      is_archived: "This channel is archived, so I can't post in it.",
      missing_scope:
        "kpibot lacks a Slack permission ({{scope}}): ask a Slack admin to reinstall the app from manifest/slack.json.",
      ratelimited: "Slack is rate-limiting kpibot right now: try again in a minute.",
      invalid_auth: "kpibot's Slack token is not valid any more: ask the kpibot admin to check SLACK_BOT_TOKEN.",
      msg_too_long: "This answer is too long for Slack: ask a narrower question (a period, a filter).",
      generic:
        "Sorry, something went wrong while answering (reference `{{ref}}`). Try again, or ask the kpibot admin to check the logs.",
    },
  },
  fr: {
    status: {
      on_target: "Objectif atteint",
      watch: "À surveiller",
      off_target: "Hors objectif",
      no_target: "Sans objectif",
      no_data: "Pas de données",
    },
    chartAlt: "Graphique : {{alt}}",
    moreNotShown:
      "…{{count}} blocs de plus non affichés. Posez une question plus précise (une période, un filtre) pour les voir.",
    home: {
      hint: "Demandez dans n'importe quel canal avec `/kpi <kpi> [période]`, par ex. `/kpi fcr mois dernier` ; `/kpi aide` liste tout.",
      updated: "Mis à jour {{time}}",
    },
    errors: {
      not_in_channel: "Je ne suis pas encore dans ce canal : invitez-moi avec `/invite @kpibot`, puis réessayez.",
      channel_not_found:
        "Je ne vois pas cette conversation : invitez-moi avec `/invite @kpibot` (les canaux privés demandent une invitation), puis réessayez.",
      is_archived: "Ce canal est archivé : je ne peux pas y écrire.",
      missing_scope:
        "Il manque à kpibot une permission Slack ({{scope}}) : demandez à un admin Slack de réinstaller l'application depuis manifest/slack.json.",
      ratelimited: "Slack limite kpibot en ce moment : réessayez dans une minute.",
      invalid_auth:
        "Le jeton Slack de kpibot n'est plus valide : demandez à l'administrateur de kpibot de vérifier SLACK_BOT_TOKEN.",
      msg_too_long:
        "Cette réponse est trop longue pour Slack : posez une question plus précise (une période, un filtre).",
      generic:
        "Désolé, une erreur est survenue pendant la réponse (référence `{{ref}}`). Réessayez, ou demandez à l'administrateur de kpibot de consulter les journaux.",
    },
  },
} as const;
