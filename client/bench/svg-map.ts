/**
 * The benchmark's baseline: the live map as plain D3 SVG. The same outlines
 * (d3-geo's geoPath with PlaceMap's projection and fit) as one <path> each,
 * every find as a <circle>, pan and zoom by the transform of one <g>, and
 * PlaceMap's gestures and settling (markers resized to a constant screen
 * size once a pan or zoom has rested for 150 ms).
 *
 * The geometry (outlines, projection, marker sizes) is PlaceMap's own,
 * client/src/map/scope-shapes.ts; the page still checks both project alike.
 * No hover labels and no pulse for live finds: the baseline only draws.
 */
import { geoPath, type GeoProjection } from 'd3-geo';
import {
  fittedProjection,
  loadShapes,
  markerRadius,
  type LoadedShapes,
} from '../src/map/scope-shapes.js';
import type { BenchMarker } from './bench-api.js';

const SVG_NS = 'http://www.w3.org/2000/svg';
const SETTLE_MS = 150;
/** PlaceMap's marker texture: radius 16 with a stroke 3 wide. */
const STROKE_PER_RADIUS = 3 / 16;

function svgElement<K extends keyof SVGElementTagNameMap>(
  name: K,
  attributes: Record<string, string | number>,
): SVGElementTagNameMap[K] {
  const element = document.createElementNS(SVG_NS, name);
  for (const [key, value] of Object.entries(attributes)) element.setAttribute(key, String(value));
  return element;
}

interface SvgMarker {
  circle: SVGCircleElement;
  population: number;
}

export class SvgMap {
  private readonly svg: SVGSVGElement;
  private readonly view: SVGGElement;
  private readonly outlines: SVGGElement;
  private readonly markerLayer: SVGGElement;
  private readonly markers: SvgMarker[] = [];
  projection!: GeoProjection;
  private k = 1;
  private tx = 0;
  private ty = 0;
  private settleTimer: number | undefined;

  private constructor(
    private readonly element: HTMLElement,
    private readonly scope: string,
  ) {
    this.svg = svgElement('svg', { width: '100%', height: '100%' });
    this.svg.style.cssText = 'position:absolute;inset:0;display:block;touch-action:none';
    this.view = svgElement('g', {});
    this.outlines = svgElement('g', { 'stroke-linejoin': 'round' });
    this.markerLayer = svgElement('g', { stroke: '#1d2733', 'stroke-opacity': 0.55 });
    this.view.append(this.outlines, this.markerLayer);
    this.svg.append(this.view);
    element.append(this.svg);
    this.bindGestures();
  }

  static async create(element: HTMLElement, scope: string): Promise<SvgMap> {
    const map = new SvgMap(element, scope);
    map.drawShapes(await loadShapes(scope));
    return map;
  }

  add(info: BenchMarker): void {
    this.markerLayer.append(this.circleFor(info));
  }

  /** Many markers in one append, as PlaceMap's one particle upload per frame. */
  addMany(infos: readonly BenchMarker[]): void {
    const fragment = document.createDocumentFragment();
    for (const info of infos) fragment.append(this.circleFor(info));
    this.markerLayer.append(fragment);
  }

  destroy(): void {
    window.clearTimeout(this.settleTimer);
    this.svg.remove();
  }

  private circleFor(info: BenchMarker): SVGCircleElement {
    const point = this.projection([info.place.lon, info.place.lat]) ?? [NaN, NaN];
    const circle = svgElement('circle', { cx: point[0], cy: point[1], fill: info.color });
    this.size(circle, info.place.population);
    this.markers.push({ circle, population: info.place.population });
    return circle;
  }

  private size(circle: SVGCircleElement, population: number) {
    const r = markerRadius(population) / this.k;
    circle.setAttribute('r', String(r));
    circle.setAttribute('stroke-width', String(r * STROKE_PER_RADIUS));
  }

  private drawShapes(loaded: LoadedShapes) {
    const { shapes } = loaded;
    const width = this.element.clientWidth || 600;
    const height = this.element.clientHeight || 400;
    this.projection = fittedProjection(this.scope, loaded, width, height);
    const path = geoPath(this.projection);
    const fragment = document.createDocumentFragment();
    for (const f of shapes.features) {
      const own = f.properties?.inScope !== false;
      fragment.append(
        svgElement('path', {
          d: path(f) ?? '',
          fill: own ? '#fbfaf5' : '#eceff2',
          stroke: '#8a97a6',
          'stroke-width': own ? 0.8 : 0.5,
          'stroke-opacity': own ? 1 : 0.6,
        }),
      );
    }
    this.outlines.append(fragment);
  }

  private applyView() {
    this.view.setAttribute('transform', `translate(${this.tx},${this.ty}) scale(${this.k})`);
    window.clearTimeout(this.settleTimer);
    this.settleTimer = window.setTimeout(() => {
      for (const m of this.markers) this.size(m.circle, m.population);
    }, SETTLE_MS);
  }

  private zoomAt(screenX: number, screenY: number, factor: number) {
    const k = Math.min(64, Math.max(0.8, this.k * factor));
    const f = k / this.k;
    this.tx = screenX - (screenX - this.tx) * f;
    this.ty = screenY - (screenY - this.ty) * f;
    this.k = k;
    this.applyView();
  }

  /** PlaceMap's wheel and one-pointer drag (no pinch: the benchmark uses a mouse). */
  private bindGestures() {
    const svg = this.svg;
    let last: { id: number; x: number; y: number } | undefined;
    const local = (e: PointerEvent | WheelEvent) => {
      const rect = svg.getBoundingClientRect();
      return { x: e.clientX - rect.left, y: e.clientY - rect.top };
    };
    svg.addEventListener(
      'wheel',
      (e) => {
        e.preventDefault();
        const p = local(e);
        this.zoomAt(p.x, p.y, Math.exp(-e.deltaY * (e.deltaMode === 1 ? 0.05 : 0.0015)));
      },
      { passive: false },
    );
    svg.addEventListener('pointerdown', (e) => {
      svg.setPointerCapture(e.pointerId);
      last = { id: e.pointerId, ...local(e) };
    });
    svg.addEventListener('pointermove', (e) => {
      if (!last || last.id !== e.pointerId) return;
      const p = local(e);
      this.tx += p.x - last.x;
      this.ty += p.y - last.y;
      last = { id: e.pointerId, ...p };
      this.applyView();
    });
    const release = () => (last = undefined);
    svg.addEventListener('pointerup', release);
    svg.addEventListener('pointercancel', release);
  }
}
