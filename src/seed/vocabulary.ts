/** The demo organisation: services, support groups, people. French labels, as in a French DSI. */

/** The resolver groups, from the service desk to the level-3 experts. */
export const GROUPS = {
  desk: "Service Desk N1",
  apps: "Support N2 Applications",
  infra: "Support N2 Infra",
  network: "Réseau N3",
  systems: "Systèmes N3",
  workstation: "Poste de travail",
} as const;

/** One business service and how its tickets behave. */
export interface DemoService {
  name: string;
  /** Share of the ticket volume. */
  weight: number;
  /** Base chance that a (non-automated) ticket is escalated beyond level 1. */
  escalation: number;
  l2: string;
  l3: string;
  incidentTitles: readonly string[];
}

/** The ~8 services users ask about; escalation differs so that breakdowns show something. */
export const SERVICES: readonly DemoService[] = [
  {
    name: "Poste de travail",
    weight: 24,
    escalation: 0.22,
    l2: GROUPS.workstation,
    l3: GROUPS.systems,
    incidentTitles: ["PC très lent", "Écran noir au démarrage", "Clavier ou souris défaillant", "Mise à jour bloquée"],
  },
  {
    name: "Messagerie",
    weight: 14,
    escalation: 0.2,
    l2: GROUPS.apps,
    l3: GROUPS.systems,
    incidentTitles: [
      "Outlook ne s'ouvre plus",
      "Boîte aux lettres pleine",
      "Mails non reçus",
      "Calendrier non synchronisé",
    ],
  },
  {
    name: "VPN",
    weight: 10,
    escalation: 0.33,
    l2: GROUPS.infra,
    l3: GROUPS.network,
    incidentTitles: ["Connexion VPN impossible", "VPN très lent", "Déconnexions VPN fréquentes"],
  },
  {
    name: "ERP",
    weight: 12,
    escalation: 0.46,
    l2: GROUPS.apps,
    l3: GROUPS.systems,
    incidentTitles: ["Erreur à la validation d'une commande", "Lenteurs ERP", "Écriture comptable bloquée"],
  },
  {
    name: "Réseau",
    weight: 9,
    escalation: 0.42,
    l2: GROUPS.infra,
    l3: GROUPS.network,
    incidentTitles: ["Wi-Fi indisponible en salle de réunion", "Prise réseau inactive", "Coupure réseau d'un étage"],
  },
  {
    name: "Téléphonie",
    weight: 8,
    escalation: 0.24,
    l2: GROUPS.infra,
    l3: GROUPS.network,
    incidentTitles: ["Poste téléphonique muet", "Softphone ne se connecte pas", "Messagerie vocale inaccessible"],
  },
  {
    name: "CRM",
    weight: 8,
    escalation: 0.36,
    l2: GROUPS.apps,
    l3: GROUPS.systems,
    incidentTitles: ["Fiche client introuvable", "Export CRM en erreur", "Synchronisation CRM en échec"],
  },
  {
    name: "Intranet",
    weight: 6,
    escalation: 0.16,
    l2: GROUPS.apps,
    l3: GROUPS.systems,
    incidentTitles: ["Page intranet en erreur 500", "Recherche intranet sans résultat", "Annuaire non à jour"],
  },
];

/** Incident categories and their weights. */
export const INCIDENT_CATEGORIES = [
  ["Panne", 40],
  ["Dégradation", 30],
  ["Erreur applicative", 25],
  ["Sécurité", 5],
] as const;

/** Request categories and their weights. */
export const REQUEST_CATEGORIES = [
  ["Accès / droits", 30],
  ["Installation", 20],
  ["Matériel", 15],
  ["Information", 15],
  ["Mot de passe", 20],
] as const;

/** Titles of requests, by category ({s} = the service). */
export const REQUEST_TITLES: Record<string, string> = {
  "Accès / droits": "Demande d'accès {s}",
  Installation: "Installation d'un logiciel ({s})",
  Matériel: "Demande de matériel ({s})",
  Information: "Question sur {s}",
  "Mot de passe": "Réinitialisation du mot de passe {s}",
};

/** Agents per group (automation gets its own assignee). */
export const ASSIGNEES: Record<string, readonly string[]> = {
  [GROUPS.desk]: [
    "Camille Martin",
    "Lucas Bernard",
    "Léa Dubois",
    "Hugo Thomas",
    "Chloé Robert",
    "Nathan Richard",
    "Manon Petit",
    "Enzo Durand",
    "Inès Leroy",
  ],
  [GROUPS.apps]: ["Julie Moreau", "Thomas Simon", "Sarah Laurent", "Antoine Lefebvre", "Emma Michel", "Maxime Garcia"],
  [GROUPS.infra]: ["Nicolas David", "Laura Bertrand", "Kevin Roux", "Pauline Vincent", "Romain Fournier"],
  [GROUPS.network]: ["Sébastien Morel", "Aurélie Girard", "Julien André"],
  [GROUPS.systems]: ["Mathieu Lefèvre", "Claire Mercier", "Olivier Dupont", "Sophie Lambert"],
  [GROUPS.workstation]: ["Alexandre Bonnet", "Marion François", "Florian Martinez", "Élodie Legrand", "Damien Garnier"],
};

/** Who resolves automated tickets. */
export const AUTOMATION_ASSIGNEE = "Automate ITSM";

/** First and last names of requesters (combined into a population of employees). */
// biome-ignore format: word lists read better packed
export const FIRST_NAMES = [
  "Alice", "Benoît", "Céline", "David", "Élise", "François", "Gaëlle", "Henri", "Isabelle", "Jacques",
  "Karine", "Laurent", "Mélanie", "Noël", "Océane", "Pierre", "Quentin", "Rachel", "Stéphane", "Tiphaine",
  "Ulysse", "Valérie", "William", "Xavier", "Yasmine", "Zoé", "Arnaud", "Brigitte", "Cédric", "Delphine",
  "Emmanuel", "Fabienne", "Guillaume", "Hélène", "Ibrahim", "Jeanne", "Karim", "Lucie", "Marc", "Nadia",
] as const;

/** Last names of requesters. */
// biome-ignore format: word lists read better packed
export const LAST_NAMES = [
  "Martin", "Bernard", "Dubois", "Thomas", "Robert", "Richard", "Petit", "Durand", "Leroy", "Moreau",
  "Simon", "Laurent", "Lefebvre", "Michel", "Garcia", "David", "Bertrand", "Roux", "Vincent", "Fournier",
  "Morel", "Girard", "André", "Lefèvre", "Mercier", "Dupont", "Lambert", "Bonnet", "François", "Martinez",
  "Legrand", "Garnier", "Faure", "Rousseau", "Blanc", "Guerin", "Muller", "Henry", "Roussel", "Nicolas",
  "Perrin", "Morin", "Mathieu", "Clément", "Gauthier", "Dumont", "Lopez", "Fontaine", "Chevalier", "Robin",
] as const;

/** The demo e-mail domain (.example is reserved for examples: never a real mailbox). */
export const EMAIL_DOMAIN = "kpibot-demo.example";

/** Applications found outside the DSI's control. */
// biome-ignore format: word lists read better packed
export const SHADOW_IT_APPS = [
  "Dropbox personnel", "Trello (compte gratuit)", "WeTransfer Pro", "Google Sheets partagé", "Monday.com",
  "Groupes WhatsApp", "Notion", "Zapier", "Airtable", "Canva", "Comptes IA grand public", "Slack gratuit",
  "Doodle", "SurveyMonkey", "Asana", "Miro", "Calendly", "Smartsheet", "Jira Cloud (free)", "Box",
  "OneDrive personnel", "Evernote", "Typeform", "Mailchimp", "Basecamp", "Wrike", "Discord", "TeamViewer",
  "AnyDesk", "Google Forms", "iCloud Drive", "Pipedrive", "HubSpot gratuit", "Loom", "Figma", "Lucidchart",
] as const;

/** Lower-case ASCII form of a name for e-mail addresses ("Élise" → "elise"). */
export function asciiSlug(text: string): string {
  return text
    .normalize("NFD")
    .replace(/[\u0300-\u036f]/g, "")
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-|-$/g, "");
}
