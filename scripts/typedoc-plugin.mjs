// TypeDoc plugin for this repository's docs site (loaded by typedoc.json):
// - a guide in docs/*.md is titled by its first `# ` heading (Biome's Markdown formatter mangles
//   YAML front matter, so the guides carry none);
// - the `override name = 'XError' as const` line of every error class gets a summary, since no one
//   writes TSDoc for it, so that `validation.notDocumented` can stay on for everything else.
import { Comment, Converter, ReflectionKind } from 'typedoc';

/** @param {import('typedoc').Application} app */
export function load(app) {
  app.converter.on(Converter.EVENT_CREATE_DOCUMENT, (_context, document) => {
    if (typeof document.frontmatter.title === 'string') return;
    const text = document.content
      .filter((part) => part.kind === 'text')
      .map((part) => part.text)
      .join('');
    const heading = /^#[ \t]+(.+?)[ \t#]*$/m.exec(text)?.[1];
    if (heading) document.name = heading;
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
}
