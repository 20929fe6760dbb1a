// TypeDoc plugin: documents the `override name = 'XError' as const` line of every error class, which
// no one writes TSDoc for, so that `validation.notDocumented` can stay on for everything else.
import { Comment, Converter, ReflectionKind } from 'typedoc';

/** @param {import('typedoc').Application} app */
export function load(app) {
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
