/** concaveman ships no types: a concave hull of 2-D points, as a closed ring of the input points. */
declare module 'concaveman' {
  export default function concaveman(
    points: readonly (readonly number[])[],
    concavity?: number,
    lengthThreshold?: number,
  ): number[][];
}
