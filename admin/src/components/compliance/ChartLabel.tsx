/**
 * A chart's category label that keeps to a fixed width: a long name is cut with an ellipsis where it
 * would overflow (its version kept), and the whole name is its SVG <title> (shown on hover). recharts does not shorten
 * axis labels, so five long software names used to run together under the bars.
 */
import * as React from 'react';

/** The width of a text as drawn, in pixels. */
export type Measure = (text: string) => number;

const ELLIPSIS = '…';

/** A text's user-perceived characters, so a cut never splits an accent or an emoji from its letter. */
const graphemesOf = (text: string): string[] =>
  typeof Intl.Segmenter === 'function' ? [...new Intl.Segmenter(undefined, { granularity: 'grapheme' }).segment(text)].map((s) => s.segment) : [...text];

/**
 * `head` and its `tail` ("Visio Professional" and "2024", joined by a space) as they fit in
 * `maxWidth`: whole when they fit; otherwise the longest beginning of `head` that fits with an
 * ellipsis and the whole tail after it ("Visio Prof… 2024"), so two versions of a software stay
 * apart; when not even one character of `head` fits before the tail, the longest beginning of the
 * whole text with an ellipsis.
 * Spaces before an ellipsis are dropped; a cut never splits a character. Pure: `measure` says how
 * wide a text is drawn.
 */
export const fitLabel = (head: string, maxWidth: number, measure: Measure, tail = ''): string => {
  const whole = tail ? `${head} ${tail}` : head;
  if (measure(whole) <= maxWidth) return whole;
  const after = tail ? `${ELLIPSIS} ${tail}` : ELLIPSIS;
  const chars = graphemesOf(head);
  const cut = (n: number) => chars.slice(0, n).join('').trimEnd() + after;
  // Not one character of the name beside its version: the whole text is cut instead.
  if (tail && measure(cut(1)) > maxWidth) return fitLabel(whole, maxWidth, measure);
  // The longest beginning that fits: widths only grow with the length, so a binary search.
  let fits = 0;
  let tooLong = chars.length;
  while (tooLong - fits > 1) {
    const n = Math.floor((fits + tooLong) / 2);
    if (measure(cut(n)) <= maxWidth) fits = n;
    else tooLong = n;
  }
  return cut(fits);
};

/**
 * A width estimate for where nothing is laid out (tests, server rendering): an average character of
 * the system sans-serif fonts is a little over half the font size.
 */
export const estimateWidth =
  (fontSize: number): Measure =>
  (text) =>
    graphemesOf(text).length * fontSize * 0.6;

let canvas: CanvasRenderingContext2D | null | undefined;

/**
 * The real width of texts drawn in `node`'s font, from a canvas; null where the browser lays nothing
 * out (jsdom has no SVG text layout, and its canvas is not implemented).
 */
const measureIn = (node: SVGTextElement | null): Measure | null => {
  if (!node || typeof node.getComputedTextLength !== 'function') return null;
  canvas ??= document.createElement('canvas').getContext('2d');
  if (!canvas) return null;
  const style = getComputedStyle(node);
  const font = `${style.fontStyle} ${style.fontWeight} ${style.fontSize} ${style.fontFamily}`;
  const context = canvas;
  return (text) => {
    context.font = font;
    return context.measureText(text).width;
  };
};

/** The props recharts gives an axis tick (a function `tick`), and the ones this label needs. */
export type ChartLabelProps = {
  x?: number | string;
  y?: number | string;
  /** The label's text; with `tail`, its beginning (a software's name). */
  text: string;
  /** The end kept whole when the label is cut (a software's version). */
  tail?: string;
  /** The widest the label may be drawn, in pixels. */
  maxWidth: number;
  fill?: string;
  fontSize?: number;
};

/**
 * A Y axis tick of a horizontal chart: right-aligned against the axis, cut to `maxWidth`, the whole
 * text on hover.
 */
export const ChartLabel = ({ x = 0, y = 0, text, tail = '', maxWidth, fill, fontSize = 12 }: ChartLabelProps) => {
  const ref = React.useRef<SVGTextElement>(null);
  const [measure, setMeasure] = React.useState<Measure>(() => estimateWidth(fontSize));
  // Before the first paint: the font is known once the text is in the document.
  React.useLayoutEffect(() => {
    const real = measureIn(ref.current);
    if (real) setMeasure(() => real);
  }, [fontSize]);
  return (
    <g className="chart-label" data-testid="chart-label">
      <title>{tail ? `${text} ${tail}` : text}</title>
      <text ref={ref} x={x} y={y} dy="0.355em" textAnchor="end" fill={fill} fontSize={fontSize}>
        {fitLabel(text, maxWidth, measure, tail)}
      </text>
    </g>
  );
};
