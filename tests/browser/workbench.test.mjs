// The analyst workbench end to end in Debian's chromium: an analyst and an approver at work on
// a fresh store behind `embargo serve`. Screenshots of every page go to the artifact folder;
// axe-core must find no serious or critical accessibility violation on any page.
// Usage: node workbench.test.mjs EMBARGO_BINARY ARTIFACT_DIR CHROMIUM
import { spawn, spawnSync } from "node:child_process";
import { createHash, randomBytes } from "node:crypto";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import path from "node:path";
import assert from "node:assert/strict";
import { fileURLToPath } from "node:url";

const require = createRequire(import.meta.url);
const { chromium } = require("playwright-core");
const axe = require("axe-core");

const [binary, artifacts, chromiumPath] = process.argv.slice(2);
const source = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
const work = mkdtempSync(path.join(tmpdir(), "embargo-workbench-"));
const store = path.join(work, "store.db");
const users = { admin: "admin-password-1", ann: "ann-password-1234", bob: "bob-password-1234" };
const log = (...a) => console.log("[workbench]", ...a);

function embargo(args, input) {
  const r = spawnSync(binary, ["--lists", path.join(source, "data/lists"), ...args], { input, encoding: "utf8" });
  assert.equal(r.status, 0, `embargo ${args.join(" ")}: ${r.stderr}`);
  return r.stdout;
}

// A server with API keys on (the workbench needs none: it signs in), on a free loopback port.
async function startServer() {
  const keys = path.join(work, "keys");
  writeFileSync(keys, createHash("sha256").update(randomBytes(32).toString("hex")).digest("hex") + " ci-robot screen\n");
  const child = spawn(binary, ["--lists", path.join(source, "data/lists"), "serve", "--host", "127.0.0.1", "--port", "0",
    "--api-keys", keys, "--decision-store", store], { stdio: ["ignore", "ignore", "pipe"] });
  const url = await new Promise((resolve, reject) => {
    let err = "";
    const timer = setTimeout(() => reject(new Error("server did not start: " + err)), 60000);
    child.stderr.on("data", (d) => {
      err += d;
      const m = /listening on (http:\/\/[\d.]+:\d+)/.exec(err);
      if (m) { clearTimeout(timer); resolve(m[1]); }
    });
    child.on("exit", (code) => reject(new Error("server exited " + code + ": " + err)));
  });
  return { child, url };
}

// A signed-in API client, to put alerts in the store the way a screening would.
async function apiSession(url, name) {
  const r = await fetch(url + "/v1/workbench/session", { method: "POST", headers: { "Content-Type": "application/json" },
    body: JSON.stringify({ name, password: users[name] }) });
  assert.equal(r.status, 200);
  const cookie = r.headers.get("set-cookie").split(";")[0];
  const { csrf_token } = await r.json();
  return async (body) => {
    const s = await fetch(url + "/v1/workbench/screen", { method: "POST", body: JSON.stringify(body),
      headers: { "Content-Type": "application/json", Cookie: cookie, "X-CSRF-Token": csrf_token } });
    assert.equal(s.status, 200);
    return s.json();
  };
}

const seen = [];
async function check(page, name) {
  await page.screenshot({ path: path.join(artifacts, name + ".png"), fullPage: true });
  // Injected through the DevTools protocol: the page's CSP forbids inline scripts and eval.
  const cdp = await page.context().newCDPSession(page);
  await cdp.send("Runtime.evaluate", { expression: axe.source });
  await cdp.detach();
  const result = await page.evaluate(() => window.axe.run(document, { runOnly: ["wcag2a", "wcag2aa", "best-practice"] }));
  const bad = result.violations.filter((v) => v.impact === "serious" || v.impact === "critical");
  assert.deepEqual(bad.map((v) => v.id + ": " + v.nodes.map((n) => n.target.join(" ")).join(", ")), [], name + ": axe violations");
  seen.push(name);
  log("page", name, "ok,", result.violations.length, "minor axe finding(s)");
}

async function signIn(browser, name, viewport = { width: 1280, height: 800 }) {
  const context = await browser.newContext({ viewport });
  const page = await context.newPage();
  page.on("pageerror", (e) => { throw e; });
  await page.goto(baseUrl + "/");
  await page.getByLabel("User name").fill(name);
  await page.getByLabel("Password").fill(users[name]);
  if (name === "ann") await check(page, "sign-in");
  await page.getByRole("button", { name: "Sign in" }).click();
  await page.waitForSelector("table.queue");
  return page;
}

// A POST from the page's own origin, with or without the session's CSRF token: the status.
const postFrom = (page, url, body, withToken) => page.evaluate(async ([url, body, withToken]) => {
  const me = await (await fetch("/v1/workbench/session")).json();
  const headers = { "Content-Type": "application/json" };
  if (withToken) headers["X-CSRF-Token"] = me.csrf_token;
  return (await fetch(url, { method: "POST", headers, body: JSON.stringify(body) })).status;
}, [url, body, withToken]);

async function decide(page, key, comment) {
  await page.keyboard.press(key);
  await page.keyboard.type(comment);
  await page.keyboard.press("Control+Enter");
}

let server, browser, baseUrl;
const started = Date.now();
try {
  embargo(["users", "add", "admin", "--role", "admin", "--decision-store", store], users.admin + "\n");
  for (const [name, role] of [["ann", "analyst"], ["bob", "approver"]])
    embargo(["users", "add", name, "--role", role, "--as", "admin", "--decision-store", store], users[name] + "\n");
  server = await startServer();
  baseUrl = server.url;
  const screen = await apiSession(baseUrl, "ann");
  const putin = await screen({ name: "Vladimir Putin", customer_id: "cust-putin", record: true });
  const ali = await screen({ name: "Ali Hassan", customer_id: "cust-ali", record: true });
  await screen({ name: "Sergei Lavrov", customer_id: "cust-lavrov", record: true });
  const putinAlert = putin.hits[0].alert_id;
  const aliHit = ali.hits.find((h) => h.alert_id && h.score >= 0.95);
  assert.ok(putinAlert && aliHit, "the seeded screenings raise alerts");
  log("seeded; Putin alert", putinAlert, "Ali Hassan alert", aliHit.alert_id, aliHit.caption);

  // playwright-core starts chromium with a fresh --user-data-dir of its own (a temporary folder
  // per launch; it refuses the flag given here).
  browser = await chromium.launch({ executablePath: chromiumPath, headless: true, args: ["--headless", "--no-sandbox",
    "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update",
    "--disable-sync"] });
  const ann = await signIn(browser, "ann");
  await check(ann, "queue");

  // Filter the queue down to the OFAC SDN list, scores from 0.95, highest first.
  await ann.getByLabel("List").selectOption("ofac-sdn");
  await ann.getByLabel("Score from").fill("0.95");
  await ann.getByLabel("Sort by").selectOption("score desc");
  await ann.getByRole("button", { name: "Apply" }).click();
  await ann.waitForFunction(() => location.hash.includes("list=ofac-sdn"));
  await ann.waitForSelector("table.queue caption");
  // The old table stays until the filtered page has come back: wait for the new rows (or time out).
  await ann.waitForFunction(() => [...document.querySelectorAll("table.queue tbody tr")].every((tr) => /ofac-sdn/.test(tr.textContent)),
    null, { timeout: 10000 }).catch(() => {});
  const rows = await ann.$$eval("table.queue tbody tr", (trs) => trs.map((tr) => [tr.dataset.id, tr.textContent]));
  assert.ok(rows.length > 0 && rows.every(([, t]) => /ofac-sdn/.test(t)), "only OFAC SDN alerts after filtering");
  const index = rows.findIndex(([id]) => Number(id) === putinAlert);
  assert.ok(index >= 0, "the Putin alert is in the filtered queue");
  await check(ann, "queue-filtered");

  // Keyboard: j/k to the Putin alert, Enter opens it.
  await ann.locator("main").focus();
  for (let i = 0; i < index + 1; ++i) await ann.keyboard.press("j");
  await ann.keyboard.press("k");
  if (index === rows.length - 1) await ann.keyboard.press("j");  // j stops at the last row
  assert.equal(await ann.getAttribute("table.queue tr.selected", "data-id"), String(putinAlert));
  await ann.keyboard.press("Enter");
  await ann.waitForSelector("#alignment");
  const alignment = await ann.textContent("#alignment");
  assert.match(alignment, /vladimir/i);
  assert.match(alignment, /putin/i);
  assert.match(alignment, /same word/);
  assert.match(await ann.textContent("#linked"), /uk-ofsi/);
  assert.match(await ann.textContent("#linked"), /Linked because/);
  // A comment without a decision joins the history.
  await ann.getByLabel("Comment (no decision)").fill("Asked the branch for a passport copy.");
  await ann.getByRole("button", { name: "Add comment" }).click();
  await ann.waitForSelector("#history >> text=ann commented: Asked the branch for a passport copy.");
  assert.match(await ann.textContent(".decide"), /Record decision/, "the comment decided nothing");
  await check(ann, "alert");

  // A state-changing request without the CSRF token is refused, with it accepted.
  const decisionUrl = `/v1/workbench/alerts/${putinAlert}/decision`;
  assert.equal(await postFrom(ann, decisionUrl, { decision: "true_match", comment: "no token" }, false), 403);
  await decide(ann, "t", "Same person: name, and the lists link the UK record by birth date and nationality.");
  await ann.waitForSelector("text=awaiting approval");
  assert.equal(await ann.locator("#approve").count(), 0, "no approve button for an analyst");
  assert.equal(await postFrom(ann, `/v1/workbench/alerts/${putinAlert}/review`, { action: "approve", comment: "me" }, true), 409,
    "the analyst cannot approve their own decision");

  // The approver confirms.
  const bob = await signIn(browser, "bob");
  await bob.goto(baseUrl + "/#/alert/" + putinAlert);
  await bob.waitForSelector("#approve");
  await check(bob, "alert-approval");
  await bob.getByLabel("Comment (required)").fill("Confirmed.");
  await bob.click("#approve");
  await bob.waitForSelector(".decide .status.true_match");

  // A second alert cleared as a false positive, approved, and then suppressed on re-screening.
  await ann.goto(baseUrl + "/#/alert/" + aliHit.alert_id);
  await ann.waitForSelector("#d-false_positive");
  await decide(ann, "f", "Customer born 1990 in Leeds; the listed person is another man.");
  await ann.waitForSelector("text=awaiting approval");
  await bob.goto(baseUrl + "/#/alert/" + aliHit.alert_id);
  await bob.waitForSelector("#approve");
  await bob.getByLabel("Comment (required)").fill("Agreed: not the listed person.");
  await bob.keyboard.press("Control+Enter");
  await bob.waitForSelector(".decide .status.false_positive");
  assert.match(await bob.textContent(".decide"), /remembered/);

  await ann.goto(baseUrl + "/#/screen");
  await ann.getByLabel("Name", { exact: true }).fill("Ali Hassan");
  await ann.getByLabel("Customer id (to record)").fill("cust-ali");
  await ann.getByRole("button", { name: "Screen" }).click();
  await ann.waitForSelector("#verdict");
  const cleared = ann.locator("section.panel", { hasText: aliHit.caption }).first();
  assert.match(await cleared.textContent(), /suppressed: cleared false positive/);
  await check(ann, "screen");

  // A payment message read from a file in the browser: held for review, each hit explained, recorded.
  await ann.click("#mode-message");
  await ann.waitForSelector("#s-file");
  await ann.setInputFiles("#s-file", path.join(source, "tests/payments/testdata/mt103_sdn_beneficiary.txt"));
  await ann.waitForFunction(() => document.getElementById("s-input").value.includes(":59F:"));
  await ann.getByRole("button", { name: "Screen" }).click();
  await ann.waitForSelector("#verdict");
  assert.match(await ann.textContent("#verdict"), /REVIEW/);
  assert.match(await ann.textContent("#verdict"), /recorded as audit record \d+ by ann/);
  const messageResult = await ann.textContent("#screen-result");
  assert.match(messageResult, /zawahiri/i);
  assert.match(messageResult, /59F/);
  assert.match(messageResult, /How the names met/);
  await check(ann, "screen-message");
  // A pasted text, not recorded.
  await ann.click("#mode-text");
  await ann.waitForSelector("#s-input");
  await ann.getByLabel("Text, pasted").fill("Per the attached letter, the funds come from Vladimir Putin through a Cyprus holding.");
  await ann.uncheck("#s-record");
  await ann.getByRole("button", { name: "Screen" }).click();
  await ann.waitForSelector("#verdict");
  assert.match(await ann.textContent("#verdict"), /REVIEW/);
  assert.doesNotMatch(await ann.textContent("#verdict"), /recorded/);
  assert.match(await ann.textContent("#screen-result"), /putin/i);
  await check(ann, "screen-text");
  // A text the page cannot send as anything but bad input: the server's message is shown.
  await ann.click("#mode-trade");
  await ann.waitForSelector("#s-input");
  await ann.getByLabel("Trade transaction (JSON), pasted").fill('{"parties": "none"}');
  await ann.getByRole("button", { name: "Screen" }).click();
  await ann.waitForSelector("#verdict");
  assert.match(await ann.textContent("#verdict"), /ERROR/);

  await ann.goto(baseUrl + "/#/lists");
  await ann.waitForSelector("text=Lists in force");
  assert.match(await ann.textContent("main"), /ofac-sdn/);
  assert.match(await ann.textContent("#update"), /No earlier list version in memory/);
  await check(ann, "lists");
  // A reload (SIGHUP) of the same files: the last update, per list, with nothing changed.
  server.child.kill("SIGHUP");
  const reloaded = () => ann.evaluate(async () => (await (await fetch("/v1/workbench/lists")).json()).update !== null);
  for (let i = 0; i < 120 && !(await reloaded()); ++i) await new Promise((r) => setTimeout(r, 500));
  await ann.reload();
  await ann.waitForSelector("#update-table");
  assert.match(await ann.textContent("#update-table"), /no change/);
  await check(ann, "lists-updated");

  // The overview: alerts per day, time to decision, false-positive rates and names, drawn as SVG.
  await ann.goto(baseUrl + "/#/overview");
  await ann.waitForSelector("#chart-daily");
  assert.equal(await ann.getAttribute("#chart-daily", "role"), "img");
  assert.match(await ann.textContent("#daily-desc"), /alerts raised/);
  assert.match(await ann.textContent("#times"), /Alerts decided\s*2/);
  assert.match(await ann.textContent("#chart-lists"), /ofac-sdn|un|uk-ofsi|eu-fsf/);
  assert.match(await ann.textContent("#top-names"), /Ali Hassan/);
  await check(ann, "overview");
  await bob.goto(baseUrl + "/#/audit");
  await bob.waitForSelector("#chain");
  assert.match(await bob.textContent("#chain"), /Chain intact/);
  const csv = await bob.evaluate(async () => (await fetch("/v1/workbench/audit/decisions.csv")).text());
  assert.equal(csv.trim().split("\n").length, 5, "a header and four decisions");
  await check(bob, "audit");

  const phone = await signIn(browser, "bob", { width: 390, height: 844 });
  await check(phone, "queue-phone");
  log(`passed: ${seen.length} pages checked in ${((Date.now() - started) / 1000).toFixed(1)} s; screenshots in ${artifacts}`);
} finally {
  if (browser) await browser.close();
  if (server) server.child.kill("SIGTERM");
  rmSync(work, { recursive: true, force: true });
}
