/**
 * A chart's category label that keeps to a fixed width: a long name is cut with an ellipsis where it
 * would overflow, and the whole name is its SVG <title> (shown on hover). recharts does not shorten
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
 * `text` as it fits in `maxWidth`: whole when it fits, otherwise its longest beginning that fits with
 * an ellipsis after it (spaces before the ellipsis dropped); just the ellipsis when not even one
 * character does. Pure: `measure` says how wide a text is drawn.
 */
export const fitLabel = (text: string, maxWidth: number, measure: Measure): string => {
  if (measure(text) <= maxWidth) return text;
  const chars = graphemesOf(text);
  const cut = (n: number) => chars.slice(0, n).join('').trimEnd() + ELLIPSIS;
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
  payload?: { value?: unknown };
  /** The widest the label may be drawn, in pixels. */
  maxWidth: number;
  fill?: string;
  fontSize?: number;
};

/**
 * A Y axis tick of a horizontal chart: right-aligned against the axis, cut to `maxWidth`, the whole
 * name on hover.
 */
export const ChartLabel = ({ x = 0, y = 0, payload, maxWidth, fill, fontSize = 12 }: ChartLabelProps) => {
  const name = String(payload?.value ?? '');
  const ref = React.useRef<SVGTextElement>(null);
  const [measure, setMeasure] = React.useState<Measure>(() => estimateWidth(fontSize));
  // Before the first paint: the font is known once the text is in the document.
  React.useLayoutEffect(() => {
    const real = measureIn(ref.current);
    if (real) setMeasure(() => real);
  }, [fontSize]);
  const label = fitLabel(name, maxWidth, measure);
  return (
    <g className="chart-label" data-testid="chart-label">
      <title>{name}</title>
      <text ref={ref} x={x} y={y} dy="0.355em" textAnchor="end" fill={fill} fontSize={fontSize}>
        {label}
      </text>
    </g>
  );
};
