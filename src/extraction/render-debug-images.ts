import type { DebugArtifact, GrayImage } from '../core/index.js';
import type { Template } from '../templates/index.js';

/** A picture for a person: grey (1 channel) or colour (3 channels, RGB), row-major bytes. */
export interface DebugPicture {
  /** File-name-safe stage key, e.g. `extraction.orientation`. */
  readonly name: string;
  readonly width: number;
  readonly height: number;
  readonly channels: 1 | 3;
  readonly data: Uint8Array;
}

/**
 * Turns the artifacts an extraction emitted into pictures: images as they are, float maps
 * scaled to grey (block maps enlarged to image size), the orientation field as short line
 * segments over the input, and the minutiae drawn over the input (endings red, bifurcations
 * blue, each with a 12-pixel stroke in its direction). For `afis extract --debug`.
 */
export function renderDebugImages(source: GrayImage, artifacts: ReadonlyArray<{ key: string; artifact: DebugArtifact }>): DebugPicture[] {
  const out: DebugPicture[] = [{ name: 'input', width: source.width, height: source.height, channels: 1, data: source.data }];
  for (const { key, artifact } of artifacts) {
    if (artifact.kind === 'image') {
      out.push({ name: key, width: artifact.image.width, height: artifact.image.height, channels: 1, data: artifact.image.data });
    } else if (artifact.kind === 'map') {
      out.push(renderMap(key, artifact, source));
      if (key === 'extraction.orientation') out.push(renderOrientation(`${key}.lines`, artifact.map.data, artifact.map.width, artifact.map.height, source));
    } else if (key === 'extraction.minutiae') {
      out.push(renderMinutiae(`${key}`, artifact.value as Template, source));
    }
  }
  return out;
}

function renderMap(name: string, a: Extract<DebugArtifact, { kind: 'map' }>, source: GrayImage): DebugPicture {
  const { map } = a;
  let min = a.min ?? Infinity;
  let max = a.max ?? -Infinity;
  if (a.min === undefined || a.max === undefined) {
    for (const v of map.data) {
      if (a.min === undefined && v < min) min = v;
      if (a.max === undefined && v > max) max = v;
    }
  }
  const span = max - min || 1;
  const { width, height } = source;
  const data = new Uint8Array(width * height);
  const sx = map.width / width;
  const sy = map.height / height;
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const v = map.data[Math.min(map.height - 1, (y * sy) | 0) * map.width + Math.min(map.width - 1, (x * sx) | 0)];
      data[y * width + x] = Math.max(0, Math.min(255, Math.round(((v - min) / span) * 255)));
    }
  }
  return { name, width, height, channels: 1, data };
}

function greyToRgb(src: GrayImage, fade: number): Uint8Array {
  const rgb = new Uint8Array(src.width * src.height * 3);
  for (let i = 0; i < src.data.length; i++) {
    const v = Math.round(255 - (255 - src.data[i]) * fade);
    rgb[3 * i] = v;
    rgb[3 * i + 1] = v;
    rgb[3 * i + 2] = v;
  }
  return rgb;
}

function drawLine(rgb: Uint8Array, w: number, h: number, x0: number, y0: number, x1: number, y1: number, c: [number, number, number]): void {
  const steps = Math.max(1, Math.ceil(Math.max(Math.abs(x1 - x0), Math.abs(y1 - y0))));
  for (let s = 0; s <= steps; s++) {
    const x = Math.round(x0 + ((x1 - x0) * s) / steps);
    const y = Math.round(y0 + ((y1 - y0) * s) / steps);
    if (x < 0 || y < 0 || x >= w || y >= h) continue;
    const i = 3 * (y * w + x);
    rgb[i] = c[0];
    rgb[i + 1] = c[1];
    rgb[i + 2] = c[2];
  }
}

function renderOrientation(name: string, angle: Float32Array, cols: number, rows: number, source: GrayImage): DebugPicture {
  const { width, height } = source;
  const rgb = greyToRgb(source, 0.4);
  const size = Math.ceil(width / cols);
  for (let by = 0; by < rows; by++) {
    for (let bx = 0; bx < cols; bx++) {
      const a = angle[by * cols + bx];
      const cx = bx * size + size / 2;
      const cy = by * size + size / 2;
      const dx = Math.cos(a) * size * 0.45;
      const dy = Math.sin(a) * size * 0.45;
      drawLine(rgb, width, height, cx - dx, cy - dy, cx + dx, cy + dy, [200, 0, 0]);
    }
  }
  return { name, width, height, channels: 3, data: rgb };
}

function renderMinutiae(name: string, t: Template, source: GrayImage): DebugPicture {
  const { width, height } = source;
  const rgb = greyToRgb(source, 0.5);
  for (const m of t.minutiae) {
    const c: [number, number, number] = m.type === 'ending' ? [230, 0, 0] : [0, 60, 230];
    // template angle is counter-clockwise on screen: direction (cos θ, −sin θ) in image coordinates
    drawLine(rgb, width, height, m.x, m.y, m.x + 12 * Math.cos(m.angle), m.y - 12 * Math.sin(m.angle), c);
    for (let k = 0; k < 16; k++) {
      const a = (k / 16) * 2 * Math.PI;
      drawLine(rgb, width, height, m.x + 3 * Math.cos(a), m.y + 3 * Math.sin(a), m.x + 3 * Math.cos(a), m.y + 3 * Math.sin(a), c);
    }
  }
  return { name, width, height, channels: 3, data: rgb };
}
