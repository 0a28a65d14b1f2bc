/**
 * The live map of a room: the scope's outlines and a marker for every find,
 * drawn with PixiJS (WebGL). Loaded lazily by the game view, so the first
 * page does not carry PixiJS.
 *
 * Built for software WebGL (SwiftShader), which many players' browsers fall
 * back to: the outlines are rasterised once into a texture of the visible
 * area and redrawn only when a pan or zoom settles; markers are particles in
 * one ParticleContainer, and a new find adds one particle without redrawing
 * the rest.
 */
import { geoPath, type GeoProjection } from 'd3-geo';
import type { Feature, Geometry } from 'geojson';
import {
  Application,
  Container,
  Graphics,
  Particle,
  ParticleContainer,
  RenderTexture,
  Sprite,
  type Texture,
} from 'pixi.js';
// The page's Content-Security-Policy forbids eval; this build of Pixi's shaders does without.
import 'pixi.js/unsafe-eval';
import type { Place } from '../../../protocol/types.js';
import {
  fittedProjection,
  loadShapes,
  markerRadius,
  type LoadedShapes,
  type ShapeProperties,
} from './scope-shapes.js';

export interface MarkerInfo {
  place: Place;
  color: string;
  label: string;
}

interface Marker extends MarkerInfo {
  x: number;
  y: number;
  particle: Particle;
}

const MARKER_TEXTURE_RADIUS = 16;
const SETTLE_MS = 150;
const PULSE_MS = 700;
/** Quiet time after the last find before it is baked into the map's texture. */
const BAKE_AFTER_MS = 1500;
/** Live markers beyond which they are baked at once. */
const FRESH_LIMIT = 400;

export class PlaceMap {
  private readonly markers: Marker[] = [];
  private readonly world = new Container();
  private readonly outlines = new Graphics();
  private readonly outlineSprite = new Sprite();
  private outlineTexture: RenderTexture | undefined;
  /** Every marker drawn into the baked texture; the outlines and these are rendered together. */
  private readonly particles: ParticleContainer;
  /** Markers added since the last bake, drawn live on top of it. */
  private readonly fresh: ParticleContainer;
  /** Not on the stage: what the baked texture shows (outlines, then markers). */
  private readonly bakedScene = new Container();
  private bakeTimer: number | undefined;
  /** A bake is due at once, so further finds need not move it. */
  private bakeSoon = false;
  private readonly tooltip: HTMLElement;
  private projection!: GeoProjection;
  /** The view: world coordinates → screen is `x * k + tx`. */
  private k = 1;
  private tx = 0;
  private ty = 0;
  /** The view the outline texture was drawn for. */
  private drawn = { k: 1, tx: 0, ty: 0 };
  private settleTimer: number | undefined;
  private frameRequested = false;
  private particlesDirty = false;
  private destroyed = false;
  /** Rings spreading from new finds, animated while any is alive. */
  private pulses: { ring: Graphics; started: number }[] = [];
  private readonly resizeObserver: ResizeObserver;

  private constructor(
    private readonly app: Application,
    private readonly element: HTMLElement,
    private readonly markerTexture: Texture,
    private readonly scope: string,
  ) {
    const particleOptions = {
      texture: markerTexture,
      dynamicProperties: {
        position: false,
        vertex: false,
        rotation: false,
        color: false,
        uvs: false,
      },
    };
    this.particles = new ParticleContainer(particleOptions);
    this.fresh = new ParticleContainer(particleOptions);
    this.bakedScene.addChild(this.outlines, this.particles);
    this.world.addChild(this.fresh);
    app.stage.addChild(this.outlineSprite, this.world);
    this.tooltip = document.createElement('div');
    this.tooltip.className = 'map-tooltip';
    this.tooltip.hidden = true;
    element.append(app.canvas, this.tooltip);
    this.resizeObserver = new ResizeObserver(() => this.fit());
    this.bindGestures();
  }

  static async create(element: HTMLElement, scope: string): Promise<PlaceMap> {
    const app = new Application();
    await app.init({
      resizeTo: element,
      background: '#dfe9f3',
      // Software WebGL (SwiftShader) pays for multisampling on every pixel;
      // the markers are textures and the outlines a texture already.
      antialias: false,
      // Frames are drawn on demand, not 60 times a second: an idle map costs nothing.
      autoStart: false,
      autoDensity: true,
      resolution: Math.min(window.devicePixelRatio || 1, 2),
      preference: 'webgl',
    });
    const dot = new Graphics()
      .circle(0, 0, MARKER_TEXTURE_RADIUS)
      .fill(0xffffff)
      .stroke({ width: 3, color: 0x1d2733, alpha: 0.55 });
    const texture = app.renderer.generateTexture({ target: dot, resolution: 2 });
    const map = new PlaceMap(app, element, texture, scope);
    const loaded = await loadShapes(scope).catch((error: unknown): LoadedShapes => {
      console.error('no outlines for the map', error);
      return { shapes: { type: 'FeatureCollection', features: [] }, center: null };
    });
    map.drawShapes(loaded);
    map.resizeObserver.observe(element);
    return map;
  }

  /** Adds the marker of a find; `animate` for finds arriving live. */
  add(info: MarkerInfo, animate: boolean): void {
    const point = this.projection([info.place.lon, info.place.lat]);
    if (!point) return;
    const [x, y] = point;
    const particle = new Particle({
      texture: this.markerTexture,
      x,
      y,
      anchorX: 0.5,
      anchorY: 0.5,
      tint: info.color,
    });
    this.sizeParticle(particle, info.place.population);
    this.fresh.addParticle(particle);
    this.particlesChanged();
    this.scheduleBake();
    this.markers.push({ ...info, x, y, particle });
    if (animate) this.pulse(x, y, info.color);
  }

  /**
   * Static particle data is uploaded on update(), which costs as much as the
   * whole container: once a frame, however many finds arrived in it (a
   * reconnect brings thousands at once).
   */
  private particlesChanged() {
    this.particlesDirty = true;
    this.requestRender();
  }

  /** Draws one frame at the next animation frame; many requests, one frame. */
  private requestRender() {
    if (this.frameRequested || this.destroyed) return;
    this.frameRequested = true;
    requestAnimationFrame(() => this.frame());
  }

  private frame() {
    this.frameRequested = false;
    if (this.destroyed) return;
    if (this.particlesDirty) {
      this.particlesDirty = false;
      this.fresh.update();
    }
    const now = performance.now();
    for (const pulse of this.pulses) {
      const t = (now - pulse.started) / PULSE_MS;
      pulse.ring.scale.set((0.4 + Math.min(t, 1) * 1.6) / this.k);
      pulse.ring.alpha = Math.max(0, 1 - t);
    }
    this.app.render();
    const finished = this.pulses.filter((p) => now - p.started >= PULSE_MS);
    for (const pulse of finished) pulse.ring.destroy();
    this.pulses = this.pulses.filter((p) => now - p.started < PULSE_MS);
    if (this.pulses.length > 0) this.requestRender();
  }

  destroy(): void {
    this.destroyed = true;
    this.resizeObserver.disconnect();
    window.clearTimeout(this.settleTimer);
    window.clearTimeout(this.bakeTimer);
    this.app.destroy(true, { children: true, texture: true });
    this.bakedScene.destroy({ children: true });
    this.tooltip.remove();
  }

  private drawShapes(loaded: LoadedShapes) {
    const { shapes } = loaded;
    const width = this.element.clientWidth || 600;
    const height = this.element.clientHeight || 400;
    this.projection = fittedProjection(this.scope, loaded, width, height);
    // d3's path generator speaks the canvas API; Graphics speaks the same verbs.
    const context = pixiPathContext(this.outlines);
    const path = geoPath(this.projection, context as never);
    for (const f of shapes.features as Feature<Geometry, ShapeProperties>[]) {
      const own = f.properties?.inScope !== false;
      path(f);
      // fill and stroke apply to the same path; the next shape starts a new one.
      this.outlines.fill({ color: own ? 0xfbfaf5 : 0xeceff2 });
      this.outlines.stroke({ width: own ? 0.8 : 0.5, color: 0x8a97a6, alpha: own ? 1 : 0.6 });
    }
    this.redrawOutlines();
  }

  private fit() {
    this.redrawOutlines();
  }

  /**
   * Rasterises the outlines and every marker for the current view into one
   * texture at screen resolution, so that a frame costs one image plus the
   * few markers added since, however many markers there are. Run when a pan
   * or zoom settles, and after a pause in the finds.
   */
  private redrawOutlines() {
    window.clearTimeout(this.bakeTimer);
    this.bakeTimer = undefined;
    this.bakeSoon = false;
    if (this.fresh.particleChildren.length > 0) {
      for (const particle of this.fresh.particleChildren) this.particles.addParticle(particle);
      this.fresh.removeParticles();
      this.fresh.update();
    }
    this.particles.update();
    const { width, height } = this.app.screen;
    if (width === 0 || height === 0) return;
    if (
      !this.outlineTexture ||
      this.outlineTexture.width !== width ||
      this.outlineTexture.height !== height
    ) {
      this.outlineTexture?.destroy(true);
      this.outlineTexture = RenderTexture.create({
        width,
        height,
        resolution: this.app.renderer.resolution,
      });
    }
    this.bakedScene.scale.set(this.k);
    this.bakedScene.position.set(this.tx, this.ty);
    this.app.renderer.render({
      container: this.bakedScene,
      target: this.outlineTexture,
      clear: true,
    });
    this.outlineSprite.texture = this.outlineTexture;
    this.drawn = { k: this.k, tx: this.tx, ty: this.ty };
    this.placeOutlineSprite();
    this.requestRender();
  }

  /**
   * Bakes the fresh markers in after a pause in the finds, or at the next
   * frame once they are many (thousands added at once bake once, not per
   * marker).
   */
  private scheduleBake() {
    const soon = this.fresh.particleChildren.length >= FRESH_LIMIT;
    if (soon && this.bakeSoon) return;
    window.clearTimeout(this.bakeTimer);
    this.bakeSoon = soon;
    this.bakeTimer = window.setTimeout(() => this.redrawOutlines(), soon ? 0 : BAKE_AFTER_MS);
  }

  /** Between redraws, the last texture is moved and scaled with the view. */
  private placeOutlineSprite() {
    const ratio = this.k / this.drawn.k;
    this.outlineSprite.scale.set(ratio);
    this.outlineSprite.position.set(
      this.tx - this.drawn.tx * ratio,
      this.ty - this.drawn.ty * ratio,
    );
  }

  private sizeParticle(particle: Particle, population: number) {
    const scale = markerRadius(population) / MARKER_TEXTURE_RADIUS / this.k;
    particle.scaleX = scale;
    particle.scaleY = scale;
  }

  private applyView(settled: boolean) {
    this.world.scale.set(this.k);
    this.world.position.set(this.tx, this.ty);
    this.placeOutlineSprite();
    this.requestRender();
    window.clearTimeout(this.settleTimer);
    const settle = () => {
      for (const m of this.markers) this.sizeParticle(m.particle, m.place.population);
      this.redrawOutlines();
    };
    if (settled) settle();
    else this.settleTimer = window.setTimeout(settle, SETTLE_MS);
  }

  private zoomAt(screenX: number, screenY: number, factor: number) {
    const k = Math.min(64, Math.max(0.8, this.k * factor));
    const f = k / this.k;
    this.tx = screenX - (screenX - this.tx) * f;
    this.ty = screenY - (screenY - this.ty) * f;
    this.k = k;
    this.applyView(false);
  }

  private pulse(x: number, y: number, color: string) {
    const ring = new Graphics().circle(0, 0, 10).stroke({ width: 2.5, color });
    ring.position.set(x, y);
    this.world.addChild(ring);
    this.pulses.push({ ring, started: performance.now() });
    this.requestRender();
  }

  private bindGestures() {
    const canvas = this.app.canvas;
    canvas.style.touchAction = 'none';
    const pointers = new Map<number, { x: number; y: number }>();
    let pinchDistance = 0;
    const local = (e: PointerEvent | WheelEvent) => {
      const rect = canvas.getBoundingClientRect();
      return { x: e.clientX - rect.left, y: e.clientY - rect.top };
    };
    canvas.addEventListener(
      'wheel',
      (e) => {
        e.preventDefault();
        const p = local(e);
        this.zoomAt(p.x, p.y, Math.exp(-e.deltaY * (e.deltaMode === 1 ? 0.05 : 0.0015)));
      },
      { passive: false },
    );
    canvas.addEventListener('pointerdown', (e) => {
      canvas.setPointerCapture(e.pointerId);
      pointers.set(e.pointerId, local(e));
      if (pointers.size === 2) {
        const [a, b] = [...pointers.values()];
        pinchDistance = Math.hypot(a!.x - b!.x, a!.y - b!.y);
      }
    });
    canvas.addEventListener('pointermove', (e) => {
      const p = local(e);
      const previous = pointers.get(e.pointerId);
      if (!previous) return this.hover(p.x, p.y);
      pointers.set(e.pointerId, p);
      if (pointers.size === 1) {
        this.tx += p.x - previous.x;
        this.ty += p.y - previous.y;
        this.applyView(false);
      } else if (pointers.size === 2) {
        const [a, b] = [...pointers.values()];
        const distance = Math.hypot(a!.x - b!.x, a!.y - b!.y);
        if (pinchDistance > 0)
          this.zoomAt((a!.x + b!.x) / 2, (a!.y + b!.y) / 2, distance / pinchDistance);
        pinchDistance = distance;
      }
    });
    const release = (e: PointerEvent) => {
      const p = local(e);
      const moved = pointers.get(e.pointerId);
      pointers.delete(e.pointerId);
      if (pointers.size < 2) pinchDistance = 0;
      if (e.type === 'pointerup' && moved && Math.hypot(moved.x - p.x, moved.y - p.y) < 1)
        this.hover(p.x, p.y);
    };
    canvas.addEventListener('pointerup', release);
    canvas.addEventListener('pointercancel', release);
    canvas.addEventListener('pointerleave', () => (this.tooltip.hidden = true));
  }

  /** Shows the nearest marker under the pointer (or finger) with its name, region and population. */
  private hover(screenX: number, screenY: number) {
    const x = (screenX - this.tx) / this.k;
    const y = (screenY - this.ty) / this.k;
    let best: Marker | undefined;
    let bestDistance = (10 / this.k) ** 2;
    for (const m of this.markers) {
      const d = (m.x - x) ** 2 + (m.y - y) ** 2;
      if (d < bestDistance) {
        best = m;
        bestDistance = d;
      }
    }
    if (!best) {
      this.tooltip.hidden = true;
      return;
    }
    this.tooltip.textContent = best.label;
    this.tooltip.style.left = `${best.x * this.k + this.tx + 12}px`;
    this.tooltip.style.top = `${best.y * this.k + this.ty - 12}px`;
    this.tooltip.hidden = false;
  }
}

/** The subset of CanvasRenderingContext2D that d3-geo's path generator calls, drawn into a Graphics. */
function pixiPathContext(graphics: Graphics) {
  return {
    moveTo: (x: number, y: number) => void graphics.moveTo(x, y),
    lineTo: (x: number, y: number) => void graphics.lineTo(x, y),
    closePath: () => void graphics.closePath(),
    arc: (x: number, y: number, r: number) => void graphics.circle(x, y, r),
  };
}
