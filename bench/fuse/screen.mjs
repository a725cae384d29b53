// fuse.js baseline: index the same list names embargo screens against, screen a CSV of names,
// and write one JSON line per row in the format the name-variants score.py reads.
//
//   node screen.mjs NAMES.jsonl QUERIES.csv OUT.jsonl [--threshold 0.3] [--alert 0.25]
//
// NAMES.jsonl comes from `embargo lists --export-names FILE`. fuse.js scores 0 (perfect) to 1;
// a hit's score here is 1 - fuse score; a row alerts when its best fuse score <= --alert.
import Fuse from "fuse.js";
import fs from "node:fs";

const [namesPath, queriesPath, outPath, ...rest] = process.argv.slice(2);
const opt = (name, dflt) => {
  const i = rest.indexOf(name);
  return i >= 0 ? Number(rest[i + 1]) : dflt;
};
const threshold = opt("--threshold", 0.3);
const alertAt = opt("--alert", 0.25);

function parseCsv(text) {
  const rows = [];
  let row = [], field = "", quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') { field += '"'; i++; }
      else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"') quoted = true;
    else if (c === ",") { row.push(field); field = ""; }
    else if (c === "\n") { row.push(field); rows.push(row); row = []; field = ""; }
    else if (c !== "\r") field += c;
  }
  if (field || row.length) { row.push(field); rows.push(row); }
  return rows;
}

const names = fs.readFileSync(namesPath, "utf8").split("\n").filter(Boolean).map((l) => JSON.parse(l));
const t0 = process.hrtime.bigint();
const fuse = new Fuse(names, { keys: ["name"], includeScore: true, threshold, ignoreLocation: true });
const t1 = process.hrtime.bigint();
const [header, ...rows] = parseCsv(fs.readFileSync(queriesPath, "utf8"));
const idCol = header.indexOf("id"), nameCol = header.indexOf("name");
const out = [];
const t2 = process.hrtime.bigint();
for (const r of rows) {
  const results = fuse.search(r[nameCol], { limit: 30 });
  const seen = new Set();
  const hits = [];
  for (const x of results) {
    if (seen.has(x.item.entity_id)) continue;
    seen.add(x.item.entity_id);
    hits.push({ entity_id: x.item.entity_id, score: Number((1 - x.score).toFixed(4)) });
  }
  const alert = results.length > 0 && results[0].score <= alertAt;
  // Hits are kept even without an alert, so other cut-offs can be scored from one run
  // (score.py credits hits only when alert is true).
  out.push(JSON.stringify({ id: r[idCol], alert, hits: hits.slice(0, 10) }));
}
const t3 = process.hrtime.bigint();
fs.writeFileSync(outPath, out.join("\n") + "\n");
const secs = Number(t3 - t2) / 1e9;
console.error(JSON.stringify({ engine: "fuse.js", names: names.length, index_ms: Number(t1 - t0) / 1e6,
  queries: rows.length, seconds: secs, names_per_second: rows.length / secs }));
