// Lighthouse on pages of a built site, on a phone and on a desktop: the four
// category scores of each page, and every audit that did not pass. The
// site is served from its folder on a local port, as a host would.
//
//   npm install --prefix scripts/lighthouse
//   node scripts/lighthouse/run.mjs public index.html 01-intro.html quiz.html
//
// CHROME_PATH names the browser (default /usr/bin/chromium).
import { createServer } from "node:http";
import { readFile } from "node:fs/promises";
import { extname, join, normalize } from "node:path";
import * as chromeLauncher from "chrome-launcher";
import lighthouse from "lighthouse";
import desktopConfig from "lighthouse/core/config/desktop-config.js";

const [folder, ...pages] = process.argv.slice(2);
if (!folder || pages.length === 0) {
  console.error("usage: node run.mjs SITE_FOLDER PAGE...");
  process.exit(2);
}

const TYPES = {
  ".html": "text/html; charset=utf-8", ".css": "text/css", ".js": "text/javascript",
  ".json": "application/json", ".svg": "image/svg+xml", ".png": "image/png",
  ".woff2": "font/woff2", ".xml": "application/xml", ".bin": "application/octet-stream",
};

const server = createServer(async (request, response) => {
  const path = decodeURIComponent(new URL(request.url, "http://x").pathname);
  const file = join(folder, normalize(path).replace(/^(\.\.[/\\])+/, ""), path.endsWith("/") ? "index.html" : "");
  try {
    const body = await readFile(file);
    response.writeHead(200, { "content-type": TYPES[extname(file)] || "application/octet-stream" });
    response.end(body);
  } catch {
    response.writeHead(404, { "content-type": "text/plain" });
    response.end("not found");
  }
});
await new Promise((resolve) => server.listen(0, "127.0.0.1", resolve));
const base = `http://127.0.0.1:${server.address().port}/`;

const chrome = await chromeLauncher.launch({
  chromePath: process.env.CHROME_PATH || "/usr/bin/chromium",
  chromeFlags: ["--headless=new", "--no-sandbox", "--disable-gpu"],
});
const categories = ["performance", "accessibility", "best-practices", "seo"];
let perfect = true;
try {
  for (const page of pages) {
    for (const [device, config] of [["mobile", undefined], ["desktop", desktopConfig]]) {
      const result = await lighthouse(base + page, { port: chrome.port, output: "json", logLevel: "error" }, config);
      const lhr = result.lhr;
      const scores = categories.map((c) => Math.round((lhr.categories[c]?.score ?? 0) * 100));
      if (scores.some((s) => s < 100)) perfect = false;
      console.log(`${page} ${device}: ${categories.map((c, i) => `${c} ${scores[i]}`).join(", ")}`);
      for (const category of categories) {
        for (const ref of lhr.categories[category].auditRefs) {
          const audit = lhr.audits[ref.id];
          if (ref.weight > 0 && audit.score !== null && audit.score < 1) {
            console.log(`  ${category}: ${audit.id} (${audit.score}) ${audit.title}${audit.displayValue ? " — " + audit.displayValue : ""}`);
            for (const item of (audit.details?.items || []).slice(0, 3)) {
              const what = item.node?.snippet || item.source?.url || item.description || item.url || "";
              if (what) console.log(`    ${String(what).slice(0, 200)}`);
            }
          }
        }
      }
    }
  }
} finally {
  await chrome.kill();
  server.close();
}
process.exit(perfect ? 0 : 1);
