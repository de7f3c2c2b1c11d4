import type { Template, OrientationMap, ValidArea } from '../../src/templates/index.js';

export type PointMap = (x: number, y: number) => readonly [number, number] | null;
export declare const ORIENTATION_MAP_LEVELS: number;
/** A template carried through a known geometry (see warp-template.mjs). */
export declare function warpTemplate(
  t: Template,
  pointMap: PointMap,
  backMap: PointMap,
  width: number,
  height: number,
  edge?: number,
): Template & { orientationMap: OrientationMap; validArea: ValidArea };
