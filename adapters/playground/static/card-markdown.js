// kpibot playground, Teams view: Markdown in Adaptive Cards. Microsoft's adaptivecards library shows a
// TextBlock's Markdown literally (`**bold**`, `\*`) unless the host page processes it. The server sends,
// with each card, the HTML of each of its Markdown texts (adapters/playground/card-markdown.ts: the
// playground's own markup renderer, every character escaped); this hook looks the texts up.
(() => {
  const html = new Map(); // card Markdown text -> its HTML (the same text always gives the same HTML)

  window.kbCardMarkdown = {
    /** Keeps the HTML of a card's texts, as the API sent it (`cardMarkdown`). */
    remember(texts) {
      for (const [text, out] of Object.entries(texts ?? {})) if (typeof out === "string") html.set(text, out);
    },
    /** Makes the library draw those texts as HTML; a text the server did not send stays literal. */
    install(AdaptiveCards) {
      AdaptiveCards.AdaptiveCard.onProcessMarkdown = (text, result) => {
        const out = html.get(text);
        if (out === undefined) return;
        result.outputHtml = out;
        result.didProcess = true;
      };
    },
  };
})();
