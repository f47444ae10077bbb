/** The subset of the Adaptive Card 1.5 schema kpibot emits (plain JSON, no SDK types). */

/** Spacing between an element and the one above it. */
export type Spacing = "None" | "Small" | "Default" | "Medium" | "Large";

/** Properties every body element may carry. */
interface ElementBase {
  spacing?: Spacing;
  separator?: boolean;
}

/** A TextBlock (Teams renders a CommonMark subset in `text`). */
export interface TextBlockElement extends ElementBase {
  type: "TextBlock";
  text: string;
  wrap: true;
  size?: "Small" | "Default" | "Medium" | "Large";
  weight?: "Bolder";
  isSubtle?: boolean;
  style?: "heading";
  color?: "Good" | "Warning" | "Attention";
}

/** A label/value list. */
export interface FactSetElement extends ElementBase {
  type: "FactSet";
  facts: { title: string; value: string }[];
}

/** An image by URL (https or data: URI). */
export interface ImageElement extends ElementBase {
  type: "Image";
  url: string;
  altText: string;
  size: "Stretch";
}

/** A button that posts `data` back to the bot as the message activity's `value`. */
export interface SubmitAction {
  type: "Action.Submit";
  title: string;
  data: { actionId: string; value: string };
  style?: "positive" | "destructive";
}

/** A row of buttons inside the body. */
export interface ActionSetElement extends ElementBase {
  type: "ActionSet";
  actions: SubmitAction[];
}

/** A styled group (used to colour the KPI fields by status). */
export interface ContainerElement extends ElementBase {
  type: "Container";
  style?: "default" | "emphasis" | "good" | "attention" | "warning";
  items: CardElement[];
}

/** Any element kpibot puts in a card body. */
export type CardElement = TextBlockElement | FactSetElement | ImageElement | ActionSetElement | ContainerElement;

/** The card itself. */
export interface AdaptiveCard {
  type: "AdaptiveCard";
  $schema: "http://adaptivecards.io/schemas/adaptive-card.json";
  version: string;
  fallbackText: string;
  body: CardElement[];
  /** Teams extension: use the full message width so charts stay legible. */
  msteams: { width: "Full" };
}

/** The attachment content type Teams expects for Adaptive Cards. */
export const ADAPTIVE_CARD_CONTENT_TYPE = "application/vnd.microsoft.card.adaptive";
