// Competitor names in an utterance, matched on whole tokens (never substrings: "Coxswain" is not
// Cox), case-insensitively, with multi-word names ("Google Fiber") and the ways people write
// brand punctuation ("AT&T", "ATT", "AT and T"; "T-Mobile", "T Mobile", "TMobile").
import type { Utterance } from './utterance';

export interface CompetitorName {
  /** How the agent sees it: "Mentions competitor Verizon". */
  readonly name: string;
  /** Other ways customers say it; each is matched like the name. */
  readonly aliases?: readonly string[];
}

/** A configured competitor: a bare name, or a name with aliases. */
export type CompetitorEntry = string | CompetitorName;

/**
 * US telecom, cable, satellite and wireless providers a customer of a US telco or cable company
 * names when comparing or leaving (as of 2025; Sprint merged into T-Mobile in 2020, and callers
 * still say it). Brand names that are everyday words on their own are listed only in their
 * unambiguous form: "Dish Network" not "dish", "Boost Mobile" not "boost", "Mint Mobile" not
 * "mint", and Visible (an adjective) not at all. Configure your own list per tenant; the company
 * itself must not be on it.
 */
export const DEFAULT_COMPETITORS: readonly CompetitorName[] = [
  { name: 'Verizon', aliases: ['Verizon Wireless', 'Verizon Fios', 'Fios'] },
  { name: 'AT&T', aliases: ['ATT', 'AT & T', 'AT and T', 'AT&T Fiber'] },
  { name: 'T-Mobile', aliases: ['T Mobile', 'TMobile'] },
  { name: 'Sprint' },
  { name: 'Comcast' },
  { name: 'Xfinity', aliases: ['Xfinity Mobile'] },
  { name: 'Spectrum', aliases: ['Charter Spectrum', 'Charter', 'Spectrum Mobile'] },
  { name: 'Cox', aliases: ['Cox Communications'] },
  { name: 'Frontier', aliases: ['Frontier Fiber'] },
  { name: 'Google Fiber' },
  { name: 'Google Fi' },
  { name: 'Starlink' },
  { name: 'Optimum', aliases: ['Altice'] },
  { name: 'CenturyLink', aliases: ['Century Link', 'Lumen', 'Quantum Fiber'] },
  { name: 'Windstream', aliases: ['Kinetic by Windstream'] },
  { name: 'Mediacom' },
  { name: 'Astound', aliases: ['RCN', 'Astound Broadband'] },
  { name: 'Ziply Fiber', aliases: ['Ziply'] },
  { name: 'Metronet' },
  { name: 'HughesNet', aliases: ['Hughes Net'] },
  { name: 'Viasat' },
  { name: 'DirecTV', aliases: ['Direct TV', 'DirecTV Stream'] },
  { name: 'Dish Network', aliases: ['DISH Network'] },
  { name: 'Sling TV' },
  { name: 'US Cellular', aliases: ['UScellular', 'U.S. Cellular'] },
  { name: 'Cricket', aliases: ['Cricket Wireless'] },
  { name: 'Boost Mobile' },
  { name: 'Metro by T-Mobile', aliases: ['MetroPCS', 'Metro PCS'] },
  { name: 'Mint Mobile' },
  { name: 'Consumer Cellular' },
  { name: 'Straight Talk' },
];

export interface CompetitorMention {
  readonly name: string;
  /** Token range, both ends inclusive. */
  readonly first: number;
  readonly last: number;
}

interface CompiledName {
  readonly name: string;
  readonly keys: readonly string[];
}

/** Letters and digits only: "AT&T" → "att", "T-Mobile" → "tmobile", "Verizon." → "verizon". */
const keyOf = (word: string): string => word.toLowerCase().replace(/[^\p{L}\p{N}]/gu, '');

function compile(entries: readonly CompetitorEntry[]): readonly CompiledName[] {
  const compiled: CompiledName[] = [];
  for (const entry of entries) {
    const name = typeof entry === 'string' ? entry : entry.name;
    const spellings = typeof entry === 'string' ? [entry] : [entry.name, ...(entry.aliases ?? [])];
    for (const spelling of spellings) {
      // Keys per written word; "&" between spaces ("AT & T") is no word at all.
      const keys = spelling.split(/\s+/).map(keyOf).filter((key) => key !== '');
      if (keys.length > 0) compiled.push({ name, keys });
    }
  }
  // Longest first, so "Metro by T-Mobile" wins over "T-Mobile" and "Google Fiber" over "Google Fi".
  return compiled.sort((a, b) => b.keys.length - a.keys.length);
}

// A tenant's list is compiled once and reused for every turn: by identity when the caller passes
// the same array each time (the usual case), else by content, for a few lists at most.
const compiledByIdentity = new WeakMap<readonly CompetitorEntry[], CompiledIndex>();
const compiledByContent = new Map<string, CompiledIndex>();
const MAX_CACHED_LISTS = 32;

/** Names grouped by their first word key, so a token is compared only with names it could start. */
type CompiledIndex = ReadonlyMap<string, readonly CompiledName[]>;

function compiledFor(entries: readonly CompetitorEntry[]): CompiledIndex {
  const known = compiledByIdentity.get(entries);
  if (known !== undefined) return known;
  const cacheKey = JSON.stringify(entries);
  let compiled = compiledByContent.get(cacheKey);
  if (compiled === undefined) {
    compiled = indexByFirstKey(compile(entries));
    if (compiledByContent.size >= MAX_CACHED_LISTS) compiledByContent.delete(compiledByContent.keys().next().value!);
    compiledByContent.set(cacheKey, compiled);
  }
  compiledByIdentity.set(entries, compiled);
  return compiled;
}

function indexByFirstKey(names: readonly CompiledName[]): CompiledIndex {
  const index = new Map<string, CompiledName[]>();
  for (const name of names) {
    const first = name.keys[0]!;
    const bucket = index.get(first) ?? [];
    bucket.push(name);
    index.set(first, bucket);
  }
  return index;
}

export function findCompetitorMentions(
  utterance: Utterance,
  competitors: readonly CompetitorEntry[] = DEFAULT_COMPETITORS,
): CompetitorMention[] {
  const names = compiledFor(competitors);
  // Positions of the tokens that carry a word, with its key; "&" and "'s" carry none or a
  // possessive and are stepped over, so "AT & T" and "Verizon's" still match.
  const positions: { index: number; key: string }[] = [];
  utterance.tokens.forEach((token, index) => {
    const key = keyOf(token.value);
    if (key !== '' && token.word !== "'s") positions.push({ index, key });
  });
  const mentions: CompetitorMention[] = [];
  for (let p = 0; p < positions.length; p++) {
    const match = names.get(positions[p]!.key)?.find((candidate) => matchesAt(positions, p, candidate.keys, utterance));
    if (match === undefined) continue;
    const first = positions[p]!.index;
    const last = positions[p + match.keys.length - 1]!.index;
    mentions.push({ name: match.name, first, last });
    p += match.keys.length - 1;
  }
  return mentions;
}

function matchesAt(positions: { index: number; key: string }[], p: number, keys: readonly string[], utterance: Utterance): boolean {
  for (let k = 0; k < keys.length; k++) {
    const position = positions[p + k];
    if (position === undefined || position.key !== keys[k]) return false;
    // A name never spans two sentences ("…at. T…").
    if (k > 0 && utterance.tokens[position.index]!.sentence !== utterance.tokens[positions[p]!.index]!.sentence) return false;
  }
  return true;
}
