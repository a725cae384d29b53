// The analyst workbench: one page, no framework. Routes live in the URL's hash (#/queue,
// #/alert/12, #/screen, #/lists, #/audit); every call goes to /v1/workbench/ with the session
// cookie, and every state-changing call carries the session's CSRF token in X-CSRF-Token.
"use strict";

const state = { session: null, queue: [], selected: 0, filters: {}, alert: null };
const main = () => document.getElementById("main");

// --- Helpers ---------------------------------------------------------------------------------

function el(tag, attrs, ...children) {
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs || {})) {
    if (v === null || v === undefined || v === false) continue;
    if (k.startsWith("on")) node.addEventListener(k.slice(2), v);
    else if (k === "text") node.textContent = v;
    else node.setAttribute(k, v === true ? "" : v);
  }
  for (const c of children.flat()) if (c !== null && c !== undefined) node.append(c instanceof Node ? c : String(c));
  return node;
}

function toast(message) {
  const box = document.getElementById("toast");
  const p = el("p", { text: message });
  box.append(p);
  setTimeout(() => p.remove(), 5000);
}

class ApiError extends Error {
  constructor(status, body) {
    super((body && body.error && body.error.message) || "HTTP " + status);
    this.status = status;
    this.body = body;
  }
}

async function api(method, path, body) {
  const headers = {};
  if (body !== undefined) headers["Content-Type"] = "application/json";
  if (method !== "GET" && state.session) headers["X-CSRF-Token"] = state.session.csrf_token;
  const res = await fetch("/v1/workbench" + path, {
    method, headers, credentials: "same-origin", body: body === undefined ? undefined : JSON.stringify(body),
  });
  const json = await res.json().catch(() => null);
  if (res.status === 401 && path !== "/session") {
    state.session = null;
    showSignIn("Your session ended; sign in again.");
  }
  if (!res.ok) throw new ApiError(res.status, json);
  return json;
}

const score = (s) => (typeof s === "number" ? s.toFixed(2) : "");
const statusLabel = { open: "open", pending_second: "awaiting approval", true_match: "true match",
                      false_positive: "false positive", resolved_removed: "resolved (delisted)" };
const statusChip = (s) => el("span", { class: "status " + s, text: statusLabel[s] || s });
const when = (iso) => (iso ? iso.replace("T", " ").replace(/\.\d+Z$/, " UTC") : "");
const prop = (entity, ...keys) => keys.flatMap((k) => (entity && entity.properties && entity.properties[k]) || []);
const list = (values) => (values.length ? [...new Set(values)].join("; ") : "—");
function parseHash() {
  const [path, query] = location.hash.replace(/^#/, "").split("?");
  return { parts: path.split("/").filter(Boolean), params: new URLSearchParams(query || "") };
}

function setPage(title, ...content) {
  document.title = title + " · embargo workbench";
  const m = main();
  m.replaceChildren(...content.filter((c) => c !== null && c !== undefined));
  const current = "#/" + (parseHash().parts[0] || "queue");
  for (const a of document.querySelectorAll("header nav a")) {
    if (a.getAttribute("href") === current) a.setAttribute("aria-current", "page");
    else a.removeAttribute("aria-current");
  }
}

// --- Sign-in ---------------------------------------------------------------------------------

function showSignIn(message) {
  document.getElementById("bar").hidden = true;
  const error = el("p", { class: "error", role: "alert", id: "signin-error", text: message || "" });
  const form = el("form", { class: "panel signin", "aria-labelledby": "signin-title" },
    el("h1", { id: "signin-title", text: "Sign in to the workbench" }),
    el("label", { for: "name", text: "User name" }), el("input", { id: "name", name: "name", autocomplete: "username", required: true }),
    el("label", { for: "password", text: "Password" }),
    el("input", { id: "password", name: "password", type: "password", autocomplete: "current-password", required: true }),
    el("button", { class: "primary", type: "submit", text: "Sign in" }), error);
  form.addEventListener("submit", async (ev) => {
    ev.preventDefault();
    try {
      state.session = await api("POST", "/session", { name: form.name.value, password: form.password.value });
      signedIn();
    } catch (e) {
      error.textContent = e.message;
    }
  });
  setPage("Sign in", form);
  form.name.focus();
}

function signedIn() {
  const bar = document.getElementById("bar");
  bar.hidden = false;
  document.getElementById("who").textContent = state.session.principal + " (" + state.session.role + ")";
  if (!location.hash || location.hash === "#/") location.hash = "#/queue";
  else route();
}

async function signOut() {
  try { await api("DELETE", "/session"); } catch (e) { /* already signed out */ }
  state.session = null;
  showSignIn("Signed out.");
}

// --- Queue -----------------------------------------------------------------------------------

const filterFields = [
  ["status", "Status", "select", [["pending", "to do (open + awaiting approval)"], ["open", "open"],
    ["pending_second", "awaiting approval"], ["true_match", "true match"], ["false_positive", "false positive"],
    ["resolved_removed", "resolved (delisted)"], ["all", "all"]]],
  ["list", "List", "select", null],
  ["min_score", "Score from", "number"], ["max_score", "Score to", "number"],
  ["customer", "Customer id", "text"], ["from", "Raised from", "date"], ["to", "Raised to", "date"],
  ["assignee", "Assignee", "select", [["", "anyone"], ["me", "me"], ["-", "nobody"]]],
  ["sort", "Sort by", "select", [["id", "oldest first"], ["id desc", "newest first"], ["score desc", "highest score"],
    ["score", "lowest score"]]],
];

async function showQueue(params) {
  const lists = await api("GET", "/lists");
  const form = el("form", { class: "panel filters", "aria-label": "Filters", id: "filters" });
  for (const [name, label, type, options] of filterFields) {
    const id = "f-" + name;
    let input;
    if (type === "select") {
      const opts = options || [["", "any"], ...lists.lists.map((l) => [l.dataset, l.title || l.dataset])];
      input = el("select", { id, name }, opts.map(([v, t]) => el("option", { value: v, text: t })));
    } else {
      input = el("input", { id, name, type, step: type === "number" ? "0.01" : null, min: type === "number" ? "0" : null,
                            max: type === "number" ? "1" : null });
    }
    input.value = params.get(name) || (name === "status" ? "pending" : name === "sort" ? "id" : "");
    form.append(el("div", {}, el("label", { for: id, text: label }), input));
  }
  form.append(el("div", {}, el("button", { type: "submit", class: "primary", text: "Apply" })));
  form.addEventListener("submit", (ev) => {
    ev.preventDefault();
    const q = new URLSearchParams();
    for (const [k, v] of new FormData(form)) if (v) q.set(k, v);
    location.hash = "#/queue?" + q.toString();
  });
  const query = new URLSearchParams();
  for (const [k, v] of params) {
    if (!v) continue;
    if (k === "sort") {
      const [by, dir] = v.split(" ");
      query.set("sort", by);
      if (dir) query.set("order", dir);
    } else query.set(k, k === "assignee" && v === "me" ? state.session.principal : v);
  }
  const page = await api("GET", "/alerts?" + query.toString());
  state.queue = page.alerts;
  // The selection survives a visit to an alert and back, not a change of filters or page.
  if (state.lastQuery !== query.toString()) state.selected = 0;
  state.lastQuery = query.toString();
  state.selected = Math.min(state.selected, Math.max(0, page.alerts.length - 1));
  const counts = el("div", { class: "counts", "aria-label": "Alerts by status" },
    Object.entries(page.counts).map(([s, n]) => el("span", { class: "chip" }, (statusLabel[s] || s) + ": ", el("strong", { text: n }))));
  const rows = page.alerts.map((a, i) => el("tr", { "data-id": a.id, "data-index": i, onclick: () => openAlert(a.id) },
    el("td", {}, el("a", { href: "#/alert/" + a.id, text: "#" + a.id })), el("td", { class: "score", text: score(a.score) }),
    el("td", {}, el("strong", { text: a.customer_name || "" }), el("br"), el("span", { class: "note", text: a.customer_id })),
    el("td", { text: a.caption }), el("td", { class: "wide", text: a.dataset }), el("td", {}, statusChip(a.status)),
    el("td", { class: "wide", text: a.assignee || "—" }), el("td", { class: "wide", text: when(a.created_at) })));
  const table = el("table", { class: "queue", "aria-describedby": "queue-help" },
    el("caption", { class: "note", text: page.total + " alert(s) match" }),
    el("thead", {}, el("tr", {}, ["Alert", "Score", "Customer", "Listed name", "List", "Status", "Assignee", "Raised"]
      .map((h, i) => el("th", { scope: "col", class: i >= 6 || i === 4 ? "wide" : null, text: h })))),
    el("tbody", {}, rows));
  const pages = Math.max(1, Math.ceil(page.total / page.per_page));
  const go = (n) => { params.set("page", n); location.hash = "#/queue?" + params.toString(); };
  const pager = el("div", { class: "pager" },
    el("button", { type: "button", disabled: page.page <= 1, onclick: () => go(page.page - 1), text: "Previous" }),
    el("span", { text: "page " + page.page + " of " + pages }),
    el("button", { type: "button", disabled: page.page >= pages, onclick: () => go(page.page + 1), text: "Next" }));
  setPage("Queue", el("h1", { text: "Alert queue" }), form, counts, table, pager,
    el("p", { id: "queue-help", class: "note" }, "Keys: ", el("kbd", { text: "j" }), " / ", el("kbd", { text: "k" }),
      " move, ", el("kbd", { text: "Enter" }), " opens, ", el("kbd", { text: "t" }), " takes the selected alert."));
  highlight();
}

function highlight() {
  document.querySelectorAll("table.queue tbody tr").forEach((tr, i) => {
    tr.classList.toggle("selected", i === state.selected);
    if (i === state.selected) tr.setAttribute("aria-selected", "true");
    else tr.removeAttribute("aria-selected");
  });
  const row = document.querySelector("table.queue tbody tr.selected");
  if (row) row.scrollIntoView({ block: "nearest" });
}

function openAlert(id) { location.hash = "#/alert/" + id; }

async function take(id) {
  await api("POST", "/alerts/" + id + "/assign", { assignee: state.session.principal });
  toast("Alert #" + id + " is yours.");
}

// --- Alert -----------------------------------------------------------------------------------

const howWords = { exact: "same word", transliterated: "same word in another script", phonetic: "sounds alike",
  edit_distance: "spelled nearly alike", phonetic_edit: "sounds nearly alike", typo: "spelled nearly alike", initial: "initial", joined: "words joined",
  skeleton: "same consonants", korean_reading: "read as a Korean name",
  short_form: "a short form of the name" };

function howText(t) {
  const base = howWords[t.how] || t.how;
  const how = t.how === "edit_distance" && t.edits ? base + " (" + t.edits + " letter" + (t.edits > 1 ? "s" : "") + " differ)" : base;
  return t.note ? how + "; " + t.note : how;
}

// `n` numbers the alignments of a page of several hits (their ids must differ); none on an alert.
function alignment(hit, n) {
  const id = (base) => (n ? base + "-" + n : base);
  const x = (hit && hit.explanation) || {};
  const pairs = (x.tokens || []).map((t) => el("div", { class: "pair " + t.how },
    el("div", { class: "q", text: t.query }), el("div", { "aria-hidden": "true", text: "↓" }),
    el("div", { text: t.list }), el("div", { class: "how", text: howText(t) + ", " + Math.round(t.similarity * 100) + "%" })));
  const lonely = (words, side) => words.map((w) => el("div", { class: "pair unmatched" },
    el("div", { class: "q", text: w }), el("div", { class: "how", text: "no counterpart in the " + side })));
  return el("section", { class: "panel", "aria-labelledby": id("h-align") },
    el("h2", { id: id("h-align"), text: "How the names met" }),
    el("p", { class: "note" }, "The customer's name, as read: ", el("strong", { text: x.query_normalized || "" }),
      " — met the listed name ", el("strong", { text: x.matched_name || hit.matched_name || "" }),
      " with a name score of " + score(x.name_score) + "."),
    el("div", { class: "align", id: id("alignment") }, pairs, lonely(x.unmatched_query_tokens || [], "listed name"),
      lonely(x.unmatched_list_tokens || [], "customer's name")),
    evidence(x.evidence || []));
}

function evidence(items) {
  if (!items.length) return el("p", { class: "note", text: "No other evidence (birth date, country, identifier) changed the score." });
  return el("div", {}, el("h2", { text: "Evidence" }), el("ul", { class: "evidence" }, items.map((e) =>
    el("li", { class: e.effect > 0 ? "up" : e.effect < 0 ? "down" : "" }, e.detail + " — ",
      e.effect > 0 ? "raised the score by " + score(e.effect) : e.effect < 0 ? "lowered the score by " + score(-e.effect)
                   : "left the score as it was"))));
}

function sideBySide(a) {
  const c = a.customer || {}, e = a.entity;
  const listInfo = (a.lists || []).find((l) => l.dataset === a.dataset) || {};
  const arr = (v) => (Array.isArray(v) ? v : v ? [v] : []);
  const rows = [
    ["Names", [c.name], prop(e, "name", "alias", "weakAlias", "previousName")],
    ["Type", [c.type || c.schema], [e && e.schema]],
    ["Birth dates", arr(c.dob), prop(e, "birthDate")],
    ["Countries", arr(c.country), prop(e, "nationality", "citizenship", "country")],
    ["Identifiers", arr(c.id), prop(e, "idNumber", "passportNumber", "taxNumber", "registrationNumber", "imoNumber", "swiftBic")],
    ["Addresses", [], prop(e, "address")],
    ["Programs", [], (a.hit && a.hit.programs) || prop(e, "program")],
    ["List", ["customer " + (a.customer_id || "(none)")],
      [(listInfo.title || a.dataset) + (listInfo.published ? ", published " + listInfo.published : "") +
       (listInfo.content_hash ? ", version " + listInfo.content_hash.slice(0, 12) : "")]],
  ];
  return el("section", { class: "panel", "aria-labelledby": "h-records" },
    el("h2", { id: "h-records", text: "Customer and listed record" }),
    e ? null : el("p", { class: "error", text: "This record is no longer in the lists in force." }),
    el("table", { class: "sidebyside" },
      el("thead", {}, el("tr", {}, el("th", { scope: "col", text: "Field" }), el("th", { scope: "col", text: "Customer" }),
        el("th", { scope: "col", text: "Listed: " + a.caption + " (" + a.entity_id + ")" }))),
      el("tbody", {}, rows.map(([label, left, right]) => el("tr", {}, el("th", { scope: "row", text: label }),
        el("td", { text: list(left.filter(Boolean)) }), el("td", { text: list(right.filter(Boolean)) }))))));
}

function linked(a) {
  const items = a.linked || [];
  return el("section", { class: "panel", "aria-labelledby": "h-linked" },
    el("h2", { id: "h-linked", text: "The same subject on other lists" }),
    items.length ? el("ul", { id: "linked" }, items.map((l) => el("li", {},
      el("strong", { text: l.caption }), " — " + l.dataset + " (" + l.entity_id + "), score " + score(l.score) + ". ",
      el("span", { text: "Linked because: " + l.reason }))))
      : el("p", { class: "note", text: "No linked record on another list." }));
}

function history(a) {
  const words = (h) => h.kind === "decision" ? h.principal + " decided " + (statusLabel[h.decision] || h.decision) + ": " + h.comment
    : h.kind === "escalate" ? h.principal + " escalated: " + h.comment
    : h.kind === "comment" ? h.principal + " commented: " + h.comment
    : h.kind === "assign" ? h.principal + (h.comment ? " assigned it to " + h.comment : " released it")
    : h.kind === "raised" ? "Raised by screening (record " + h.record + "): " + h.reason
    : "Alert #" + h.alert_id + " on " + h.caption + " (" + (statusLabel[h.status] || h.status) + ", score " + score(h.score) + ")";
  return el("section", { class: "panel", "aria-labelledby": "h-history" },
    el("h2", { id: "h-history", text: "History of this customer and alert" }),
    el("ol", { id: "history" }, (a.history || []).map((h) => el("li", {}, el("span", { class: "note", text: when(h.at) + " " }), words(h)))),
    commentForm(a));
}

// A comment without a decision: kept in the history (and the audit trail) like the decisions.
function commentForm(a) {
  const s = state.session;
  if (!/review|approve/.test(s.roles)) return null;
  const text = el("textarea", { id: "note", name: "note" });
  const msg = el("p", { role: "status", id: "note-msg" });
  const form = el("form", { class: "note-form", "aria-labelledby": "h-note" }, el("h3", { id: "h-note", text: "Add a comment" }),
    el("label", { for: "note", text: "Comment (no decision)" }), text,
    el("div", { class: "row" }, el("button", { type: "submit", id: "add-comment", text: "Add comment" })), msg);
  form.addEventListener("submit", async (ev) => {
    ev.preventDefault();
    if (!text.value.trim()) { msg.className = "error"; msg.textContent = "Write a comment first."; text.focus(); return; }
    try {
      await api("POST", "/alerts/" + a.id + "/comment", { comment: text.value });
      toast("Comment added to alert #" + a.id + ".");
      await showAlert(a.id);
    } catch (e) { msg.className = "error"; msg.textContent = e.message; }
  });
  return form;
}

function decisionPanel(a) {
  const s = state.session;
  const mayReview = /review/.test(s.roles), mayApprove = /approve/.test(s.roles);
  const msg = el("p", { role: "status", id: "decide-msg" });
  const comment = el("textarea", { id: "comment", name: "comment", required: true });
  const panel = el("section", { class: "panel decide", "aria-labelledby": "h-decide" }, el("h2", { id: "h-decide", text: "Decision" }));
  const last = (a.history || []).filter((h) => h.kind === "decision").pop();
  const act = async (path, body) => {
    if (!comment.value.trim()) { msg.className = "error"; msg.textContent = "A comment is required."; comment.focus(); return; }
    try {
      const out = await api("POST", "/alerts/" + a.id + path, { ...body, comment: comment.value });
      toast("Alert #" + a.id + ": " + (out.escalated ? "escalated" : statusLabel[out.status] || out.status));
      await showAlert(a.id);
    } catch (e) { msg.className = "error"; msg.textContent = e.message; }
  };
  if (a.status === "open" && mayReview) {
    const choices = [["true_match", "True match", "t"], ["false_positive", "False positive", "f"], ["escalate", "Escalate", "e"]];
    panel.append(el("fieldset", {}, el("legend", { class: "note", text: "Outcome" }), choices.map(([v, t, key]) =>
      el("label", {}, el("input", { type: "radio", name: "decision", value: v, id: "d-" + v }), t, " ", el("kbd", { text: key })))),
      el("label", { for: "comment", text: "Comment (required)" }), comment,
      el("div", { class: "row" }, el("button", { class: "primary", type: "button", id: "submit-decision", text: "Record decision",
        onclick: () => {
          const picked = panel.querySelector("input[name=decision]:checked");
          if (!picked) { msg.className = "error"; msg.textContent = "Choose an outcome."; return; }
          act("/decision", { decision: picked.value });
        } })));
  } else if (a.status === "pending_second") {
    panel.append(el("p", {}, (last ? last.principal + " decided " + statusLabel[last.decision] : "A first decision was made") +
      "; a second principal with the approver role confirms or returns it."));
    if (mayApprove) {
      panel.append(el("label", { for: "comment", text: "Comment (required)" }), comment,
        el("div", { class: "row" },
          el("button", { class: "primary", type: "button", id: "approve", onclick: () => act("/review", { action: "approve" }) },
            "Approve ", el("kbd", { text: "a" })),
          el("button", { type: "button", id: "return", onclick: () => act("/review", { action: "return" }) },
            "Return ", el("kbd", { text: "r" }))));
    }
  } else {
    panel.append(el("p", {}, "Decided: ", statusChip(a.status)));
    if (a.status === "false_positive")
      panel.append(el("p", { class: "note", text: "This false positive is remembered: screening the same customer against the " +
        "same list record raises no new alert until the customer's data or the list record changes." }));
  }
  panel.append(msg);
  return panel;
}

async function showAlert(id) {
  const a = await api("GET", "/alerts/" + id);
  state.alert = a;
  const head = el("div", { class: "row" }, el("a", { href: "#/queue", text: "← Queue" }), statusChip(a.status),
    el("span", { class: "score", text: "score " + score(a.score) }),
    el("span", { text: "assignee: " + (a.assignee || "nobody") }),
    /^(open|pending_second)$/.test(a.status)
      ? el("button", { type: "button", id: "take", onclick: async () => { await take(a.id); showAlert(a.id); }, text: "Take" }) : null);
  setPage("Alert #" + a.id, el("h1", { text: "Alert #" + a.id + ": " + (a.customer_name || a.customer_id) + " ↔ " + a.caption }),
    head, sideBySide(a), el("div", { class: "grid2" }, alignment(a.hit || {}), linked(a)), decisionPanel(a), history(a),
    el("p", { class: "note" }, "Keys: ", el("kbd", { text: "t" }), " true match, ", el("kbd", { text: "f" }), " false positive, ",
      el("kbd", { text: "e" }), " escalate, ", el("kbd", { text: "a" }), " approve, ", el("kbd", { text: "r" }), " return, ",
      el("kbd", { text: "Ctrl+Enter" }), " submit, ", el("kbd", { text: "Esc" }), " back to the queue."));
}

// --- Screen now, lists, audit ----------------------------------------------------------------

// Screen now: a name (the customer's fields), or a payment message, a trade transaction or a
// free text pasted or read from a file (in the browser: nothing is uploaded but the text).
const screenModes = [
  ["name", "A name"], ["message", "A payment message"], ["trade", "A trade transaction"], ["text", "A free text"]];
const screenInputs = {
  message: ["Payment message (SWIFT MT or ISO 20022 XML)", ".txt,.fin,.rje,.xml,.mt"],
  trade: ["Trade transaction (JSON)", ".json"],
  text: ["Text", ".txt,.text,.md,.csv"],
};

function showScreen(params) {
  const mode = screenModes.some(([m]) => m === params.get("mode")) ? params.get("mode") : "name";
  const switcher = el("fieldset", { class: "panel modes" }, el("legend", { text: "What to screen" }),
    screenModes.map(([m, label]) => el("label", {}, el("input", { type: "radio", name: "mode", value: m, id: "mode-" + m,
      checked: m === mode, onchange: () => { location.hash = "#/screen?mode=" + m; } }), " " + label)));
  const out = el("div", { id: "screen-result", "aria-live": "polite" });
  const form = mode === "name" ? nameForm(out) : documentForm(mode, out);
  setPage("Screen", el("h1", { text: "Screen now" }), switcher, form, out);
}

function recordBox() {
  return el("div", {}, el("label", { for: "s-record" }, el("input", { type: "checkbox", id: "s-record", name: "record", checked: true }),
    " record in the store"));
}

function nameForm(out) {
  const fields = [["name", "Name", "text"], ["type", "Type", "select"], ["dob", "Birth date (YYYY-MM-DD)", "text"],
    ["country", "Country", "text"], ["customer_id", "Customer id (to record)", "text"]];
  const form = el("form", { class: "panel filters", "aria-label": "Screen a name" },
    fields.map(([n, t, type]) => el("div", {}, el("label", { for: "s-" + n, text: t }),
      type === "select" ? el("select", { id: "s-" + n, name: n }, ["", "person", "organization", "vessel", "aircraft"]
        .map((v) => el("option", { value: v, text: v || "any" }))) : el("input", { id: "s-" + n, name: n, required: n === "name" }))),
    recordBox(), el("div", {}, el("button", { type: "submit", class: "primary", text: "Screen" })));
  form.addEventListener("submit", async (ev) => {
    ev.preventDefault();
    const body = {};
    for (const [k, v] of new FormData(form)) if (v && k !== "record") body[k] = v;
    body.record = form.record.checked;
    try { renderScreen(out, await api("POST", "/screen", body)); } catch (e) { out.replaceChildren(el("p", { class: "error", text: e.message })); }
  });
  return form;
}

function documentForm(mode, out) {
  const [label, accept] = screenInputs[mode];
  const text = el("textarea", { id: "s-input", name: "input", rows: 12, spellcheck: "false", required: true });
  const file = el("input", { type: "file", id: "s-file", accept });
  // Read in the browser; the text goes into the box, where it can be checked before screening.
  file.addEventListener("change", async () => { if (file.files[0]) text.value = await file.files[0].text(); });
  const form = el("form", { class: "panel", "aria-label": "Screen a " + label.toLowerCase() },
    el("label", { for: "s-input", text: label + ", pasted" }), text,
    el("label", { for: "s-file", text: "or read from a file" }), file,
    el("div", { class: "row" }, recordBox(), el("button", { type: "submit", class: "primary", text: "Screen" })));
  form.addEventListener("submit", async (ev) => {
    ev.preventDefault();
    const body = { record: form.record.checked };
    if (mode === "trade") {
      try { body.transaction = JSON.parse(text.value); } catch (e) {
        out.replaceChildren(el("p", { class: "error", role: "alert", text: "The transaction is not JSON: " + e.message }));
        return;
      }
    } else body[mode] = text.value;
    try { renderFindings(out, await api("POST", "/screen/" + mode, body)); } catch (e) {
      if (e.body && e.body.verdict) renderFindings(out, e.body);
      else out.replaceChildren(el("p", { class: "error", role: "alert", text: e.message }));
    }
  });
  return form;
}

function renderScreen(out, r) {
  const verdict = r.verdict || (r.alert ? "alert" : "clear");
  out.replaceChildren(el("p", { class: verdict === "alert" ? "error" : "ok", id: "verdict" },
    "Verdict: " + verdict + (r.record ? " (recorded as audit record " + r.record + ")" : "")),
    ...(r.hits || []).map((h, i) => el("section", { class: "panel" },
      el("h2", {}, h.caption + " — score " + score(h.score) + " ",
        h.suppressed ? el("span", { class: "status false_positive", text: "suppressed: cleared false positive" }) : null,
        h.alert_id ? el("a", { href: "#/alert/" + h.alert_id, text: "alert #" + h.alert_id }) : null),
      h.alert_reason ? el("p", { class: "note", text: h.alert_reason }) : null, alignment(h, i + 1))));
}

// A message's, transaction's or text's verdict and each finding; list hits explained as names are.
const verdictWords = { PASS: "PASS: nothing found", REVIEW: "REVIEW: a person must look at it", BLOCK: "BLOCK: do not proceed",
  ERROR: "ERROR: not screened completely, so not clear" };
function renderFindings(out, r) {
  const verdict = r.verdict || "ERROR";
  const errors = r.errors || (r.error ? [r.error.message] : []);
  out.replaceChildren(...[
    el("p", { class: "verdict " + verdict.toLowerCase(), id: "verdict" }, "Verdict: ", el("strong", { text: verdictWords[verdict] || verdict }),
      r.record ? " (recorded as audit record " + r.record + " by " + r.recorded_as + ")" : ""),
    r.incomplete ? el("p", { class: "error", id: "incomplete", text: "Incomplete: part of the input could not be screened; " +
      "it is not clear until a person has checked it." }) : null,
    errors.length ? el("ul", { class: "error", id: "errors" }, errors.map((e) => el("li", { text: e }))) : null,
    (r.hits || []).length ? null : el("p", { class: "note", text: "No finding." }),
    ...(r.hits || []).map((h, i) => el("section", { class: "panel finding" },
      el("h2", {}, el("span", { class: "verdict " + (h.action || "").toLowerCase(), text: h.action || "" }), " ",
        h.caption ? h.caption + " — score " + score(h.score) + " " : h.reason + " ",
        h.suppressed ? el("span", { class: "status false_positive", text: "suppressed: cleared false positive" }) : null,
        h.alert_id ? el("a", { href: "#/alert/" + h.alert_id, text: "alert #" + h.alert_id }) : null),
      el("p", { class: "note" }, "Found in " + h.where + (h.value ? ": “" + h.value + "”" : "") + ". ",
        h.caption ? h.reason : "", h.entity_id ? " (" + h.entity_id + ")" : ""),
      h.alert_reason ? el("p", { class: "note", text: h.alert_reason }) : null,
      h.explanation ? alignment(h, i + 1) : null))].filter(Boolean));
}

async function showLists() {
  const r = await api("GET", "/lists");
  const days = (s) => (s >= 0 ? Math.floor(s / 86400) + " days" : "unknown");
  const ageNote = r.max_age_hours > 0 ? "Lists older than " + r.max_age_hours + " hours, or of unknown age, are flagged stale."
    : "No maximum age is configured (serve --max-list-age), so no list is flagged stale.";
  setPage("Lists", el("h1", { text: "Lists in force" }),
    r.stale ? el("p", { class: "error", id: "stale", text: "Some lists are older than the configured maximum age." }) : null,
    el("table", { id: "lists" }, el("caption", { class: "note", text: "List version " + r.version + ". " + ageNote }),
      el("thead", {}, el("tr", {}, ["List", "Title", "Published", "Age", "Records", "Version", "Fresh?"]
        .map((h) => el("th", { scope: "col", text: h })))),
      el("tbody", {}, r.lists.map((l) => el("tr", {}, el("td", { text: l.dataset }), el("td", { text: l.title }),
        el("td", { text: l.published || "unknown" }), el("td", { text: days(l.age_seconds) }), el("td", { text: l.entities }),
        el("td", { class: "hash", text: l.content_hash.slice(0, 16) }),
        el("td", {}, l.stale ? el("span", { class: "status true_match", text: "stale" }) : "yes"))))),
    listUpdate(r.update));
}

// The last reload's diff: per list, who was added, removed or changed.
function listUpdate(u) {
  const section = el("section", { class: "panel", id: "update", "aria-labelledby": "h-update" },
    el("h2", { id: "h-update", text: "Last update" }));
  if (!u) {
    section.append(el("p", { text: "No earlier list version in memory: the lists have not been reloaded since this server " +
      "started, so there is no update to compare. The next reload (SIGHUP or POST /admin/reload) is shown here." }));
    return section;
  }
  section.append(el("p", { class: "note", text: "Reloaded at " + when(u.at) + ", from list version " + u.from_version + "." }));
  const records = (items, more) => el("ul", {}, items.map((x) => el("li", {}, el("strong", { text: x.caption }),
    " (" + x.id + ")" + (x.fields ? ": " + x.fields.join(", ") + " changed" : ""))),
    more ? el("li", { class: "note", text: "… and more (the first " + items.length + " shown)" }) : null);
  const kinds = [["added", "Added"], ["removed", "Removed"], ["changed", "Changed"]];
  section.append(el("table", { id: "update-table" },
    el("thead", {}, el("tr", {}, ["List", "Added", "Removed", "Changed", "Who"].map((h) => el("th", { scope: "col", text: h })))),
    el("tbody", {}, u.lists.map((l) => el("tr", {}, el("td", {}, l.dataset,
        l.hash_before === null ? el("span", { class: "note", text: " (new list)" }) : null,
        l.hash_after === null ? el("span", { class: "note", text: " (no longer loaded)" }) : null),
      kinds.map(([k]) => el("td", { class: "score", text: l[k] })),
      el("td", {}, l.added + l.removed + l.changed === 0 ? el("span", { class: "note", text: "no change" })
        : kinds.filter(([k]) => l[k] > 0).map(([k, label]) => el("details", {}, el("summary", { text: label + " (" + l[k] + ")" }),
          records(l[k + "_records"], l[k] > l[k + "_records"].length)))))))));
  return section;
}

// --- Overview: charts drawn as SVG, each with its figures as a table for screen readers -------

const svgNs = "http://www.w3.org/2000/svg";
function svg(tag, attrs, ...children) {
  const node = document.createElementNS(svgNs, tag);
  for (const [k, v] of Object.entries(attrs || {})) if (v !== null && v !== undefined) node.setAttribute(k, v);
  for (const c of children.flat(Infinity)) if (c) node.append(c instanceof Node ? c : document.createTextNode(String(c)));
  return node;
}

const outcomeOrder = ["open", "pending_second", "true_match", "false_positive", "resolved_removed"];

// Alerts per day, stacked by status now. The SVG is an image with a summary; the table holds the figures.
function dailyChart(days) {
  const w = 760, h = 220, left = 36, bottom = 28, top = 10;
  const totals = days.map((d) => outcomeOrder.reduce((n, s) => n + d[s], 0));
  const max = Math.max(1, ...totals);
  const step = (w - left) / days.length, bar = Math.max(2, step * 0.7);
  const y = (v) => top + (h - top - bottom) * (1 - v / max);
  const bars = days.flatMap((d, i) => {
    let base = 0;
    return outcomeOrder.filter((s) => d[s] > 0).map((s) => {
      const r = svg("rect", { class: "bar " + s, x: (left + i * step).toFixed(1), y: y(base + d[s]).toFixed(1), width: bar.toFixed(1),
        height: (y(base) - y(base + d[s])).toFixed(1) }, svg("title", {}, d.day + ": " + d[s] + " " + (statusLabel[s] || s)));
      base += d[s];
      return r;
    });
  });
  const every = Math.ceil(days.length / 8), last = days.length - 1;  // about 8 dates, the last always
  const labels = days.map((d, i) => (i === last || (i % every === 0 && last - i >= every / 2))
    ? svg("text", { x: (left + i * step).toFixed(1), y: h - 10, class: "axis" }, d.day.slice(5)) : null);
  const total = totals.reduce((a, b) => a + b, 0);
  const summary = total + " alerts raised from " + days[0].day + " to " + days[days.length - 1].day + "; most on one day: " + max + ".";
  return el("figure", { class: "chart" },
    svg("svg", { viewBox: `0 0 ${w} ${h}`, role: "img", "aria-labelledby": "daily-title daily-desc", id: "chart-daily" },
      svg("title", { id: "daily-title" }, "Alerts per day by outcome"), svg("desc", { id: "daily-desc" }, summary),
      svg("line", { x1: left - 4, x2: w, y1: y(0), y2: y(0), class: "axis-line" }),
      svg("text", { x: 0, y: y(max) + 4, class: "axis" }, String(max)), svg("text", { x: 0, y: y(0) + 4, class: "axis" }, "0"),
      bars, labels),
    el("figcaption", {}, legend(), el("details", {}, el("summary", { text: "Alerts per day as a table" }),
      el("table", {}, el("thead", {}, el("tr", {}, el("th", { scope: "col", text: "Day" }),
        outcomeOrder.map((s) => el("th", { scope: "col", text: statusLabel[s] })))),
        el("tbody", {}, days.filter((d, i) => totals[i] > 0).map((d) => el("tr", {}, el("th", { scope: "row", text: d.day }),
          outcomeOrder.map((s) => el("td", { text: d[s] })))))))));
}

function legend() {
  return el("ul", { class: "legend" }, outcomeOrder.map((s) => el("li", {},
    svg("svg", { width: 12, height: 12, "aria-hidden": "true" }, svg("rect", { class: "bar " + s, width: 12, height: 12 })),
    " " + statusLabel[s])));
}

// False-positive rates as horizontal bars, with the counts beside each bar and in a table.
function rateChart(id, title, rows, keyName, emptyKey) {
  if (!rows.length) return el("p", { class: "note", text: title + ": no alert decided in this period." });
  const shown = rows.slice(0, 12), w = 480, rowH = 24, left = 140, h = shown.length * rowH + 8;
  const name = (r) => r[keyName] || emptyKey;
  const pct = (r) => Math.round(r.rate * 100) + "%";
  return el("figure", { class: "chart" },
    svg("svg", { viewBox: `0 0 ${w} ${h}`, role: "img", "aria-labelledby": id + "-title " + id + "-desc", id },
      svg("title", { id: id + "-title" }, title),
      svg("desc", { id: id + "-desc" }, shown.map((r) => name(r) + ": " + pct(r) + " of " + r.decided).join("; ")),
      shown.map((r, i) => [
        svg("text", { x: 0, y: i * rowH + 17, class: "axis" }, name(r).length > 22 ? name(r).slice(0, 21) + "…" : name(r)),
        svg("rect", { class: "bar track", x: left, y: i * rowH + 5, width: w - left - 90, height: 14 }),
        svg("rect", { class: "bar false_positive", x: left, y: i * rowH + 5, width: ((w - left - 90) * r.rate).toFixed(1), height: 14 }),
        svg("text", { x: w - 84, y: i * rowH + 17, class: "axis" }, pct(r) + " of " + r.decided)])),
    el("figcaption", {}, el("details", {}, el("summary", { text: title + " as a table" }),
      el("table", {}, el("thead", {}, el("tr", {}, ["", "Decided", "False positives", "Rate"].map((t, i) =>
        el("th", { scope: "col", text: i ? t : keyName === "list" ? "List" : "Program" })))),
        el("tbody", {}, rows.map((r) => el("tr", {}, el("th", { scope: "row", text: name(r) }), el("td", { text: r.decided }),
          el("td", { text: r.false_positives }), el("td", { text: pct(r) }))))))));
}

function duration(s) {
  if (s === null || s === undefined) return "none decided yet";
  if (s < 120) return Math.round(s) + " seconds";
  if (s < 7200) return Math.round(s / 60) + " minutes";
  if (s < 172800) return (s / 3600).toFixed(1) + " hours";
  return (s / 86400).toFixed(1) + " days";
}

async function showOverview(params) {
  const days = params.get("days") || "30";
  const o = await api("GET", "/overview?days=" + encodeURIComponent(days));
  const period = el("form", { class: "row", "aria-label": "Period" }, el("label", { for: "o-days", text: "Period" }),
    el("select", { id: "o-days", name: "days", onchange: (ev) => { location.hash = "#/overview?days=" + ev.target.value; } },
      [["7", "last 7 days"], ["30", "last 30 days"], ["90", "last 90 days"], ["366", "last year"]]
        .map(([v, t]) => el("option", { value: v, text: t, selected: v === days }))));
  setPage("Overview", el("h1", { text: "Overview" }), period,
    el("section", { class: "panel", "aria-labelledby": "h-daily" }, el("h2", { id: "h-daily", text: "Alerts per day by outcome" }),
      dailyChart(o.per_day)),
    el("section", { class: "panel", "aria-labelledby": "h-times" }, el("h2", { id: "h-times", text: "Time to decision" }),
      el("dl", { class: "figures", id: "times" },
        el("dt", { text: "Alerts decided" }), el("dd", { text: o.decided }),
        el("dt", { text: "Median time to the first decision" }), el("dd", { text: duration(o.median_first_decision_seconds) }),
        el("dt", { text: "Median time to the final decision (after four-eyes review)" }),
        el("dd", { text: duration(o.median_final_decision_seconds) }))),
    el("div", { class: "grid2" },
      el("section", { class: "panel", "aria-labelledby": "h-bylist" }, el("h2", { id: "h-bylist", text: "False-positive rate by list" }),
        rateChart("chart-lists", "False-positive rate by list", o.by_list, "list", "(unknown list)")),
      el("section", { class: "panel", "aria-labelledby": "h-byprogram" },
        el("h2", { id: "h-byprogram", text: "False-positive rate by program" }),
        rateChart("chart-programs", "False-positive rate by program", o.by_program, "program", "(no program)"))),
    el("section", { class: "panel", "aria-labelledby": "h-names" },
      el("h2", { id: "h-names", text: "Customers who raise the most false alerts" }),
      o.top_false_positives.length ? el("table", { id: "top-names" }, el("thead", {}, el("tr", {},
        ["Customer", "Customer id", "False positives", "Alerts"].map((t) => el("th", { scope: "col", text: t })))),
        el("tbody", {}, o.top_false_positives.map((c) => el("tr", {}, el("td", { text: c.name || "—" }),
          el("td", {}, c.customer_id ? el("a", { href: "#/queue?status=all&customer=" + encodeURIComponent(c.customer_id),
            text: c.customer_id }) : "(screenings without a customer id)"),
          el("td", { class: "score", text: c.false_positives }), el("td", { text: c.alerts })))))
        : el("p", { class: "note", text: "No false positive in this period." })),
    el("p", { class: "note", text: "Alerts raised since " + o.since + " (UTC), by their status now." }));
}

async function showAudit() {
  const r = await api("GET", "/audit");
  setPage("Audit", el("h1", { text: "Audit trail" }),
    el("section", { class: "panel" },
      el("p", { class: r.ok ? "ok" : "error", id: "chain" }, r.ok ? "Chain intact: every record's hash and link verified."
        : "Chain broken at record " + r.first_broken + ": " + r.problem),
      el("p", {}, "Records: " + r.records), el("p", {}, "Head hash: ", el("code", { text: r.head_hash || "(empty)" })),
      el("p", {}, el("a", { class: "button", href: "/v1/workbench/audit/decisions.csv", download: "decisions.csv",
        text: "Export decisions as CSV" }))));
}

// --- Routing and keys ------------------------------------------------------------------------

async function route() {
  if (!state.session) return;
  const { parts, params } = parseHash();
  try {
    if (parts[0] === "alert" && parts[1]) await showAlert(parts[1]);
    else if (parts[0] === "screen") showScreen(params);
    else if (parts[0] === "lists") await showLists();
    else if (parts[0] === "overview") await showOverview(params);
    else if (parts[0] === "audit") await showAudit();
    else await showQueue(params);
    main().focus({ preventScroll: true });
  } catch (e) {
    if (e.status !== 401) setPage("Error", el("h1", { text: "Something went wrong" }), el("p", { class: "error", text: e.message }));
  }
}

function onKey(ev) {
  if (!state.session || ev.altKey || ev.metaKey) return;
  const typing = /^(INPUT|TEXTAREA|SELECT)$/.test(ev.target.tagName);
  const page = parseHash().parts[0] || "queue";
  if (page === "alert" && ev.ctrlKey && ev.key === "Enter" && ev.target.id === "note") {
    ev.preventDefault();
    ev.target.form.requestSubmit();
    return;
  }
  if (page === "alert" && ev.ctrlKey && ev.key === "Enter") {
    const action = (document.getElementById("comment") || {}).dataset || {};
    const b = document.getElementById("submit-decision") || document.getElementById(action.action === "return" ? "return" : "approve");
    if (b) { ev.preventDefault(); b.click(); }
    return;
  }
  if (typing || ev.ctrlKey) return;
  if (page === "queue" && state.queue.length) {
    if (ev.key === "j" || ev.key === "k") {
      state.selected = Math.max(0, Math.min(state.queue.length - 1, state.selected + (ev.key === "j" ? 1 : -1)));
      highlight();
    } else if (ev.key === "Enter" && ev.target.tagName !== "A" && ev.target.tagName !== "BUTTON") {
      openAlert(state.queue[state.selected].id);
    } else if (ev.key === "t") {
      take(state.queue[state.selected].id).then(route, (e) => toast(e.message));
    }
  } else if (page === "alert") {
    const radio = { t: "d-true_match", f: "d-false_positive", e: "d-escalate" }[ev.key];
    if (radio && document.getElementById(radio)) {
      ev.preventDefault();
      document.getElementById(radio).checked = true;
      document.getElementById("comment").focus();
    } else if ((ev.key === "a" || ev.key === "r") && document.getElementById("comment")) {
      ev.preventDefault();
      document.getElementById("comment").focus();
      document.getElementById("comment").dataset.action = ev.key === "a" ? "approve" : "return";
    } else if (ev.key === "Escape") {
      location.hash = "#/queue";
    }
  }
}

async function start() {
  document.getElementById("signout").addEventListener("click", signOut);
  window.addEventListener("hashchange", route);
  document.addEventListener("keydown", onKey);
  try {
    state.session = await api("GET", "/session");
    signedIn();
  } catch (e) {
    showSignIn("");
  }
}

start();
