/**
 * The Snowball English ("Porter2") stemmer, written from the algorithm's published description
 * (https://snowballstem.org/algorithms/english/stemmer.html): PostgreSQL's english_stem
 * dictionary. Input is a lower-case word; non-letters (a hyphen in a compound) are consonants.
 */

const isVowel = (c: string | undefined): boolean =>
  c === 'a' || c === 'e' || c === 'i' || c === 'o' || c === 'u' || c === 'y';

const EXCEPTIONS: Readonly<Record<string, string>> = {
  skis: 'ski',
  skies: 'sky',
  dying: 'die',
  lying: 'lie',
  tying: 'tie',
  idly: 'idl',
  gently: 'gentl',
  ugly: 'ugli',
  early: 'earli',
  only: 'onli',
  singly: 'singl',
  sky: 'sky',
  news: 'news',
  howe: 'howe',
  atlas: 'atlas',
  cosmos: 'cosmos',
  bias: 'bias',
  andes: 'andes',
};

const AFTER_1A = new Set([
  'inning',
  'outing',
  'canning',
  'herring',
  'earring',
  'proceed',
  'exceed',
  'succeed',
]);

const R1_PREFIXES = ['gener', 'commun', 'arsen'];

/** The start of the region after the first non-vowel following a vowel (from `from`). */
function regionAfter(w: string, from: number): number {
  for (let i = from + 1; i < w.length; i++) {
    if (!isVowel(w[i]) && isVowel(w[i - 1])) return i + 1;
  }
  return w.length;
}

/** Does `w` (up to `end`) end in a short syllable? */
function endsShortSyllable(w: string, end = w.length): boolean {
  if (end === 2) return isVowel(w[0]) && !isVowel(w[1]);
  if (end < 3) return false;
  const a = w[end - 3];
  const b = w[end - 2];
  const c = w[end - 1]!;
  return !isVowel(a) && isVowel(b) && !isVowel(c) && c !== 'w' && c !== 'x' && c !== 'Y';
}

const DOUBLES = new Set(['bb', 'dd', 'ff', 'gg', 'mm', 'nn', 'pp', 'rr', 'tt']);
const LI_ENDING = new Set(['c', 'd', 'e', 'g', 'h', 'k', 'm', 'n', 'r', 't']);

/** The longest of `suffixes` that `w` ends with. */
function longest(w: string, suffixes: readonly string[]): string | undefined {
  let best: string | undefined;
  for (const s of suffixes) if (w.endsWith(s) && (best === undefined || s.length > best.length)) best = s;
  return best;
}

class Word {
  r1: number;
  r2: number;
  constructor(public w: string) {
    const prefix = R1_PREFIXES.find((p) => w.startsWith(p));
    this.r1 = prefix ? prefix.length : regionAfter(w, 0);
    this.r2 = regionAfter(w, this.r1);
  }
  inR1(suffix: string): boolean {
    return this.w.length - suffix.length >= this.r1;
  }
  inR2(suffix: string): boolean {
    return this.w.length - suffix.length >= this.r2;
  }
  replace(suffix: string, by: string): void {
    this.w = this.w.slice(0, this.w.length - suffix.length) + by;
  }
  isShort(): boolean {
    return this.r1 >= this.w.length && endsShortSyllable(this.w);
  }
}

const hasVowel = (s: string): boolean => {
  for (const c of s) if (isVowel(c)) return true;
  return false;
};

function step0(x: Word): void {
  const s = longest(x.w, ["'s'", "'s", "'"]);
  if (s) x.replace(s, '');
}

function step1a(x: Word): void {
  const s = longest(x.w, ['sses', 'ied', 'ies', 's', 'us', 'ss']);
  if (s === 'sses') x.replace(s, 'ss');
  else if (s === 'ied' || s === 'ies') x.replace(s, x.w.length > 4 ? 'i' : 'ie');
  else if (s === 's') {
    const stem = x.w.slice(0, -1);
    if (hasVowel(stem.slice(0, -1))) x.replace(s, '');
  }
}

function step1b(x: Word): void {
  const s = longest(x.w, ['eed', 'eedly', 'ed', 'edly', 'ing', 'ingly']);
  if (s === undefined) return;
  if (s === 'eed' || s === 'eedly') {
    if (x.inR1(s)) x.replace(s, 'ee');
    return;
  }
  const stem = x.w.slice(0, x.w.length - s.length);
  if (!hasVowel(stem)) return;
  x.w = stem;
  if (stem.endsWith('at') || stem.endsWith('bl') || stem.endsWith('iz')) x.w += 'e';
  else if (DOUBLES.has(stem.slice(-2))) x.w = stem.slice(0, -1);
  else if (x.isShort()) x.w += 'e';
}

function step1c(x: Word): void {
  const w = x.w;
  const last = w[w.length - 1];
  if ((last === 'y' || last === 'Y') && w.length > 2 && !isVowel(w[w.length - 2])) x.replace(last, 'i');
}

const STEP2: Readonly<Record<string, string>> = {
  tional: 'tion',
  enci: 'ence',
  anci: 'ance',
  abli: 'able',
  entli: 'ent',
  izer: 'ize',
  ization: 'ize',
  ational: 'ate',
  ation: 'ate',
  ator: 'ate',
  alism: 'al',
  aliti: 'al',
  alli: 'al',
  fulness: 'ful',
  ousli: 'ous',
  ousness: 'ous',
  iveness: 'ive',
  iviti: 'ive',
  biliti: 'ble',
  bli: 'ble',
  ogi: 'og',
  fulli: 'ful',
  lessli: 'less',
  li: '',
};
const STEP2_KEYS = Object.keys(STEP2);

function step2(x: Word): void {
  const s = longest(x.w, STEP2_KEYS);
  if (s === undefined || !x.inR1(s)) return;
  const before = x.w[x.w.length - s.length - 1];
  if (s === 'ogi' && before !== 'l') return;
  if (s === 'li' && (before === undefined || !LI_ENDING.has(before))) return;
  x.replace(s, STEP2[s]!);
}

const STEP3: Readonly<Record<string, string>> = {
  tional: 'tion',
  ational: 'ate',
  alize: 'al',
  icate: 'ic',
  iciti: 'ic',
  ical: 'ic',
  ful: '',
  ness: '',
  ative: '',
};
const STEP3_KEYS = Object.keys(STEP3);

function step3(x: Word): void {
  const s = longest(x.w, STEP3_KEYS);
  if (s === undefined || !x.inR1(s)) return;
  if (s === 'ative' && !x.inR2(s)) return;
  x.replace(s, STEP3[s]!);
}

const STEP4 = [
  'al',
  'ance',
  'ence',
  'er',
  'ic',
  'able',
  'ible',
  'ant',
  'ement',
  'ment',
  'ent',
  'ism',
  'ate',
  'iti',
  'ous',
  'ive',
  'ize',
  'ion',
];

function step4(x: Word): void {
  const s = longest(x.w, STEP4);
  if (s === undefined || !x.inR2(s)) return;
  if (s === 'ion') {
    const before = x.w[x.w.length - 4];
    if (before !== 's' && before !== 't') return;
  }
  x.replace(s, '');
}

function step5(x: Word): void {
  const w = x.w;
  if (w.endsWith('e')) {
    if (x.inR2('e') || (x.inR1('e') && !endsShortSyllable(w, w.length - 1))) x.replace('e', '');
  } else if (w.endsWith('ll') && x.inR2('l')) x.replace('l', '');
}

/** Marks y at the start or after a vowel as Y (a consonant). */
function markY(w: string): string {
  let out = '';
  for (let i = 0; i < w.length; i++) {
    const c = w[i]!;
    out += c === 'y' && (i === 0 || isVowel(w[i - 1])) ? 'Y' : c;
  }
  return out;
}

/** english_stem's stemmer: the stem of lower-case `word`. */
export function stemEnglish(word: string): string {
  if (word.length <= 2) return word;
  const exception = EXCEPTIONS[word];
  if (exception !== undefined) return exception;
  let w = word.startsWith("'") ? word.slice(1) : word;
  w = markY(w);
  const x = new Word(w);
  step0(x);
  step1a(x);
  if (AFTER_1A.has(x.w)) return x.w;
  step1b(x);
  step1c(x);
  step2(x);
  step3(x);
  step4(x);
  step5(x);
  return x.w.replace(/Y/g, 'y');
}
