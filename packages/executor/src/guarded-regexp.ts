/**
 * GuardedRegExp: a translated PostgreSQL pattern (regular expression, LIKE, SIMILAR TO) that
 * cannot hold the event loop. V8's engine backtracks: `^(a+)+$` against thirty a's and a b
 * takes tens of seconds, during which no session of the server runs and statement_timeout and
 * CancelRequest, which need the event loop, cannot stop it. Every match goes one of two ways:
 *
 * - The linear form. V8 falls back to its linear-time engine (an NFA simulation) after
 *   `--regexp-backtracks-before-fallback` backtracks once
 *   `--enable-experimental-regexp-engine-on-excessive-backtracks` is set — but only for a
 *   RegExp without the `u`, `i` and `d` flags, backreferences, lookaround or large counted
 *   repetitions. Our patterns carry `u` (characters are code points, as in PostgreSQL), so we
 *   compile a second form without it where that matches exactly the same: the pattern has no
 *   astral character and no `\p`, `\u{…}` (everything else a valid `u` pattern says means the
 *   same without `u`), and the subject has no surrogate (checked per subject, the last one
 *   remembered; `test` skips the check for patterns a surrogate pair cannot change the outcome
 *   of). Case-insensitivity (`i`) is written into the pattern (case-closed-source.ts: `a` →
 *   `[aA]`, `é` → `[Éé]`); `\w` and `\b` stay ASCII, which is exact unless the subject holds
 *   U+017F (ſ) or U+212A (Kelvin sign), the only non-ASCII characters whose case folding is
 *   ASCII. Whether V8 accepts the form for its linear engine is asked once per pattern (the `l`
 *   flag).
 * - Otherwise the faithful `u` RegExp under a time limit: run through `node:vm` with a timeout,
 *   which interrupts V8's matcher, and a match that uses REGEX_TIME_LIMIT_MS of CPU raises
 *   2201B "regular expression is too complex" to its own client. The timeout is wall-clock, so
 *   a match that timed out having had little CPU (the machine was busy) runs again. Before
 *   each such match the statement's interrupt check runs, so statement_timeout ends a statement
 *   of many slow matches (the executor otherwise checks only between output batches). The
 *   watchdog costs ~40 µs per match, so patterns with no quantifier and no alternation (linear
 *   for a backtracking engine too) skip it.
 *
 * The flags must be set before V8 first compiles a source: a RegExp compiled earlier keeps code
 * without the limit (and V8 caches code by source and flags). `enableLinearFallback` runs before
 * our first compile, in the server and in an embedded Database alike.
 */
import v8 from 'node:v8';
import vm from 'node:vm';
import { DbError } from '@rustydb/common';
import { caseClosedSource } from './case-closed-source.js';

/** How long one match on the backtracking engine may hold the event loop. */
export const REGEX_TIME_LIMIT_MS = 250;

let fallbackEnabled = false;

/** Sets V8's flags once: the linear fallback, and the `l` flag that probes for it. */
function enableLinearFallback(): void {
  if (fallbackEnabled) return;
  v8.setFlagsFromString('--enable-experimental-regexp-engine-on-excessive-backtracks');
  v8.setFlagsFromString('--enable-experimental-regexp-engine');
  fallbackEnabled = true;
}

const SURROGATE = /[\ud800-\udfff]/;
/** Surrogates, and the non-ASCII characters that case-fold to ASCII (ſ → s, Kelvin sign → k). */
const SURROGATE_OR_ASCII_FOLD = /[\ud800-\udfff\u017f\u212a]/;
const ASCII_FOLD = /[\u017f\u212a]/;

/** The statement's cancel / statement_timeout check (an ExecutionContext is one). */
export interface MatchInterrupts {
  checkInterrupts(): void;
}

export class GuardedRegExp {
  /** The RegExp as translated, with `u` (and `i`): the meaning every match must have. */
  readonly faithful: RegExp;
  /** The same matches without `u` and `i`, which V8 runs in linear time; undefined if none. */
  readonly #linear: RegExp | undefined;
  /** Subjects with these characters must take the faithful form. */
  readonly #unsafeSubject: RegExp;
  /** The same for `test`, which reports no positions; undefined when every subject is safe. */
  readonly #unsafeTestSubject: RegExp | undefined;
  /** The faithful form needs no time limit (no quantifier, no alternation). */
  readonly #faithfulIsLinear: boolean;
  #lastSubject: string | undefined;
  #lastUsesLinear = false;

  /**
   * `flags` are JavaScript flags other than `u` and `i`. @throws SyntaxError when the source is
   * not a valid `u` RegExp.
   */
  constructor(source: string, flags: string, ignoreCase: boolean) {
    enableLinearFallback();
    this.faithful = new RegExp(source, `${flags}u${ignoreCase ? 'i' : ''}`);
    this.#linear = linearForm(source, flags, ignoreCase);
    this.#unsafeSubject = ignoreCase ? SURROGATE_OR_ASCII_FOLD : SURROGATE;
    this.#unsafeTestSubject = !isSurrogateBlind(source)
      ? this.#unsafeSubject
      : ignoreCase
        ? ASCII_FOLD
        : undefined;
    this.#faithfulIsLinear = !/[*+{|]|[^(]\?|^\?/.test(source.replace(/\\./gs, ''));
  }

  get source(): string {
    return this.faithful.source;
  }

  /** @internal The linear form's source, if there is one (for tests). */
  get linearSource(): string | undefined {
    return this.#linear?.source;
  }

  /**
   * The match at or after UTF-16 index `from` (a `g` or `y` RegExp), or null. `interrupts` is
   * checked before a time-limited match. @throws 2201B when that match overruns its limit.
   */
  exec(s: string, from = 0, interrupts?: MatchInterrupts): RegExpExecArray | null {
    if (this.#linear !== undefined && s !== this.#lastSubject) {
      // regexp_replace and friends search one subject many times: its check is kept.
      this.#lastSubject = s;
      this.#lastUsesLinear = !this.#unsafeSubject.test(s);
    }
    return this.#run(this.#lastUsesLinear ? this.#linear : undefined, s, from, interrupts);
  }

  /** Does `s` match anywhere? As `exec`, but fewer subjects need the faithful form. */
  test(s: string, interrupts?: MatchInterrupts): boolean {
    const unsafe = this.#unsafeTestSubject;
    const linear = unsafe === undefined || !unsafe.test(s) ? this.#linear : undefined;
    return this.#run(linear, s, 0, interrupts) !== null;
  }

  /** Runs `linear`, else the faithful form (under a time limit unless it needs none). */
  #run(
    linear: RegExp | undefined,
    s: string,
    from: number,
    interrupts: MatchInterrupts | undefined,
  ): RegExpExecArray | null {
    const re = linear ?? (this.#faithfulIsLinear ? this.faithful : undefined);
    if (re === undefined) {
      interrupts?.checkInterrupts();
      return boundedExec(this.faithful, s, from);
    }
    re.lastIndex = from;
    return re.exec(s);
  }
}

/**
 * Can surrogates in the subject not change whether the source matches (though they may change
 * where)? Without `u`, only `.`, a negated bracket or `\W` `\S` `\D` can match half of a
 * surrogate pair; `.*` and `.+` may end inside a pair, but then only the end of the string or
 * another `.` can follow, so a match exists with `u` too. `\B` holds inside a pair.
 */
function isSurrogateBlind(source: string): boolean {
  const plain = source.replace(/\\[^WSDB]/g, 'e');
  return !/\\[WSDB]|\[\^|\.(?![*+])/.test(plain);
}

/**
 * The source without `u` (and `i`) when it means the same and V8 can run it in linear time.
 * Astral characters, `\p{…}`, `\u{…}` change meaning without `u`.
 */
function linearForm(source: string, flags: string, ignoreCase: boolean): RegExp | undefined {
  if (/[\ud800-\udfff]|\\[pPu]/.test(source)) return undefined;
  try {
    const src = ignoreCase ? caseClosedSource(source) : source;
    if (src === undefined) return undefined;
    // The `l` flag compiles only what the linear engine can run; the form without it runs on
    // the (faster) backtracking engine until it backtracks too much.
    new RegExp(src, `${flags}l`);
    return new RegExp(src, flags);
  } catch {
    return undefined;
  }
}

/** The sandbox the time-limited matches run in: one context and one script, made on first use. */
let sandbox: { box: vm.Context; script: vm.Script } | undefined;

/**
 * `re.exec(s)` from `from`, interrupted after REGEX_TIME_LIMIT_MS. A match interrupted before
 * it had that much CPU (the process was descheduled) runs again. @throws 2201B.
 */
function boundedExec(re: RegExp, s: string, from: number): RegExpExecArray | null {
  sandbox ??= {
    box: vm.createContext({ re: null, s: '', from: 0, out: null }),
    script: new vm.Script('re.lastIndex = from; out = re.exec(s);'),
  };
  const { box, script } = sandbox;
  const start = process.cpuUsage();
  box.re = re;
  box.s = s;
  box.from = from;
  try {
    for (;;) {
      try {
        script.runInContext(box, { timeout: REGEX_TIME_LIMIT_MS });
        return box.out as RegExpExecArray | null;
      } catch (err) {
        if ((err as { code?: string }).code !== 'ERR_SCRIPT_EXECUTION_TIMEOUT') throw err;
        const used = process.cpuUsage(start);
        if ((used.user + used.system) / 1000 >= REGEX_TIME_LIMIT_MS) throw tooComplex();
      }
    }
  } finally {
    box.re = null;
    box.s = '';
    box.out = null;
  }
}

const tooComplex = (): DbError =>
  new DbError('2201B', 'invalid regular expression: regular expression is too complex', {
    detail: `Matching used more than ${REGEX_TIME_LIMIT_MS} ms; the pattern needs backtracking that cannot be bounded (backreferences, lookaround, or characters outside the Basic Multilingual Plane).`,
  });
