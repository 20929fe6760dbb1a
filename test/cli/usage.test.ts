import { describe, expect, it } from 'vitest';
import { built, freePort, runCli, STACK } from './run-cli';

// The built bin, run as a user runs it; `npm test` builds first.
describe.skipIf(!built)('altegio-marketplace: help and bad usage', () => {
  it.each(['fake', 'trigger', 'redirect', 'rehearse'])(
    '%s --help prints its usage and exits 0',
    async (command) => {
      const { code, stdout } = await runCli([command, '--help']);
      expect(stdout).toMatch(new RegExp(`^Usage: altegio-marketplace ${command}`));
      expect(stdout).toContain('--help');
      expect(code).toBe(0);
    },
  );

  it('--help lists the commands and the exit codes; no command at all is bad usage', async () => {
    const help = await runCli(['--help']);
    expect(help.stdout).toMatch(/fake[\s\S]*trigger[\s\S]*redirect[\s\S]*rehearse/);
    expect(help.stdout).toContain('0 passed, 1 failed, 2 bad usage');
    expect(help.code).toBe(0);
    expect((await runCli([])).code).toBe(2);
  });

  it.each<[string, string[], RegExp]>([
    ['an unknown command', ['listen'], /unknown command "listen"/],
    ['an unknown option', ['fake', '--prot', '4000'], /fake: Unknown option '--prot'/],
    ['a bad port', ['fake', '--port', '70000'], /--port must be a port number from 0 to 65535, got "70000"/],
    [
      'a port that is not a number',
      [
        'rehearse',
        '--registration-url',
        'http://127.0.0.1:1/r',
        '--callback-url',
        'http://127.0.0.1:1/c',
        '--port',
        'x',
      ],
      /--port must be a port number/,
    ],
    [
      'a URL that is not http(s)',
      ['rehearse', '--registration-url', 'ftp://vendor.example/r', '--callback-url', 'http://127.0.0.1:1/c'],
      /--registration-url must be an http\(s\) URL, got "ftp:\/\/vendor.example\/r"/,
    ],
    [
      'a URL that is not a URL',
      ['trigger', 'uninstall', '--to', 'vendor', '--location', '1'],
      /--to must be an absolute http\(s\) URL/,
    ],
    [
      'a missing required option',
      ['rehearse', '--callback-url', 'http://127.0.0.1:1/c'],
      /--registration-url URL .* is required/,
    ],
    [
      'an unknown event',
      ['trigger', 'install', '--to', 'http://127.0.0.1:1/c', '--location', '1'],
      /unknown event "install"/,
    ],
    [
      'a bad location',
      ['redirect', '--registration-url', 'http://127.0.0.1:1/r', '--location=0'],
      /--location must be a positive integer, got "0"/,
    ],
    [
      'a --user that is not JSON',
      [
        'redirect',
        '--registration-url',
        'http://127.0.0.1:1/r',
        '--location',
        '4',
        '--user',
        '{nope',
        '--partner-token',
        't',
      ],
      /--user must be a JSON object/,
    ],
    [
      'trigger without a partner token',
      ['trigger', 'freeze', '--to', 'http://127.0.0.1:1/c', '--location', '1', '--application-id', '3'],
      /--partner-token or set ALTEGIO_PARTNER_TOKEN/,
    ],
    [
      'rehearse without --start nor --port',
      [
        'rehearse',
        '--registration-url',
        'http://127.0.0.1:1/r',
        '--callback-url',
        'http://127.0.0.1:1/c',
        '--partner-token',
        't',
      ],
      /without --start, pass --port N/,
    ],
  ])('%s: a clear message on stderr, exit 2, no stack trace', async (_, args, message) => {
    const { code, stdout, stderr } = await runCli(args);
    expect(stderr).toMatch(message);
    expect(stderr).toContain('--help');
    expect(stderr + stdout).not.toMatch(STACK);
    expect(code).toBe(2);
  });

  it('an unreachable backend: a clear message, exit 1, no stack trace', async () => {
    const [backend, fake] = [await freePort(), await freePort()];
    const rehearse = await runCli([
      'rehearse',
      '--registration-url',
      `http://127.0.0.1:${backend}/altegio/register`,
      '--callback-url',
      `http://127.0.0.1:${backend}/altegio/callback`,
      '--port',
      String(fake),
      '--partner-token',
      'partner-token-5f2b9c1e7a',
    ]);
    expect(rehearse.stderr).toContain(
      `cannot reach the backend at http://127.0.0.1:${backend}/altegio/register (ECONNREFUSED)`,
    );
    expect(rehearse.stderr).toContain(`fake --port ${fake}`);
    expect(rehearse.stderr).not.toContain('partner-token-5f2b9c1e7a');
    expect(rehearse.stderr).not.toMatch(STACK);
    expect(rehearse.code).toBe(1);

    const trigger = await runCli([
      'trigger',
      'uninstall',
      '--to',
      `http://127.0.0.1:${backend}/cb`,
      '--location',
      '5',
      '--partner-token',
      'p',
      '--application-id',
      '1',
    ]);
    expect(trigger.stderr).toMatch(/cannot reach .*ECONNREFUSED.*is your backend running/);
    expect(trigger.stderr).not.toMatch(STACK);
    expect(trigger.code).toBe(1);
  });

  it('a --start command that never serves the registration URL: exit 1 with its output', async () => {
    const port = await freePort();
    const { code, stderr } = await runCli([
      'rehearse',
      '--registration-url',
      `http://127.0.0.1:${port}/altegio/register`,
      '--callback-url',
      `http://127.0.0.1:${port}/altegio/callback`,
      '--start',
      'echo "no such backend here" && exit 3',
      '--timeout',
      '5',
    ]);
    expect(stderr).toContain('did not answer at');
    expect(stderr).toContain('the backend exited (3)');
    expect(stderr).toContain('no such backend here');
    expect(stderr).not.toMatch(STACK);
    expect(code).toBe(1);
  });
});

describe('the package', () => {
  it('declares the altegio-marketplace bin, built as an ESM file with a node shebang inside dist/', async () => {
    const { readFile } = await import('node:fs/promises');
    const pkg = JSON.parse(await readFile(new URL('../../package.json', import.meta.url), 'utf8')) as {
      bin: Record<string, string>;
      files: string[];
    };
    expect(pkg.bin).toEqual({ 'altegio-marketplace': './dist/cli.js' });
    expect(pkg.files).toContain('dist');
    if (built)
      expect(
        (await readFile(new URL('../../dist/cli.js', import.meta.url), 'utf8')).startsWith(
          '#!/usr/bin/env node\n',
        ),
      ).toBe(true);
  });
});
