#!/usr/bin/env node
// Reports exports whose TSDoc misses what the house style asks for, beyond the summary that TypeDoc's
// `validation.notDocumented` already enforces:
//   - every exported function and public method has an `@example`;
//   - every exported function and public method has a `@throws` (review: a function that cannot
//     throw may go without one);
//   - every optional property of an exported `...Options` interface has a `@default`.
// Converts the same project as typedoc.json, so it sees exactly the four entry points.
//   node scripts/check-tsdoc.mjs            print the report (exit 0)
//   node scripts/check-tsdoc.mjs --strict   exit 1 when an @example or @default is missing
import { Application, ReflectionKind } from 'typedoc';

const strict = process.argv.includes('--strict');
// Sources on (typedoc.json turns them off for the site), so the report can name file and line.
const app = await Application.bootstrapWithPlugins({
  logLevel: 'Error',
  disableSources: false,
  disableGit: true,
  sourceLinkTemplate: '{path}#L{line}',
});
const project = await app.convert();
if (!project) {
  console.error('check-tsdoc: TypeDoc could not convert the project');
  process.exit(1);
}

const hasTag = (comment, tag) => comment?.blockTags.some((block) => block.tag === tag) ?? false;
const where = (reflection) => {
  const source = reflection.sources?.[0] ?? reflection.signatures?.[0]?.sources?.[0];
  return source ? `src/${source.fileName}:${source.line}` : '?';
};

const missing = { example: [], throws: [], default: [] };
const seen = new Set();

const callables = [
  ...project.getReflectionsByKind(ReflectionKind.Function),
  ...project.getReflectionsByKind(ReflectionKind.Method),
];
for (const reflection of callables) {
  if (reflection.flags.isPrivate || reflection.flags.isProtected || reflection.inheritedFrom) continue;
  if (reflection.kindOf(ReflectionKind.Method) && !reflection.parent?.kindOf(ReflectionKind.Class)) continue;
  const name = reflection.getFriendlyFullName();
  if (seen.has(name)) continue;
  seen.add(name);
  const comments = [reflection.comment, ...(reflection.signatures ?? []).map((s) => s.comment)];
  const label = `${name} (${where(reflection)})`;
  if (!comments.some((comment) => hasTag(comment, '@example'))) missing.example.push(label);
  if (!comments.some((comment) => hasTag(comment, '@throws'))) missing.throws.push(label);
}

for (const iface of project.getReflectionsByKind(ReflectionKind.Interface)) {
  if (!/Options$/.test(iface.name)) continue;
  for (const property of iface.children ?? []) {
    if (!property.flags.isOptional || property.inheritedFrom) continue;
    const name = property.getFriendlyFullName();
    if (seen.has(name)) continue;
    seen.add(name);
    if (!hasTag(property.comment, '@default')) missing.default.push(`${name} (${where(property)})`);
  }
}

const section = (title, list) =>
  list.length === 0 ? '' : `${title} (${list.length}):\n${list.map((item) => `  - ${item}`).join('\n')}\n`;
const report = [
  section('functions and methods without @example', missing.example),
  section('optional options without @default', missing.default),
  section('functions and methods without @throws (fine if they cannot throw)', missing.throws),
].join('\n');
console.log(
  report.trim() === '' ? 'tsdoc check: every export has its @example, @throws and @default' : report,
);
if (strict && missing.example.length + missing.default.length > 0) process.exit(1);
