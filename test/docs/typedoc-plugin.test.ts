import { fileURLToPath } from 'node:url';
import { Application, ReflectionKind, TSConfigReader } from 'typedoc';
import { expect, it } from 'vitest';

const root = fileURLToPath(new URL('../..', import.meta.url));

it('keeps the error class of @throws: a link to a documented class, code text for another', async () => {
  const app = await Application.bootstrapWithPlugins(
    {
      entryPoints: [`${root}test/docs/fixtures/throws.ts`],
      tsconfig: `${root}tsconfig.json`,
      plugin: [`${root}scripts/typedoc-plugin.mjs`],
      skipErrorChecking: true,
      logLevel: 'Error',
    },
    // Not the repository's typedoc.json: only this fixture.
    [new TSConfigReader()],
  );
  const project = await app.convert();
  const fails = project?.getChildByName('fails') ?? project?.getChildByName(['throws', 'fails']);
  expect(fails?.kindOf(ReflectionKind.Function)).toBe(true);
  const tags = (
    fails as { signatures?: { comment?: { blockTags: { tag: string; content: unknown[] }[] } }[] }
  ).signatures?.[0]?.comment?.blockTags.filter((tag) => tag.tag === '@throws');
  expect(tags?.[0]?.content[0]).toMatchObject({ kind: 'inline-tag', tag: '@link', text: 'KnownError' });
  expect(tags?.[1]?.content[0]).toMatchObject({ kind: 'code', text: '`TypeError`' });
  expect(JSON.stringify(tags)).toContain('when it fails.');
}, 30_000);
