#!/usr/bin/env node
// Checks the built docs site (docs/api, from `npm run docs`):
//   1. every entry point of package.json `exports` has a module page, and every guide in docs/ is a page;
//   2. every internal href/src in the built HTML resolves to a file (and an <a>'s #fragment to an id);
//   3. headless Chromium renders the index and one API page: headings, the navigation that TypeDoc's
//      script builds at run time, the signature and example; links in the rendered DOM resolve too,
//      the page loads request no missing file, and no script error reaches the console.
// Exits 1 with a list of problems. Chromium: $CHROMIUM or /usr/bin/chromium (Debian package `chromium`).
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { createServer } from 'node:http';
import { tmpdir } from 'node:os';
import { extname, join, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const site = join(root, 'docs', 'api');
const chromium = process.env.CHROMIUM ?? '/usr/bin/chromium';
const apiPage = 'functions/altegio-marketplace.createAltegioClient.html';
const problems = [];
const fail = (message) => problems.push(message);

if (!existsSync(join(site, 'index.html'))) {
  console.error('docs site check: docs/api/index.html is missing; run `npm run docs` first.');
  process.exit(1);
}

function walk(dir) {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) =>
    entry.isDirectory() ? walk(join(dir, entry.name)) : [join(dir, entry.name)],
  );
}
const toUrlPath = (file) => relative(site, file).split(sep).join('/');
const htmlFiles = walk(site).filter((file) => file.endsWith('.html'));
const htmlCache = new Map();
const readHtml = (file) => {
  if (!htmlCache.has(file)) htmlCache.set(file, readFileSync(file, 'utf8'));
  return htmlCache.get(file);
};
const unescapeHtml = (text) =>
  text
    .replace(/&amp;/g, '&')
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&lt;/g, '<');

// --- 1. entry points and guides -------------------------------------------------------------------
const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
const moduleTitles = new Set(
  htmlFiles
    .filter((file) => toUrlPath(file).startsWith('modules/') || toUrlPath(file) === 'modules.html')
    .map((file) => /<title>([^<|]+?)\s*\|/.exec(readHtml(file))?.[1]?.trim())
    .filter(Boolean),
);
const entryNames = Object.keys(pkg.exports)
  .filter((key) => key !== './package.json')
  .map((key) => (key === '.' ? pkg.name : `${pkg.name}/${key.slice(2)}`));
for (const name of entryNames) {
  if (!moduleTitles.has(name)) fail(`entry point "${name}" (package.json exports) has no module page`);
}

const typedoc = JSON.parse(readFileSync(join(root, 'typedoc.json'), 'utf8'));
const listed = new Set(typedoc.projectDocuments ?? []);
const guides = readdirSync(join(root, 'docs')).filter((file) => file.endsWith('.md') && file !== 'index.md');
for (const guide of guides) {
  if (!listed.has(`docs/${guide}`)) fail(`docs/${guide} is not in typedoc.json projectDocuments`);
}
const documentPages = htmlFiles.filter((file) => toUrlPath(file).startsWith('documents/'));
if (documentPages.length < guides.length) {
  fail(`${guides.length} guides in docs/ but ${documentPages.length} document pages in the site`);
}

// --- 2. internal links ------------------------------------------------------------------------------
const external = /^(?:[a-z][a-z0-9+.-]*:|\/\/)/i;
const linkChecked = new Set();

/** Checks every internal link of `html`, a page served at `pagePath` (relative to the site root). */
function checkLinks(html, pagePath, label) {
  let count = 0;
  for (const match of html.matchAll(/<(\w+)\s[^>]*?\b(href|src)="([^"]*)"/g)) {
    const [, tag, , rawValue] = match;
    const value = unescapeHtml(rawValue);
    if (value === '' || external.test(value)) continue;
    const key = `${pagePath}\u0000${value}`;
    if (linkChecked.has(key)) continue;
    linkChecked.add(key);
    count++;
    const url = new URL(value, `http://site.invalid/${pagePath}`);
    let path = decodeURIComponent(url.pathname).replace(/^\//, '');
    if (path === '' || path.endsWith('/')) path += 'index.html';
    const target = join(site, ...path.split('/'));
    if (!target.startsWith(site) || !existsSync(target) || !statSync(target).isFile()) {
      fail(`${label}: <${tag}> link "${value}" points to a missing file (${path})`);
      continue;
    }
    const fragment = decodeURIComponent(url.hash.slice(1));
    if (tag.toLowerCase() === 'a' && fragment !== '' && target.endsWith('.html')) {
      const targetHtml = target === join(site, ...pagePath.split('/')) ? html : readHtml(target);
      const escaped = fragment.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
      if (!new RegExp(`\\b(?:id|name)="${escaped}"`).test(targetHtml)) {
        fail(`${label}: link "${value}" points to a missing anchor #${fragment} in ${path}`);
      }
    }
  }
  return count;
}

let staticLinks = 0;
for (const file of htmlFiles) staticLinks += checkLinks(readHtml(file), toUrlPath(file), toUrlPath(file));

// "Inherited from X", "Overrides X" and a class hierarchy may name a class of src/ only as a link to
// its page: an internal base class (the per-job parts of `Marketplace`) must not show through. Bases
// from elsewhere (`Error`) have no page and are fine.
const srcClasses = new Set();
for (const entry of readdirSync(join(root, 'src'), { recursive: true })) {
  if (!String(entry).endsWith('.ts')) continue;
  const source = readFileSync(join(root, 'src', String(entry)), 'utf8');
  for (const match of source.matchAll(/^(?:export )?(?:abstract )?class (\w+)/gm)) srcClasses.add(match[1]);
}
for (const file of htmlFiles) {
  const html = readHtml(file);
  const named = [
    ...[...html.matchAll(/(?:Inherited from|Overrides) ([A-Za-z]\w*)/g)].map((match) => match[1]),
    ...[...html.matchAll(/tsd-hierarchy-item"><span class="tsd-signature-type">(\w+)/g)].map((m) => m[1]),
  ];
  for (const name of new Set(named)) {
    if (srcClasses.has(name)) fail(`${toUrlPath(file)}: names ${name}, a class of src/ the docs do not have`);
  }
}

// --- 3. render in headless Chromium ------------------------------------------------------------------
const missingRequests = [];
const server = createServer((request, response) => {
  const pathname = decodeURIComponent(new URL(request.url ?? '/', 'http://127.0.0.1').pathname);
  let file = join(site, ...pathname.split('/').filter((part) => part !== '' && part !== '..'));
  if (existsSync(file) && statSync(file).isDirectory()) file = join(file, 'index.html');
  if (!existsSync(file)) {
    if (pathname !== '/favicon.ico') missingRequests.push(pathname);
    response.writeHead(404).end('not found');
    return;
  }
  const types = {
    '.html': 'text/html; charset=utf-8',
    '.js': 'text/javascript',
    '.css': 'text/css',
    '.svg': 'image/svg+xml',
    '.json': 'application/json',
  };
  response.writeHead(200, { 'content-type': types[extname(file)] ?? 'application/octet-stream' });
  response.end(readFileSync(file));
});
await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
const origin = `http://127.0.0.1:${server.address().port}`;

/** Loads `pagePath` in a fresh headless Chromium and returns the DOM after its scripts ran. */
function dumpDom(pagePath) {
  const profile = mkdtempSync(join(tmpdir(), 'docs-chromium-'));
  const args = [
    '--headless',
    '--no-sandbox',
    '--disable-gpu',
    '--disable-quic',
    '--no-first-run',
    '--disable-background-networking',
    '--disable-component-update',
    '--disable-sync',
    `--user-data-dir=${profile}`,
    // Page console messages go to stderr, so a script error on the page fails the check.
    '--enable-logging=stderr',
    '--v=0',
    // Lets the page's async work (TypeDoc decompresses its navigation data) finish before the dump.
    '--virtual-time-budget=10000',
    '--dump-dom',
    `${origin}/${pagePath}`,
  ];
  return new Promise((resolve, reject) => {
    const child = spawn(chromium, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stdout.on('data', (chunk) => {
      out += chunk;
    });
    child.stderr.on('data', (chunk) => {
      err += chunk;
    });
    const timer = setTimeout(() => child.kill('SIGKILL'), 90_000);
    child.on('error', (error) => {
      clearTimeout(timer);
      reject(new Error(`cannot start ${chromium} (${error.message}); install Debian's chromium package`));
    });
    child.on('close', (code) => {
      clearTimeout(timer);
      rmSync(profile, { recursive: true, force: true });
      if (code !== 0 || out.trim() === '') {
        reject(new Error(`chromium exited ${code} on ${pagePath}: ${err.split('\n').slice(-5).join('\n')}`));
        return;
      }
      for (const line of err.split('\n')) {
        if (/CONSOLE/.test(line) && /Uncaught|:ERROR:CONSOLE/.test(line)) {
          fail(`${pagePath}: script error in the browser: ${line.replace(/^\[[^\]]*\]\s*/, '')}`);
        }
      }
      resolve(out);
    });
  });
}

const textOf = (html) =>
  html
    .replace(/<(script|style)[\s\S]*?<\/\1>/g, '')
    .replace(/<wbr\s*\/?>/g, '')
    .replace(/<[^>]+>/g, ' ');
let renderedLinks = 0;
try {
  const index = await dumpDom('index.html');
  const indexText = textOf(index);
  if (!/<h1[^>]*>[^<]*altegio-marketplace/.test(index)) fail('index: no <h1> naming altegio-marketplace');
  // The sidebar's per-module lists exist only after TypeDoc's script ran in the browser.
  if (!/class="tsd-nested-navigation"[\s\S]*?<a href=/.test(index)) {
    fail('index: the navigation built by TypeDoc script is missing (did the page script run?)');
  }
  for (const name of entryNames) {
    if (!indexText.includes(name)) fail(`index: rendered page does not mention entry point ${name}`);
  }
  const guideLinks = new Set(
    [...index.matchAll(/href="(?:\.\/)?(documents\/[^"#]+\.html)/g)].map((m) => m[1]),
  );
  if (guideLinks.size < guides.length) {
    fail(
      `index: links to ${guideLinks.size} guide pages, expected ${guides.length} (one per docs/*.md guide)`,
    );
  }
  renderedLinks += checkLinks(index, 'index.html', 'index (rendered)');

  const api = await dumpDom(apiPage);
  if (!/<h1[^>]*>[^<]*createAltegioClient/.test(api)) fail(`${apiPage}: no <h1> naming createAltegioClient`);
  if (!/class="tsd-signature/.test(api)) fail(`${apiPage}: no rendered signature`);
  if (!/<pre><code class="(?:ts|typescript)"/.test(api)) fail(`${apiPage}: no rendered example code block`);
  if (!/class="tsd-nested-navigation"[\s\S]*?<a href=/.test(api)) fail(`${apiPage}: navigation not built`);
  renderedLinks += checkLinks(api, apiPage, `${apiPage} (rendered)`);
} catch (error) {
  fail(error.message);
} finally {
  server.close();
}
for (const path of new Set(missingRequests)) fail(`the browser requested a missing file: ${path}`);

if (problems.length > 0) {
  console.error(problems.map((problem) => `  - ${problem}`).join('\n'));
  console.error(`\ndocs site check: ${problems.length} problem(s)`);
  process.exit(1);
}
console.log(
  `docs site check: ${htmlFiles.length} pages, ${staticLinks} internal links resolve, ${entryNames.length} entry points and ${guides.length} guides have pages; Chromium rendered index.html and ${apiPage} (${renderedLinks} more links checked)`,
);
