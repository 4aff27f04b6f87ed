/**
 * CopyReader's record splitting against the lines it was given: text format, random fields with
 * escapes, LF or CRLF line ends, the data cut into random chunks (the scan jumps between
 * backslashes, CRs and LFs natively, and must find every record wherever a chunk ends).
 */
import { seededRandom } from '@rustydb/common';
import { describe, expect, it } from 'vitest';
import { parseCopyOptions } from './copy-options.js';
import { CopyReader } from './copy-reader.js';

/** Field text: plain characters and escapes (`\\.` aside: the end marker has its own tests). */
const PIECES = ['a', 'b', 'é', ' ', 'xyz', '\\\\', '\\n', '\\t', '\\r', '12'];

describe('CopyReader text records', () => {
  for (const eol of ['\n', '\r\n']) {
    it(`splits random lines ending ${JSON.stringify(eol)} however the data is cut`, () => {
      const random = seededRandom(eol.length);
      const pick = <T>(xs: readonly T[]): T => xs[Math.floor(random() * xs.length)]!;
      for (let round = 0; round < 50; round++) {
        const lines = Array.from({ length: 1 + Math.floor(random() * 20) }, () =>
          Array.from({ length: 3 }, () =>
            random() < 0.1
              ? '\\N'
              : Array.from({ length: Math.floor(random() * 6) }, () => pick(PIECES)).join(''),
          ).join('\t'),
        );
        const withMarker = random() < 0.3;
        const data = lines.join(eol) + eol + (withMarker ? `\\.${eol}ignored${eol}` : '');
        const reader = new CopyReader(parseCopyOptions([], 'from'), ['a', 'b', 'c']);
        const got: string[] = [];
        for (let at = 0; at < data.length; ) {
          const n = 1 + Math.floor(random() * 12);
          const last = at + n >= data.length;
          reader.push(data.slice(at, at + n), last, (line) => got.push(line));
          at += n;
        }
        expect(got).toEqual(lines);
        expect(reader.sawEndMarker).toBe(withMarker);
        for (const line of got) expect(reader.fields(line)).toHaveLength(3);
      }
    });
  }
});
