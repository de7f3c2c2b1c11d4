// The alteration benches' command line: a folder and candidate arms (`--arm NAME=V[,NAME=V]`,
// repeatable, each a set of ALTERATION_PARAMETERS changes), the shipped parameters first.
import { ALTERATION_PARAMETERS } from '../../dist/config/parameters.js';

/** The folder argument and the arms `[{ name, params }]`, or a usage message and exit 2 without a folder. */
export function readArms(args, script) {
  const dir = args.find((a, i) => !a.startsWith('--') && args[i - 1] !== '--arm');
  if (!dir) {
    console.error(`usage: node bench/alteration/${script} DIR [--arm NAME=V[,NAME=V]]... [--json]`);
    process.exit(2);
  }
  const arms = [{ name: 'shipped', params: ALTERATION_PARAMETERS }];
  args.forEach((a, i) => {
    if (a !== '--arm') return;
    const changes = Object.fromEntries(args[i + 1].split(',').map((kv) => {
      const [k, v] = kv.split('=');
      if (!(k in ALTERATION_PARAMETERS)) throw new Error(`unknown alteration parameter ${k}`);
      return [k, Number(v)];
    }));
    arms.push({ name: args[i + 1], params: { ...ALTERATION_PARAMETERS, ...changes } });
  });
  return { dir, arms };
}
