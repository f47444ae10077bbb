// kpibot playground: posts what the user types (or clicks) to the playground API and shows the reply.
// Plain browser JavaScript, no build step. Reply HTML comes escaped from the server (renderReplyHtml).
(() => {
  const API = "/playground/api/interactions";
  const ADAPTIVE_CARDS = "/playground/static/adaptivecards.min.js";
  const strings = JSON.parse(document.body.dataset.strings);
  const log = document.getElementById("kb-log");
  const form = document.getElementById("kb-form");
  const input = document.getElementById("kb-input");
  const viewSwitch = document.getElementById("kb-view");
  const teamsAvailable = document.body.dataset.teamsView === "on";
  // The reply language: the one picked with the page's English/Français links; otherwise none is
  // sent and the core decides from the words typed ("mttr mois dernier" answers in French), as in a
  // chat where people switch languages.
  const locale = new URLSearchParams(location.search).get("lang") || undefined;
  const cards = new Map(); // message body element -> Adaptive Card JSON
  const alts = new Map(); // message body element -> {mattermost, element}: the other platforms' HTML, from the server
  let view = "slack";

  /** One id per browser, so the bot sees one user and one conversation. */
  function sessionId() {
    const key = "kpibot.playground.session";
    let id = localStorage.getItem(key);
    if (!id || !/^[A-Za-z0-9_-]{8,64}$/.test(id)) {
      id = crypto.randomUUID().replace(/-/g, "");
      localStorage.setItem(key, id);
    }
    return id;
  }
  const session = sessionId();

  /**
   * The one-time admin link (`/?admin=<token>`, printed in kpibot's log at start): sent once with
   * this browser's session, then removed from the address bar and the history.
   */
  async function claimAdmin() {
    const params = new URLSearchParams(location.search);
    const token = params.get("admin");
    if (!token) return;
    params.delete("admin");
    const rest = params.toString();
    history.replaceState(null, "", `${location.pathname}${rest ? `?${rest}` : ""}`);
    let ok = false;
    try {
      const res = await fetch("/playground/api/admin", {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ session, token }),
      });
      ok = res.ok;
    } catch {
      ok = false;
    }
    const content = document.createElement("div");
    content.className = "kb-text";
    content.textContent = ok ? strings.adminGranted : strings.adminRefused;
    addMessage("bot").append(content);
  }

  /** Appends a message row and returns its body element. */
  function addMessage(from) {
    const row = document.createElement("div");
    row.className = `kb-message kb-from-${from}`;
    const avatar = document.createElement("div");
    avatar.className = "kb-avatar";
    avatar.setAttribute("aria-hidden", "true");
    avatar.textContent = from === "bot" ? "K" : strings.you.slice(0, 1).toUpperCase();
    const body = document.createElement("div");
    body.className = "kb-body";
    const meta = document.createElement("div");
    meta.className = "kb-meta";
    const name = document.createElement("span");
    name.className = "kb-name";
    name.textContent = from === "bot" ? strings.bot : strings.you;
    meta.append(name);
    if (from === "bot") {
      const badge = document.createElement("span");
      badge.className = "kb-badge";
      badge.textContent = "APP";
      meta.append(" ", badge);
    }
    body.append(meta);
    row.append(avatar, body);
    log.append(row);
    return body;
  }

  function scrollToEnd() {
    log.scrollTop = log.scrollHeight;
  }

  /** Sends one interaction; the reply fills a placeholder added at once, so replies keep the order of questions. */
  async function send(payload, shown) {
    const mine = addMessage("user");
    const said = document.createElement("div");
    said.className = "kb-text";
    said.textContent = shown;
    mine.append(said);

    const body = addMessage("bot");
    const content = document.createElement("div");
    content.className = "kb-pending";
    content.textContent = strings.thinking;
    body.append(content);
    body.setAttribute("aria-busy", "true");
    scrollToEnd();

    try {
      const res = await fetch(API, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ session, locale, ...payload }),
      });
      if (!res.ok) throw Object.assign(new Error("server"), { status: res.status });
      const reply = await res.json();
      content.className = "kb-slack";
      content.innerHTML = reply.html; // escaped by the server's renderer
      if (reply.views) alts.set(body, reply.views);
      if (reply.card) {
        cards.set(body, reply.card);
        window.kbCardMarkdown?.remember(reply.cardMarkdown);
      }
      showView(body);
      for (const img of content.querySelectorAll("img")) img.addEventListener("load", scrollToEnd, { once: true });
    } catch (err) {
      content.className = "kb-error";
      content.textContent = err.status ? strings.errorServer.replace("%status%", err.status) : strings.errorNetwork;
    } finally {
      body.removeAttribute("aria-busy");
      scrollToEnd();
      // Keyboard users keep typing; the reply itself is announced by the aria-live log.
      input.focus();
    }
  }

  function ask(text) {
    const trimmed = text.trim();
    if (trimmed) void send({ text: trimmed }, trimmed);
  }

  form.addEventListener("submit", (event) => {
    event.preventDefault();
    const text = input.value;
    input.value = "";
    ask(text);
  });

  for (const chip of document.querySelectorAll(".kb-chip")) {
    chip.addEventListener("click", () => ask(chip.dataset.text));
  }

  // Buttons inside replies (Slack view) send their action back through the same core.
  log.addEventListener("click", (event) => {
    const button = event.target.closest("button.kb-button[data-action-id]");
    if (!button) return;
    void send({ actionId: button.dataset.actionId, value: button.dataset.value }, `› ${button.textContent}`);
  });

  // ---- Teams view: Microsoft's Adaptive Cards renderer, loaded on first use. ----
  let adaptiveCardsLoading;
  function loadAdaptiveCards() {
    adaptiveCardsLoading ??= new Promise((resolve, reject) => {
      const script = document.createElement("script");
      script.src = ADAPTIVE_CARDS;
      script.onload = () => {
        // Markdown in the cards' texts (bold, code) drawn as the server converted it (card-markdown.js).
        window.kbCardMarkdown?.install(window.AdaptiveCards);
        // Teams shows up to 6 buttons in a row (TEAMS_LIMITS.maxActionsPerSet); the library's default host
        // config shows 5 and silently drops the 6th (a survey's NPS 5, a CSAT row of 5 plus one).
        window.AdaptiveCards.defaultHostConfig.actions.maxActions = 6;
        resolve(window.AdaptiveCards);
      };
      script.onerror = reject;
      document.head.append(script);
    });
    return adaptiveCardsLoading;
  }

  /** The interaction a card's Action.Submit carries: {actionId, value} at the top or under `kpibot`/`action`. */
  function submittedAction(data) {
    const d = data && typeof data === "object" ? data : {};
    const candidate = d.actionId ? d : (d.kpibot ?? d.action ?? {});
    return typeof candidate.actionId === "string" ? candidate : undefined;
  }

  async function renderCard(body) {
    if (body.querySelector(".kb-teams")) return;
    const AC = await loadAdaptiveCards();
    const card = new AC.AdaptiveCard();
    card.onExecuteAction = (action) => {
      const a = submittedAction(action.data);
      if (a) void send({ actionId: a.actionId, value: String(a.value ?? "") }, `› ${action.title ?? a.actionId}`);
      else if (action.url) window.open(action.url, "_blank", "noopener");
    };
    card.parse(cards.get(body));
    const holder = document.createElement("div");
    holder.className = "kb-teams";
    holder.hidden = view !== "teams";
    holder.append(card.render());
    body.append(holder);
  }

  /** The Mattermost or Element rendering of a message (server-escaped HTML), in place of the Slack-like one. */
  function showAlt(body, which) {
    const views = alts.get(body);
    let alt = body.querySelector(".kb-alt");
    if (!views || !which) {
      if (alt) alt.hidden = true;
      return false;
    }
    if (!alt) {
      alt = document.createElement("div");
      alt.className = "kb-alt";
      body.append(alt);
    }
    if (alt.dataset.view !== which) {
      alt.innerHTML = views[which]; // escaped by the server's renderer (chat-views.ts)
      alt.dataset.view = which;
    }
    alt.hidden = false;
    return true;
  }

  /** Shows one message (or every message) in the chosen view; messages without a card stay Slack-like. */
  function showView(only) {
    const bodies = only ? [only] : [...new Set([...cards.keys(), ...alts.keys()])];
    for (const body of bodies) {
      const slack = body.querySelector(".kb-slack");
      if (view === "mattermost" || view === "element") {
        const shown = showAlt(body, view);
        if (slack) slack.hidden = shown;
        const teams = body.querySelector(".kb-teams");
        if (teams) teams.hidden = true;
        continue;
      }
      showAlt(body, undefined);
      if (!cards.has(body)) {
        if (slack) slack.hidden = false;
        continue;
      }
      if (view === "teams") {
        void renderCard(body).then(() => {
          if (slack) slack.hidden = view === "teams";
          const teams = body.querySelector(".kb-teams");
          if (teams) teams.hidden = view !== "teams";
        });
      } else {
        if (slack) slack.hidden = false;
        const teams = body.querySelector(".kb-teams");
        if (teams) teams.hidden = true;
      }
    }
  }

  // ---- What kpibot posts into this conversation on its own (digests, alerts, surveys): polled. ----
  const MESSAGES = "/playground/api/messages";
  const posted = new Map(); // message id -> its body element (an update redraws it in place)
  let after = 0;
  let polling = false;

  function showPosted(message) {
    let body = posted.get(message.id);
    if (!body) {
      body = addMessage("bot");
      body.append(document.createElement("div"));
      posted.set(message.id, body);
    }
    const content = body.querySelector(".kb-meta + div");
    content.className = "kb-slack";
    content.innerHTML = message.html; // escaped by the server's renderer
    body.querySelector(".kb-teams")?.remove(); // an updated message gets a fresh card
    if (message.views) alts.set(body, message.views);
    if (message.card) {
      cards.set(body, message.card);
      window.kbCardMarkdown?.remember(message.cardMarkdown);
    } else cards.delete(body);
    showView(body);
    for (const img of content.querySelectorAll("img")) img.addEventListener("load", scrollToEnd, { once: true });
    scrollToEnd();
  }

  async function poll() {
    if (polling || document.visibilityState !== "visible") return;
    polling = true;
    try {
      const res = await fetch(`${MESSAGES}?session=${encodeURIComponent(session)}&after=${after}`);
      if (res.status === 404) {
        clearInterval(timer); // this server posts nothing into the playground
        return;
      }
      if (!res.ok) return;
      const { messages, last } = await res.json();
      for (const message of messages) showPosted(message);
      after = last;
    } catch {
      // Offline or restarting: the next poll tries again.
    } finally {
      polling = false;
    }
  }
  const timer = setInterval(poll, 3000);
  void poll();

  // Slack, Mattermost and Element views always; the Teams view when the server renders cards.
  if (!teamsAvailable) viewSwitch.querySelector("[data-needs-teams]")?.closest("label")?.remove();
  viewSwitch.hidden = false;
  viewSwitch.addEventListener("change", (event) => {
    const chosen = event.target.value;
    view = ["teams", "mattermost", "element"].includes(chosen) ? chosen : "slack";
    showView();
  });
  void claimAdmin();
})();
