#!/usr/bin/env node
// Packs every published (non-private) package with `yarn pack`, which runs
// its prepack and postpack, and checks the tarball as an installer sees it:
// every path that the packed package.json names must be in it, and nothing
// outside the allowed list may be. Builds first (`--no-build` skips that);
// `--out DIR` keeps the tarballs in DIR.
const { execFileSync } = require('node:child_process');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const zlib = require('node:zlib');

const ROOT = path.resolve(__dirname, '..');

// config.schema.json is what prepack compiles config.d.ts into. Yarn adds a
// README, LICENSE and CHANGELOG whenever they exist; changesets writes the
// CHANGELOG on release.
const ALLOWED = [
  'dist/',
  'migrations/',
  'config.schema.json',
  'package.json',
  'README.md',
  'LICENSE',
  'CHANGELOG.md',
];

// The package.json fields that name files in the package.
const PATH_FIELDS = [
  'main',
  'module',
  'types',
  'typesVersions',
  'exports',
  'configSchema',
];

function run(command, args, cwd = ROOT) {
  return execFileSync(command, args, {
    cwd,
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'pipe'],
  });
}

function publishedPackages() {
  return run('yarn', ['workspaces', 'list', '--json'])
    .trim()
    .split('\n')
    .map(line => JSON.parse(line))
    .map(({ location }) => {
      const dir = path.join(ROOT, location);
      const json = JSON.parse(
        fs.readFileSync(path.join(dir, 'package.json'), 'utf8'),
      );
      return { dir, json };
    })
    .filter(({ json }) => !json.private);
}

/** The regular files of a .tgz, by path inside the package. */
function readTarball(file) {
  const tar = zlib.gunzipSync(fs.readFileSync(file));
  const files = new Map();
  let longPath;
  for (let offset = 0; offset + 512 <= tar.length; ) {
    const header = tar.subarray(offset, offset + 512);
    if (header.every(byte => byte === 0)) break;
    const field = (start, length) =>
      header.toString('utf8', start, start + length).replace(/\0[^]*$/, '');
    const size = parseInt(field(124, 12).trim() || '0', 8);
    const type = field(156, 1);
    const body = tar.subarray(offset + 512, offset + 512 + size);
    offset += 512 + Math.ceil(size / 512) * 512;
    if (type === 'x') {
      longPath = /\d+ path=([^\n]*)\n/.exec(body.toString('utf8'))?.[1];
      continue;
    }
    const prefix = field(345, 155);
    const name = longPath ?? (prefix ? `${prefix}/` : '') + field(0, 100);
    longPath = undefined;
    if (type === '0' || type === '') {
      files.set(name.replace(/^package\//, ''), body);
    }
  }
  return files;
}

/** Every path a field names, with where it is named. */
function namedPaths(json) {
  const found = [];
  const walk = (value, where) => {
    if (typeof value === 'string') {
      found.push({ where, target: value });
    } else if (value && typeof value === 'object') {
      for (const [key, inner] of Object.entries(value)) {
        // An export condition naming the default export's feature type, not a file.
        if (where.startsWith('exports') && key === 'backstage') continue;
        walk(inner, Array.isArray(value) ? where : `${where}[${key}]`);
      }
    }
  };
  for (const field of PATH_FIELDS) {
    if (json[field] !== undefined) walk(json[field], field);
  }
  return found;
}

function matches(target, files) {
  const normal = target.replace(/^\.\//, '');
  if (!normal.includes('*')) return files.has(normal);
  const pattern = new RegExp(
    `^${normal.split('*').map(escapeRegExp).join('[^]*')}$`,
  );
  return [...files.keys()].some(file => pattern.test(file));
}

function escapeRegExp(text) {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

function isAllowed(file) {
  return ALLOWED.some(entry =>
    entry.endsWith('/') ? file.startsWith(entry) : file === entry,
  );
}

function checkPackage({ dir, json }, outDir) {
  const problems = [];
  const name = json.name;
  const tarball = path.join(
    outDir,
    `${name.replace(/^@/, '').replace('/', '-')}-${json.version}.tgz`,
  );
  const manifest = path.join(dir, 'package.json');
  const before = fs.readFileSync(manifest, 'utf8');

  try {
    run('yarn', ['pack', '--out', tarball], dir);
  } catch (error) {
    return [`${name}: yarn pack failed\n${error.stdout}${error.stderr}`];
  }

  if (fs.readFileSync(manifest, 'utf8') !== before) {
    problems.push(`${name}: package.json was not restored after packing`);
  }
  for (const leftover of ['package.json-prepack', 'config.schema.json']) {
    if (fs.existsSync(path.join(dir, leftover))) {
      problems.push(`${name}: ${leftover} was left in ${dir}`);
    }
  }

  const files = readTarball(tarball);
  const packed = JSON.parse(files.get('package.json').toString('utf8'));
  const size = [...files.values()].reduce((sum, body) => sum + body.length, 0);
  console.log(
    `\n${name}@${packed.version}: ${files.size} files, ${Math.round(
      size / 1024,
    )} kB (${tarball})`,
  );

  for (const { where, target } of namedPaths(packed)) {
    const ok = matches(target, files);
    console.log(`  ${ok ? 'ok     ' : 'MISSING'} ${where}: ${target}`);
    if (!ok) problems.push(`${name}: ${where} names ${target}, not packed`);
  }

  const counts = new Map();
  for (const file of files.keys()) {
    if (!isAllowed(file)) {
      problems.push(`${name}: ${file} is packed but not allowed`);
    }
    const top = file.includes('/') ? `${file.split('/')[0]}/` : file;
    counts.set(top, (counts.get(top) ?? 0) + 1);
  }
  console.log(
    `  contents: ${[...counts]
      .map(([top, count]) => (count > 1 ? `${top} (${count})` : top))
      .join(', ')}`,
  );
  return problems;
}

function main() {
  const args = process.argv.slice(2);
  const outIndex = args.indexOf('--out');
  const keep = outIndex >= 0 ? path.resolve(args[outIndex + 1]) : undefined;
  const outDir = keep ?? fs.mkdtempSync(path.join(os.tmpdir(), 'check-pack-'));
  fs.mkdirSync(outDir, { recursive: true });

  const packages = publishedPackages();
  if (!args.includes('--no-build')) {
    // The build bundles its types from dist-types, which tsc writes.
    console.log('Building: tsc, then backstage-cli package build');
    const build = (args, cwd) =>
      execFileSync('yarn', args, { cwd, stdio: 'inherit' });
    build(['tsc'], ROOT);
    for (const { dir } of packages) build(['run', 'build'], dir);
  }

  const problems = packages.flatMap(pkg => checkPackage(pkg, outDir));
  if (!keep) fs.rmSync(outDir, { recursive: true, force: true });

  console.log(`\nAllowed in a tarball: ${ALLOWED.join(', ')}`);
  if (problems.length > 0) {
    console.error(`\n${problems.length} problem(s):`);
    for (const problem of problems) console.error(`  ${problem}`);
    process.exit(1);
  }
  console.log(`${packages.length} packages packed and checked, no problem`);
}

main();
