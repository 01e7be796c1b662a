// Sequential colour scale (ColorBrewer YlGnBu, 5 stops) for the heatmap, and a categorical palette for lines.

const STOPS: readonly (readonly [number, number, number])[] = [
  [255, 255, 217],
  [199, 233, 180],
  [65, 182, 196],
  [34, 94, 168],
  [8, 29, 88],
];

const hex = (n: number): string => Math.round(n).toString(16).padStart(2, "0");

/** Colour of t in [0, 1] (clamped) on the sequential scale, as `#rrggbb`. */
export function sequentialColor(t: number): string {
  const x = Math.min(1, Math.max(0, Number.isFinite(t) ? t : 0)) * (STOPS.length - 1);
  const i = Math.min(STOPS.length - 2, Math.floor(x));
  const f = x - i;
  const a = STOPS[i] as readonly [number, number, number];
  const b = STOPS[i + 1] as readonly [number, number, number];
  return `#${hex(a[0] + (b[0] - a[0]) * f)}${hex(a[1] + (b[1] - a[1]) * f)}${hex(a[2] + (b[2] - a[2]) * f)}`;
}

/** Text colour readable on `sequentialColor(t)`. */
export function textColorOn(t: number): string {
  return t > 0.55 ? "#ffffff" : "#1a1a1a";
}

/** The gradient stops of the scale, for an SVG `<linearGradient>`. */
export function sequentialStops(): string[] {
  return STOPS.map((_, i) => sequentialColor(i / (STOPS.length - 1)));
}

/** Categorical palette (Tableau 10) for line charts. */
export const CATEGORICAL: readonly string[] = [
  "#4e79a7",
  "#f28e2b",
  "#e15759",
  "#76b7b2",
  "#59a14f",
  "#edc948",
  "#b07aa1",
  "#ff9da7",
  "#9c755f",
  "#bab0ac",
];
