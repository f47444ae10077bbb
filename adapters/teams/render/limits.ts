/**
 * Teams limits the Adaptive Card renderer applies at render time, one quirk per line.
 * Sources: Microsoft Teams docs ("Format cards", bot message size) and the Teams host config.
 */
export const TEAMS_LIMITS = {
  /** Teams rejects bot messages over ~28 KB (card JSON + envelope): MessageSizeTooBig / 413. */
  maxMessageBytes: 28 * 1024,
  /** Room kept for the activity envelope (ids, conversation, from, recipient, summary) around the card. */
  envelopeReserveBytes: 2 * 1024,
  /** Teams' host config shows at most 6 actions per action set; extra buttons are silently dropped. */
  maxActionsPerSet: 6,
  /** Long button titles are cut with an ellipsis by Teams; keep them readable ourselves. */
  maxActionTitleChars: 40,
  /** Action.Submit data travels back in the message activity; a command never needs more. */
  maxActionValueChars: 1_000,
  /** No documented per-TextBlock cap, but huge blocks are unreadable and eat the 28 KB budget. */
  maxTextChars: 3_000,
  /** Headers render as one large line; anything longer wraps into a wall of text. */
  maxHeaderChars: 200,
  /** FactSet titles wrap badly past this width on mobile. */
  maxFactTitleChars: 100,
  maxFactValueChars: 500,
  /** A FactSet with dozens of rows is a table in disguise; the chart and the text carry the rest. */
  maxFacts: 20,
  /** Image alt text is read by screen readers; Teams truncates tooltips beyond this. */
  maxAltTextChars: 300,
  /** A data: URI counts against the message size; above this budget the chart needs a URL. */
  maxInlineImageBytes: 18 * 1024,
  /**
   * Adaptive Cards schema version Teams desktop/web render (mobile falls back gracefully). Cards carry
   * no `lang`: adaptivecards 3.0.6 checks it with a shared /g RegExp and rejects every second card.
   */
  cardVersion: "1.5",
} as const;
