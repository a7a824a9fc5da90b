/**
 * A JSON body is known to be well-formed before any code walks it (a hook, a schema, a
 * redaction): valid UTF-8, I-JSON (RFC 7493: no duplicate member names, no lone surrogates,
 * numbers a double can hold) and within our limits of nesting and string length. One pass over
 * the text with an explicit stack, no recursion: no body can overflow the call stack here, and
 * only a body that passed reaches JSON.parse. Messages name where the body is wrong (member names,
 * indices, character positions), never a value, which may be a person's data.
 */

export interface JsonLimits {
  /** Objects and arrays inside one another. */
  maxDepth: number;
  /** UTF-16 code units of one string (a value or a member name), after unescaping. */
  maxStringLength: number;
  /** Elements of one array or members of one object: a schema's work grows with them (21 000 empty beneficial owners cost seconds of CPU). */
  maxItems: number;
}

/** Far deeper than any request of ours (an sFOX corporation nests 5 levels). */
export const maxJsonDepth = 32;
/** Far longer than any field of ours (a Sumvin JWT is a few kilobytes). */
export const maxJsonStringLength = 64 * 1024;
/** Far more than any list of ours (sFOX's beneficial owners: at most 25) or any object's fields. */
export const maxJsonItems = 1000;
export const jsonLimits: JsonLimits = { maxDepth: maxJsonDepth, maxStringLength: maxJsonStringLength, maxItems: maxJsonItems };

export type WellFormedJson = { ok: true; value: unknown } | { ok: false; problem: string };

/** The value of a JSON body given as bytes, or what makes it ill-formed, as the end of a sentence about "body". */
export function readWellFormedJson(bytes: Uint8Array, limits: JsonLimits = jsonLimits): WellFormedJson {
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    return { ok: false, problem: 'is not valid UTF-8' };
  }
  return parseWellFormedJson(text, limits);
}

/** The same for text already decoded (a payload's data, a string that held JSON). */
export function parseWellFormedJson(text: string, limits: JsonLimits = jsonLimits): WellFormedJson {
  const problem = iJsonProblem(text, limits);
  if (problem !== undefined) return { ok: false, problem };
  try {
    return { ok: true, value: JSON.parse(text) };
  } catch {
    // The scan follows RFC 8259's grammar; should it ever pass what JSON.parse refuses, that is still the body's fault.
    return { ok: false, problem: 'is not valid JSON' };
  }
}

interface Frame {
  /** Member names seen so far: an object's frame has them, an array's does not. */
  names?: Set<string>;
  /** The member being read (objects) or the index (arrays), for messages. */
  name: string;
  index: number;
}

/** What the scanner expects next. */
type Expect = 'value' | 'value-or-end' | 'name' | 'name-or-end' | 'colon' | 'comma-or-end' | 'nothing';

const numberToken = /-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/y;
/** A run of characters that need no look inside a string: no quote, backslash, control character or surrogate. */
// eslint-disable-next-line no-control-regex -- control characters are what a JSON string may not hold raw
const plainRun = /[^"\\\u0000-\u001f\ud800-\udfff]*/y;
const isWhitespace = (c: number) => c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09;
const simpleEscapes = new Set(['"', '\\', '/', 'b', 'f', 'n', 'r', 't']);
const isHigh = (unit: number) => unit >= 0xd800 && unit <= 0xdbff;
const isLow = (unit: number) => unit >= 0xdc00 && unit <= 0xdfff;
/** Member names are the caller's own (an unknown one may be huge): keep a path short. */
const short = (s: string) => (s.length > 100 ? `${s.slice(0, 100)}…` : s);

/** Why `text` is not I-JSON within `limits`, or undefined when it is. */
export function iJsonProblem(text: string, limits: JsonLimits): string | undefined {
  const frames: Frame[] = [];
  let i = 0;
  let expect = 'value' as Expect;
  const path = () =>
    short(
      frames
        .map((f) => (f.names ? f.name : String(f.index)))
        .filter(Boolean)
        .join('.'),
    );
  const where = () => (path() ? ` at ${path()}` : '');
  const invalid = () => (i >= text.length ? 'is not valid JSON (it ends too early)' : `is not valid JSON (at character ${i})`);

  /** Scans the string starting at the quote at i; leaves i after its closing quote. */
  const scanString = (): string | undefined => {
    let units = 0;
    let pendingHigh = false;
    let j = i + 1;
    for (;;) {
      plainRun.lastIndex = j;
      plainRun.exec(text);
      const run = plainRun.lastIndex - j;
      if (run > 0) {
        if (pendingHigh) return `has a lone surrogate in a string${where()} (at character ${j})`;
        units += run;
        j += run;
        if (units > limits.maxStringLength) return `has a string longer than ${limits.maxStringLength} characters${where()}`;
      }
      if (j >= text.length) {
        i = j;
        return invalid();
      }
      let unit = text.charCodeAt(j);
      if (unit === 0x22) break;
      if (unit < 0x20) {
        i = j;
        return invalid();
      }
      if (unit === 0x5c) {
        const escape = text[j + 1];
        if (escape === 'u') {
          const hex = text.slice(j + 2, j + 6);
          if (!/^[0-9a-fA-F]{4}$/.test(hex)) {
            i = j;
            return invalid();
          }
          unit = parseInt(hex, 16);
          j += 6;
        } else if (escape !== undefined && simpleEscapes.has(escape)) {
          j += 2;
        } else {
          i = j;
          return invalid();
        }
      } else {
        j++;
      }
      // Escaped or raw, a surrogate must come in a high-then-low pair.
      if (pendingHigh !== isLow(unit)) {
        return `has a lone surrogate in a string${where()} (at character ${j})`;
      }
      pendingHigh = isHigh(unit);
      if (++units > limits.maxStringLength) return `has a string longer than ${limits.maxStringLength} characters${where()}`;
    }
    if (pendingHigh) return `has a lone surrogate in a string${where()} (at character ${j})`;
    i = j + 1;
    return undefined;
  };

  const scanNumber = (): string | undefined => {
    numberToken.lastIndex = i;
    const match = numberToken.exec(text);
    if (!match) return invalid();
    const [token] = match;
    const value = Number(token);
    if (!Number.isFinite(value)) return `has a number too large for a double${where()} (at character ${i})`;
    if (value === 0 && /[1-9]/.test(token.split(/[eE]/)[0])) return `has a number too small for a double${where()} (at character ${i})`;
    i += token.length;
    return undefined;
  };

  const afterValue = () => {
    expect = frames.length === 0 ? 'nothing' : 'comma-or-end';
  };

  const open = (isObject: boolean): string | undefined => {
    if (frames.length >= limits.maxDepth) return `nests deeper than ${limits.maxDepth} levels${where()}`;
    frames.push({ names: isObject ? new Set() : undefined, name: '', index: 0 });
    expect = isObject ? 'name-or-end' : 'value-or-end';
    i++;
    return undefined;
  };

  const close = () => {
    frames.pop();
    i++;
    afterValue();
  };

  for (;;) {
    while (i < text.length && isWhitespace(text.charCodeAt(i))) i++;
    if (i >= text.length) return expect === 'nothing' ? undefined : invalid();
    const c = text[i];
    const top = frames.at(-1);
    let problem: string | undefined;
    switch (expect) {
      case 'value':
      case 'value-or-end':
        if (c === ']' && expect === 'value-or-end') {
          close();
        } else if (c === '{' || c === '[') {
          problem = open(c === '{');
        } else if (c === '"') {
          problem = scanString();
          afterValue();
        } else if (c === '-' || (c >= '0' && c <= '9')) {
          problem = scanNumber();
          afterValue();
        } else {
          const literal = ['true', 'false', 'null'].find((l) => text.startsWith(l, i));
          if (!literal) return invalid();
          i += literal.length;
          afterValue();
        }
        break;
      case 'name':
      case 'name-or-end':
        if (c === '}' && expect === 'name-or-end') {
          close();
        } else if (c === '"') {
          const start = i;
          problem = scanString();
          if (problem) break;
          const name = JSON.parse(text.slice(start, i)) as string;
          top!.name = name;
          if (top!.names!.has(name)) return `has the member "${path()}" twice`;
          top!.names!.add(name);
          expect = 'colon';
        } else {
          return invalid();
        }
        break;
      case 'colon':
        if (c !== ':') return invalid();
        i++;
        expect = 'value';
        break;
      case 'comma-or-end':
        if (c === ',') {
          i++;
          if (++top!.index >= limits.maxItems)
            return `has more than ${limits.maxItems} ${top!.names ? 'members in one object' : 'elements in one array'}${where()}`;
          expect = top!.names ? 'name' : 'value';
        } else if (c === (top!.names ? '}' : ']')) {
          close();
        } else {
          return invalid();
        }
        break;
      case 'nothing':
        return invalid();
    }
    if (problem) return problem;
  }
}
