// The command line shared by the in-process A/B benches (bench/extraction/ab-extraction.mjs,
// bench/matching/ab-matcher.mjs): DATA_DIR BUILD_A BUILD_B, then flags and options; --rounds and
// --set take a value. Prints the usage and exits 2 unless there are exactly two builds.
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';

export function parseAbArguments(usage, argv = process.argv.slice(2)) {
  const valued = ['--rounds', '--set'];
  const positional = argv.filter((a, i) => !a.startsWith('--') && !(i > 0 && valued.includes(argv[i - 1])));
  const [dataDir, ...roots] = positional;
  if (!dataDir || roots.length !== 2) {
    process.stderr.write(`usage: ${usage}\n`);
    process.exit(2);
  }
  return {
    args: argv,
    dataDir,
    roots,
    flag: (name) => argv.includes(name),
    option: (name, fallback) => {
      const i = argv.indexOf(name);
      return i >= 0 ? argv[i + 1] : fallback;
    },
    /** The file URL of `path` inside a build's dist/. */
    dist: (root, path) => pathToFileURL(resolve(root, 'dist', path)).href,
  };
}
