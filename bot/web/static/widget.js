/*! Tailor chat widget. Embed with one tag:
 *   <script src="https://shop.example/widget.js" data-bot-url="https://bot.example" defer></script>
 * Optional: data-title="Atelier Nord" (the dialog's name). Theme with the --tailor-*
 * CSS variables listed at the top of widget.css. Any element on the page with
 * data-chat-start="<payload>" (and data-chat-label="<what the customer sees>") opens
 * the chat and sends that payload when clicked.
 *
 * Talks to Rasa's REST channel. The conversation (sender id, transcript, unsent
 * messages, design panel) lives in localStorage, so a reload or another page of the
 * shop shows it again, and a message that could not be sent is retried until it is.
 * Untrusted text only ever reaches the page through textContent and attributes.
 */
(() => {
  "use strict";

  const script = document.currentScript;
  if (!script || window.TailorChat) return;

  const BOT_URL = (script.dataset.botUrl || "").replace(/\/+$/, "");
  const TITLE = script.dataset.title || "Chat";
  const LAUNCHER_LABEL = script.dataset.title ? `Chat with ${script.dataset.title}` : "Chat";
  const KEY = `tailor-chat:${BOT_URL}`;
  const MAX_LOG = 200;
  const MAX_LENGTH = 2000;
  const TIMEOUT_MS = 120000;
  const RETRY_DELAYS_MS = [1000, 2000, 4000, 8000, 15000, 30000];
  const SVG = "http://www.w3.org/2000/svg";

  // ---- state: one JSON object in localStorage, shared by every page and tab ----

  const uuid = () => {
    const b = crypto.getRandomValues(new Uint8Array(16));
    b[6] = (b[6] & 15) | 64;
    b[8] = (b[8] & 63) | 128;
    const h = Array.from(b, (x) => x.toString(16).padStart(2, "0")).join("");
    return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
  };

  const VERSION = 1; // of the saved state's shape; another version starts afresh
  const fresh = () => ({ version: VERSION, sender: uuid(), open: false, unread: 0, log: [], queue: [], design: null });
  let memory = null; // the state when localStorage is unavailable (some privacy modes)

  function load() {
    try {
      const saved = JSON.parse(localStorage.getItem(KEY));
      if (saved && saved.version === VERSION && Array.isArray(saved.log) && Array.isArray(saved.queue)) {
        return saved;
      }
    } catch (error) {
      // Unreadable: fall back to memory below.
    }
    memory = memory || fresh();
    return memory;
  }

  function update(change) {
    const state = load();
    change(state);
    state.log = state.log.slice(-MAX_LOG);
    memory = state;
    try {
      localStorage.setItem(KEY, JSON.stringify(state));
    } catch (error) {
      // Full or unavailable: this page keeps the conversation in memory.
    }
    render(state);
  }

  // ---- reading what the bot sent: only known shapes, only plain values ----

  const text = (value) => (typeof value === "string" ? value : "");
  const number = (value) => (typeof value === "number" && Number.isFinite(value) ? value : null);

  function toDesign(custom) {
    const product = custom.product;
    if (!product || !text(product.name)) return null;
    const options = Array.isArray(custom.options) ? custom.options : [];
    return {
      product: text(product.name),
      options: options.filter((o) => o && text(o.label)).map((o) => ({
        name: text(o.name), label: text(o.label), price: number(o.price) || 0,
      })),
      quantity: number(custom.quantity),
      currency: text(custom.currency),
      unit: number(custom.unit),
      discount: number(custom.discount),
      total: number(custom.total),
      leadTime: number(custom.lead_time_days),
      confirmed: false,
    };
  }

  function toCard(custom) {
    const total = number(custom.total);
    if (total === null || !text(custom.url)) return null;
    return {
      product: text(custom.product),
      total,
      currency: text(custom.currency),
      leadTime: number(custom.lead_time_days),
      url: text(custom.url),
    };
  }

  function receive(state, messages) {
    for (const message of messages) {
      if (!message || typeof message !== "object") continue;
      const custom = message.custom && typeof message.custom === "object" ? message.custom : {};
      if (custom.type === "design") state.design = toDesign(custom);
      const card = custom.type === "specification" ? toCard(custom) : null;
      if (card && state.design) state.design.confirmed = true;
      const buttons = (Array.isArray(message.buttons) ? message.buttons : [])
        .filter((b) => b && text(b.title) && text(b.payload))
        .map((b) => ({ title: b.title, payload: b.payload }));
      if (!text(message.text) && !buttons.length && !card) continue;
      state.log.push({ id: uuid(), from: "bot", text: text(message.text), buttons, card });
      if (!state.open) state.unread += 1;
    }
  }

  // ---- sending: a persisted queue, delivered in order, retried until it goes through ----

  let flushing = false;
  let failures = 0;
  let retryTimer = 0;

  function send(message, label, answering) {
    const body = String(message || "").trim().slice(0, MAX_LENGTH);
    if (!body) return;
    update((state) => {
      const answered = state.log.find((entry) => entry.id === answering);
      if (answered) answered.chosen = body;
      const id = uuid();
      state.log.push({ id, from: "user", text: label || body, pending: true });
      state.queue.push({ id, message: body });
    });
    flush();
  }

  function flush() {
    if (flushing) return;
    flushing = true;
    clearTimeout(retryTimer);
    const run = () => deliver().finally(() => { flushing = false; });
    // The lock keeps two tabs of the shop from sending the same queued message.
    (navigator.locks ? navigator.locks.request(KEY, run) : run()).catch(() => {});
  }

  async function deliver() {
    // Re-read the queue for every message: another tab may have sent some meanwhile.
    for (let item = load().queue[0]; item; item = load().queue[0]) {
      setTyping(true);
      let replies;
      try {
        replies = await post(item.message);
      } catch (error) {
        failures += 1;
        setTyping(false);
        setOffline(true);
        retryTimer = setTimeout(flush, RETRY_DELAYS_MS[Math.min(failures, RETRY_DELAYS_MS.length) - 1]);
        return;
      }
      failures = 0;
      setOffline(false);
      update((state) => {
        state.queue = state.queue.filter((queued) => queued.id !== item.id);
        const entry = state.log.find((logged) => logged.id === item.id);
        if (entry) delete entry.pending;
        receive(state, replies);
      });
    }
    setTyping(false);
  }

  async function post(message) {
    const response = await fetch(`${BOT_URL}/webhooks/rest/webhook`, {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify({ sender: load().sender, message }),
      credentials: "omit",
      signal: AbortSignal.timeout ? AbortSignal.timeout(TIMEOUT_MS) : undefined,
    });
    if (!response.ok) throw new Error(`HTTP ${response.status}`);
    // Delivered: a body we cannot read must not make us send the message twice.
    const body = await response.json().catch(() => []);
    return Array.isArray(body) ? body : [];
  }

  // ---- DOM: built with createElement and textContent only ----

  function el(tag, attributes, ...children) {
    const node = document.createElement(tag);
    for (const [name, value] of Object.entries(attributes || {})) {
      if (name === "class") node.className = value;
      else node.setAttribute(name, value);
    }
    node.append(...children.filter((child) => child !== null));
    return node;
  }

  function icon(path) {
    const svg = document.createElementNS(SVG, "svg");
    svg.setAttribute("viewBox", "0 0 24 24");
    svg.setAttribute("aria-hidden", "true");
    const shape = document.createElementNS(SVG, "path");
    shape.setAttribute("d", path);
    svg.append(shape);
    return svg;
  }

  function safeUrl(raw) {
    try {
      const url = new URL(raw, document.baseURI);
      return url.protocol === "https:" || url.protocol === "http:" ? url.href : null;
    } catch (error) {
      return null;
    }
  }

  const link = (href, label, className) =>
    el("a", { href, target: "_blank", rel: "noopener noreferrer", class: className || "" }, label);

  // **bold**, [label](url) and bare http(s) URLs; everything else stays literal text.
  const INLINE = /\*\*(.+?)\*\*|\[([^\]\n]+)\]\(([^)\s]+)\)|(https?:\/\/[^\s<>"]*[^\s<>"'.,;:!?)\]])/g;

  function inline(parent, source) {
    let last = 0;
    for (const match of source.matchAll(INLINE)) {
      const [whole, bold, label, href, bare] = match;
      parent.append(source.slice(last, match.index));
      if (bold !== undefined) {
        const strong = el("strong");
        inline(strong, bold);
        parent.append(strong);
      } else {
        const url = safeUrl(href || bare);
        parent.append(url ? link(url, label || bare) : whole);
      }
      last = match.index + whole.length;
    }
    parent.append(source.slice(last));
  }

  function rich(parent, source) {
    let list = null;
    for (const line of source.split("\n")) {
      const item = /^\s*[-*•]\s+(.*)$/.exec(line);
      const block = item ? el("li") : el("p");
      if (item) {
        if (!list) parent.append((list = el("ul")));
        list.append(block);
      } else {
        list = null;
        if (!line.trim()) continue;
        parent.append(block);
      }
      inline(block, item ? item[1] : line);
    }
  }

  const amount = (value, currency) =>
    `${value.toLocaleString("en", { minimumFractionDigits: 2, maximumFractionDigits: 2 })} ${currency}`;
  const capitalised = (words) => words.charAt(0).toUpperCase() + words.slice(1);
  const days = (count) => `${count} day${count === 1 ? "" : "s"}`;

  function facts(rows) {
    const list = el("dl");
    for (const [term, value] of rows) if (value !== null) list.append(el("dt", {}, term), el("dd", {}, value));
    return list;
  }

  function cardNode(card) {
    const url = safeUrl(card.url);
    return el("div", { class: "tc-card", "data-chat-card": "" },
      el("p", { class: "tc-card-title" }, "Design confirmed"),
      el("p", { class: "tc-card-product" }, card.product),
      facts([
        ["Total", amount(card.total, card.currency)],
        ["Lead time", card.leadTime === null ? null : days(card.leadTime)],
      ]),
      url ? link(url, "View your specification", "tc-card-link") : null);
  }

  function entryNode(entry) {
    const node = el("div", { class: `tc-msg tc-${entry.from}`, "data-chat-message": "", "data-from": entry.from });
    if (entry.card) {
      node.append(cardNode(entry.card));
    } else if (entry.text) {
      const bubble = el("div", { class: "tc-bubble" });
      if (entry.from === "bot") rich(bubble, entry.text);
      else bubble.textContent = entry.text;
      node.append(bubble);
    }
    if (entry.buttons && entry.buttons.length) {
      const choices = el("div", { class: "tc-choices", role: "group", "aria-label": "Choices" });
      for (const button of entry.buttons) {
        const choice = el("button", { type: "button", class: "tc-choice", "data-chat-choice": "" }, button.title);
        choice.addEventListener("click", () => {
          send(button.payload, button.title, entry.id);
          input.focus();
        });
        choices.append(choice);
      }
      node.append(choices);
    }
    return node;
  }

  // ---- the widget's elements ----

  const badge = el("span", { class: "tc-badge", "data-chat-unread": "", hidden: "" });
  const launcher = el("button", {
    type: "button", class: "tc-launcher", "data-chat-open": "", "aria-expanded": "false",
    "aria-controls": "tc-panel", "aria-label": LAUNCHER_LABEL,
  }, icon("M4 4h16a2 2 0 0 1 2 2v10a2 2 0 0 1-2 2H9l-5 4v-4a2 2 0 0 1-2-2V6a2 2 0 0 1 2-2z"), badge);

  const closeButton = el("button", { type: "button", class: "tc-close", "aria-label": "Close chat" },
    icon("M6 6l12 12M18 6L6 18"));
  const designSummary = el("summary");
  const designBody = el("div", { class: "tc-design-body" });
  const design = el("details", { class: "tc-design", "data-chat-design": "", open: "", hidden: "" },
    designSummary, designBody);
  const log = el("div", { class: "tc-log", role: "log", "aria-live": "polite", "aria-label": "Conversation" });
  const typing = el("div", { class: "tc-typing", "data-chat-typing": "", hidden: "" },
    el("span", { class: "tc-sr-only" }, "The assistant is typing"), el("i"), el("i"), el("i"));
  const scroller = el("div", { class: "tc-scroll" }, log, typing);
  const retry = el("button", { type: "button", class: "tc-retry", "data-chat-retry": "" }, "Retry now");
  const status = el("div", { class: "tc-status", role: "status" });
  const input = el("input", {
    id: "tc-input", type: "text", class: "tc-input", "data-chat-input": "", autocomplete: "off",
    maxlength: String(MAX_LENGTH), placeholder: "Type your message",
  });
  const form = el("form", { class: "tc-form" },
    el("label", { class: "tc-sr-only", for: "tc-input" }, "Your message"), input,
    el("button", { type: "submit", class: "tc-send", "data-chat-send": "" }, "Send"));
  const panel = el("section", { id: "tc-panel", class: "tc-panel", role: "dialog", "aria-label": TITLE, hidden: "" },
    el("header", { class: "tc-header" }, el("h2", {}, TITLE), closeButton),
    design, scroller, status, form);
  const root = el("div", { class: "tc-root" }, panel, launcher);

  // ---- rendering the state ----

  const nodes = new Map(); // log entry id -> its element, so only new messages are added

  function render(state) {
    const opening = panel.hidden && state.open;
    root.classList.toggle("tc-open", state.open);
    panel.hidden = !state.open;
    launcher.setAttribute("aria-expanded", String(state.open));
    badge.hidden = !state.unread;
    badge.textContent = String(state.unread);
    launcher.setAttribute("aria-label", state.unread ? `${LAUNCHER_LABEL} (${state.unread} unread)` : LAUNCHER_LABEL);
    renderDesign(state.design);
    const lastUser = state.log.map((entry) => entry.from).lastIndexOf("user");
    const seen = new Set();
    let added = false;
    state.log.forEach((entry, index) => {
      seen.add(entry.id);
      let node = nodes.get(entry.id);
      if (!node) {
        node = entryNode(entry);
        nodes.set(entry.id, node);
        log.append(node);
        added = true;
      }
      node.toggleAttribute("data-pending", Boolean(entry.pending));
      node.querySelectorAll("[data-chat-choice]").forEach((choice, i) => {
        choice.disabled = index < lastUser;
        choice.classList.toggle("tc-chosen", entry.buttons[i].payload === entry.chosen);
      });
    });
    for (const [id, node] of nodes) {
      if (!seen.has(id)) {
        node.remove();
        nodes.delete(id);
      }
    }
    if (added || opening) scrollDown();
  }

  function scrollDown() {
    scroller.scrollTop = scroller.scrollHeight;
  }

  function renderDesign(current) {
    design.hidden = !current;
    if (!current) return;
    const { currency } = current;
    const total = current.total === null ? "" : ` · ${amount(current.total, currency)}`;
    designSummary.textContent = `Your design: ${current.product}${total}`;
    designBody.replaceChildren(...[
      current.confirmed ? el("p", { class: "tc-confirmed" }, "Confirmed") : null,
      facts([
        ...current.options.map((o) => [capitalised(o.name), o.price > 0 ? `${o.label} (+${amount(o.price, currency)})` : o.label]),
        ["Quantity", current.quantity === null ? null : String(current.quantity)],
        ["Unit price", current.unit === null ? null : amount(current.unit, currency)],
        ["Discount", current.discount ? `${Math.round(current.discount * 1000) / 10}%` : null],
        ["Total", current.total === null ? null : amount(current.total, currency)],
        ["Lead time", current.leadTime === null ? null : days(current.leadTime)],
      ]),
    ].filter(Boolean));
  }

  function setTyping(busy) {
    typing.hidden = !busy;
    if (busy) scrollDown();
  }

  function setOffline(offline) {
    if (root.classList.contains("tc-offline") === offline) return; // announce changes only
    root.classList.toggle("tc-offline", offline);
    status.replaceChildren(...(offline ? ["Can't reach the shop's assistant — retrying…", retry] : []));
  }

  function setOpen(open, moveFocus) {
    update((state) => {
      state.open = open;
      if (open) state.unread = 0;
    });
    if (moveFocus) (open ? input : launcher).focus();
  }

  // ---- events ----

  launcher.addEventListener("click", () => setOpen(!load().open, true));
  closeButton.addEventListener("click", () => setOpen(false, true));
  panel.addEventListener("keydown", (event) => {
    if (event.key !== "Escape") return;
    event.preventDefault();
    setOpen(false, true);
  });
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    send(input.value);
    input.value = "";
  });
  retry.addEventListener("click", flush);
  window.addEventListener("online", flush);
  window.addEventListener("storage", (event) => {
    if (event.key === KEY) render(load());
  });

  function start(event) {
    const trigger = event.target instanceof Element ? event.target.closest("[data-chat-start]") : null;
    if (!trigger) return;
    event.preventDefault();
    setOpen(true, true);
    send(trigger.getAttribute("data-chat-start"), trigger.getAttribute("data-chat-label") || trigger.textContent.trim());
  }

  function mount() {
    // Rendered before it is attached, so a restored conversation is not read out again.
    update(() => {}); // keeps a new sender id and shows a saved conversation
    document.body.append(root);
    scrollDown();
    document.addEventListener("click", start);
    flush(); // whatever a previous page left unsent
  }

  function init() {
    const css = el("link", { rel: "stylesheet", href: new URL("widget.css", script.src).href });
    // Shown once styled, so the page never flashes an unstyled widget; shown anyway
    // if the stylesheet cannot load, since a plain chat beats none.
    css.addEventListener("load", mount, { once: true });
    css.addEventListener("error", mount, { once: true });
    document.head.append(css);
  }

  window.TailorChat = Object.freeze({
    open: () => setOpen(true, true),
    close: () => setOpen(false, false),
    send: (message, label) => send(message, label),
  });
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", init);
  else init();
})();
