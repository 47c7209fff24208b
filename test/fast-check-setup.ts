// Property tests run from a fixed seed in `npm test`, so a CI run is reproducible and a red build
// always means a change broke something (a random seed once failed CI on a case it had never drawn
// before). Exploring new cases is `npm run fuzz`, which sets KT_FC_SEED to a fresh seed per round and
// prints it; KT_FC_SEED=<n> replays one.
import fc from 'fast-check';

const DEFAULT_SEED = 20261124;
const fromEnv = process.env.KT_FC_SEED;
const seed = fromEnv === undefined || fromEnv === '' ? DEFAULT_SEED : Number(fromEnv);
if (!Number.isSafeInteger(seed)) throw new Error(`KT_FC_SEED must be an integer, got ${JSON.stringify(fromEnv)}`);
fc.configureGlobal({ seed });
