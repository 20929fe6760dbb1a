// TypeDoc plugin for this repository's docs site (loaded by typedoc.json):
// - a guide in docs/*.md is titled by its first `# ` heading (Biome's Markdown formatter mangles
//   YAML front matter, so the guides carry none);
// - a type alias written with `z.input<typeof schema>` / `z.output<...>` / `z.infer<...>` is shown as the
//   object type it resolves to, with each field and its TSDoc, instead of the opaque zod expression
//   (which also referenced the internal schema constant);
// - each heading of a guide also answers to the anchor GitHub gives it (`## vitest + msw` is
//   `#vitest--msw` there, `#vitest-msw` in TypeDoc), so links written for GitHub work on the site;
// - the `override name = 'XError' as const` line of every error class gets a summary, since no one
//   writes TSDoc for it, so that `validation.notDocumented` can stay on for everything else;
// - a public class built on internal ones (`Marketplace`, chained from one class per job) shows its
//   methods as its own: no "Inherited from" an undocumented class, no hierarchy of internal names;
// - `@throws {XError} when ...` keeps its error class: TypeDoc drops a tag's `{type}` unless told to
//   keep it, and then shows it as plain text; here it becomes a link to the class, before the text.
import {
  Application,
  Comment,
  Converter,
  MarkdownEvent,
  makeRecursiveVisitor,
  ReflectionFlag,
  ReflectionKind,
  TypeScript as ts,
} from 'typedoc';

const zodTypeHelpers = new Set(['input', 'output', 'infer', 'TypeOf']);

/** Whether a converted type uses `z.input` / `z.output` / `z.infer` anywhere (e.g. `z.output<typeof s>['event']`). */
function mentionsZodHelper(type) {
  let found = false;
  type.visit(
    makeRecursiveVisitor({
      reference: (ref) => {
        if (ref.package?.startsWith('zod') && zodTypeHelpers.has(ref.qualifiedName.split('.').pop()))
          found = true;
      },
    }),
  );
  return found;
}

const entities = { amp: '&', lt: '<', gt: '>', quot: '"', '#39': "'" };

/** GitHub's anchor for a heading: lower case, punctuation dropped, each space a hyphen. */
function githubSlug(html) {
  const text = html
    .replace(/<a [^>]*class="tsd-anchor-icon"[\s\S]*?<\/a>/g, '')
    .replace(/<[^>]+>/g, '')
    .replace(/&(amp|lt|gt|quot|#39);/g, (_, name) => entities[name]);
  return text
    .trim()
    .toLowerCase()
    .replace(/[^\p{L}\p{N}\p{M} _-]/gu, '')
    .replace(/ /g, '-');
}

/**
 * `{A | B}` of a `@throws` tag as links to A and B (code text for a class outside the docs, such as
 * `TypeError`), followed by the tag's text.
 */
function throwsWithLinks(tag, documented) {
  const names = tag.typeAnnotation
    .replace(/^\{|\}$/g, '')
    .split('|')
    .map((name) => name.trim())
    .filter(Boolean);
  const links = names.flatMap((name, index) => [
    ...(index > 0 ? [{ kind: 'text', text: ' | ' }] : []),
    documented.has(name)
      ? { kind: 'inline-tag', tag: '@link', text: name }
      : { kind: 'code', text: `\`${name}\`` },
  ]);
  tag.content = [...links, { kind: 'text', text: ' ' }, ...tag.content];
  delete tag.typeAnnotation;
}

/** @param {import('typedoc').Application} app */
export function load(app) {
  app.on(Application.EVENT_BOOTSTRAP_END, () => {
    const kept = app.options.getValue('preservedTypeAnnotationTags');
    if (!kept.includes('@throws')) app.options.setValue('preservedTypeAnnotationTags', [...kept, '@throws']);
  });
  app.converter.on(Converter.EVENT_RESOLVE_BEGIN, (context) => {
    const all = Object.values(context.project.reflections);
    const documented = new Set(all.filter((r) => r.kindOf(ReflectionKind.Class)).map((r) => r.name));
    for (const reflection of all) {
      const comments = [reflection.comment, ...(reflection.signatures ?? []).map((s) => s.comment)];
      for (const comment of comments) {
        for (const tag of comment?.blockTags ?? []) {
          if (tag.tag === '@throws' && tag.typeAnnotation) throwsWithLinks(tag, documented);
        }
      }
    }
  });

  const slugsPerPage = new WeakMap();
  app.renderer.on(MarkdownEvent.PARSE, (event) => {
    const used = slugsPerPage.get(event.page) ?? new Map();
    slugsPerPage.set(event.page, used);
    event.parsedText = event.parsedText.replace(
      /<h([1-6]) id="([^"]*)"([^>]*)>([\s\S]*?)<\/h\1>/g,
      (heading, _level, id, _attributes, inner) => {
        const base = githubSlug(inner);
        if (base === '') return heading;
        // GitHub numbers repeated headings: `#setup`, `#setup-1`, ...
        const count = used.get(base) ?? 0;
        used.set(base, count + 1);
        const slug = count === 0 ? base : `${base}-${count}`;
        return slug === id ? heading : `<a id="${slug}"></a>${heading}`;
      },
    );
  });

  app.converter.on(Converter.EVENT_CREATE_DOCUMENT, (_context, document) => {
    if (typeof document.frontmatter.title === 'string') return;
    const text = document.content
      .filter((part) => part.kind === 'text')
      .map((part) => part.text)
      .join('');
    const heading = /^#[ \t]+(.+?)[ \t#]*$/m.exec(text)?.[1];
    if (heading) document.name = heading;
  });

  // The alias's type is converted after EVENT_CREATE_DECLARATION, so the swap happens once all is converted.
  const aliases = [];
  app.converter.on(Converter.EVENT_CREATE_DECLARATION, (_context, reflection) => {
    if (reflection.kindOf(ReflectionKind.TypeAlias)) aliases.push(reflection);
  });
  app.converter.on(Converter.EVENT_RESOLVE_BEGIN, (context) => {
    for (const reflection of aliases.splice(0)) {
      const type = reflection.type;
      if (!type || !mentionsZodHelper(type)) continue;
      const declaration = context
        .getSymbolFromReflection(reflection)
        ?.getDeclarations()
        ?.find(ts.isTypeAliasDeclaration);
      if (!declaration) continue;
      // Drop what the zod expression created (e.g. a reflection for `typeof schema`) before the swap.
      type.visit(
        makeRecursiveVisitor({ reflection: (inner) => context.project.removeReflection(inner.declaration) }),
      );
      const chain = [];
      for (let scope = reflection; scope && scope !== context.project; scope = scope.parent)
        chain.unshift(scope);
      const scoped = chain.reduce((inner, scope) => inner.withScope(scope), context);
      const program = context.programs.find((p) => p.getSourceFile(declaration.getSourceFile().fileName));
      scoped.setActiveProgram(program);
      const resolved = scoped.getTypeAtLocation(declaration);
      if (resolved) reflection.type = scoped.converter.convertType(scoped, resolved);
    }
  });

  app.converter.on(Converter.EVENT_RESOLVE_BEGIN, (context) => {
    for (const property of context.project.getReflectionsByKind(ReflectionKind.Property)) {
      const owner = property.parent;
      if (property.name !== 'name' || property.comment || !owner?.kindOf(ReflectionKind.Class)) continue;
      if (!/Error$/.test(owner.name)) continue;
      const value =
        property.type?.type === 'literal' ? `\`'${String(property.type.value)}'\`` : 'the class name';
      property.comment = new Comment([
        {
          kind: 'text',
          text: `Always ${value}, also across two bundled copies of the package; safe to branch on.`,
        },
      ]);
    }
  });

  // "Inherited from MarketplaceBilling.reportPayment" names a class the docs do not have: a member
  // inherited from an undocumented class is shown as the class's own. Before the resolve step, which
  // builds each class's hierarchy from `extendedTypes`.
  app.converter.on(Converter.EVENT_RESOLVE_BEGIN, (context) => {
    // Only a class of this package: a base from elsewhere (`Error`) stays, as TypeDoc shows it.
    const own = context.project.packageName ?? 'altegio-marketplace';
    const undocumented = (type) => type?.type === 'reference' && !type.reflection && type.package === own;
    for (const owner of context.project.getReflectionsByKind(ReflectionKind.Class)) {
      if (!(owner.extendedTypes ?? []).some(undocumented)) continue;
      owner.extendedTypes = owner.extendedTypes.filter((type) => !undocumented(type));
      if (owner.extendedTypes.length === 0) delete owner.extendedTypes;
      for (const member of owner.children ?? []) {
        for (const reflection of [
          member,
          ...(member.signatures ?? []),
          member.getSignature,
          member.setSignature,
        ]) {
          // A member's `inheritedFrom` names no package; the class's own base told us it is internal.
          if (reflection?.inheritedFrom?.type === 'reference' && !reflection.inheritedFrom.reflection) {
            delete reflection.inheritedFrom;
            reflection.setFlag?.(ReflectionFlag.Inherited, false);
          }
        }
      }
    }
  });
}
