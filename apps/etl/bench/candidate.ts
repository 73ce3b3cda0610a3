// Child-process entry of the bench: runs one candidate and prints its result with peak RSS.
import { runCandidate } from './candidates.js';

const [name, csv, work] = process.argv.slice(2);
if (!name || !csv || !work) throw new Error('usage: candidate.ts <name> <csv> <workdir>');
const result = await runCandidate(name, csv, work);
console.log(JSON.stringify({ ...result, peakRssMb: Math.round(process.resourceUsage().maxRSS / 1024) }));
