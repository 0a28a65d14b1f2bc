/**
 * The live map of a room: the scope's outlines and a marker for every find,
 * drawn with PixiJS (WebGL). Loaded lazily by the game view, so the first
 * page does not carry PixiJS.
 *
 * Built for software WebGL (SwiftShader), which many players' browsers fall
 * back to, and for a guess field that must answer within a frame. The
 * outlines and every marker are rasterised into one texture of the visible
 * area, so a frame costs one image whatever the number of markers, and the
 * canvas is drawn again only when it must: a live find is first a DOM dot
 * over the canvas (fresh-dots.ts: a WebGL frame under software rendering
 * stalls the page's painting for tens of milliseconds), baked into the
 * texture when play pauses, when the dots grow many, or when the view moves.
 * The pulse of a new find is a CSS animation. An idle map costs nothing.
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
import { isolate } from '../bidi.js';
import { FreshDots } from './fresh-dots.js';
import { bindGestures } from './gestures.js';
import { mapColors, onThemeChange, type MapColors } from './map-theme.js';
import { pulseAt } from './pulse.js';
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
  /** What the place is called on the map's label, unless `describe` says it. */
  label?: string;
  /** Who found it; the label lists every finder of a place. */
  by?: string;
}

interface Marker extends MarkerInfo {
  x: number;
  y: number;
  particle: Particle;
  /** 0 for a place's first marker, 1 for its second (parallel mode), … */
  ring: number;
}

interface Box {
  width: number;
  height: number;
}

const MARKER_TEXTURE_RADIUS = 16;
/** A pan or zoom has settled when no input came for this long; then the texture is redrawn. */
const SETTLE_MS = 150;
/**
 * The second, third, … finder of a place (parallel mode) get a smaller
 * marker on top of the earlier ones: rings inside rings, every colour seen.
 */
const RING_SCALES = [1, 0.66, 0.4, 0.22];
const MIN_RING_RADIUS = 1.2;
/** The map's box before it is laid out (hidden, or not yet in the page). */
const FALLBACK_BOX: Box = { width: 600, height: 400 };
/** Live finds stay DOM dots until play pauses this long… */
const BAKE_AFTER_QUIET_MS = 2500;
/** …or until there are this many of them. */
const MAX_DOTS = 300;

export class PlaceMap {
  private readonly markers: Marker[] = [];
  /** How many markers each place has (by GeoNames id). */
  private readonly perPlace = new Map<number, number>();
  private readonly world = new Container();
  private readonly outlines = new Graphics();
  private readonly outlineSprite = new Sprite();
  private texture: RenderTexture | undefined;
  /** Not on the stage: what a full redraw of the texture shows (outlines, then every marker). */
  private readonly bakedScene = new Container();
  /** Every marker drawn into the texture. */
  private readonly particles: ParticleContainer;
  /** Markers added in bulk or while the view moves, drawn live on the stage until baked. */
  private readonly fresh: ParticleContainer;
  /** Live finds shown as DOM dots, not yet in the texture. */
  private dotted: Marker[] = [];
  private readonly dots: FreshDots;
  private bakeTimer: number | undefined;
  /** Not on the stage: the markers drawn into the texture on their own, at the texture's view. */
  private readonly batchScene = new Container();
  private readonly batch: ParticleContainer;
  private readonly tooltip: HTMLElement;
  private projection!: GeoProjection;
  private shapes: LoadedShapes | undefined;
  private colors: MapColors;
  /** The view: world coordinates → screen is `x * k + tx`. */
  private k = 1;
  private tx = 0;
  private ty = 0;
  /** The zoom at which the whole quiz fits the box; zoom limits are relative to it. */
  private fitK = 1;
  /** The box the view was last fitted to. */
  private box: Box;
  /** The view the texture was drawn for; null when it must be drawn again. */
  private drawn: { k: number; tx: number; ty: number } | null = null;
  private settleTimer: number | undefined;
  private frameRequested = false;
  private destroyed = false;
  private readonly resizeObserver: ResizeObserver;
  private readonly stopThemeWatch: () => void;
  /** Names a place on the map's label ("Lyon · Auvergne-Rhône-Alpes"); read when the label shows. */
  describe: ((place: Place) => string) | undefined;

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
        uvs: false,
        color: false,
      },
    };
    this.particles = new ParticleContainer(particleOptions);
    this.fresh = new ParticleContainer(particleOptions);
    this.batch = new ParticleContainer(particleOptions);
    this.bakedScene.addChild(this.outlines, this.particles);
    this.batchScene.addChild(this.batch);
    this.world.addChild(this.fresh);
    app.stage.addChild(this.outlineSprite, this.world);
    this.tooltip = document.createElement('div');
    this.tooltip.className = 'map-tooltip';
    this.tooltip.hidden = true;
    element.append(app.canvas);
    this.dots = new FreshDots(element);
    element.append(this.tooltip);
    this.colors = mapColors(element);
    this.box = currentBox(element);
    this.resizeObserver = new ResizeObserver(() => this.resize());
    this.stopThemeWatch = onThemeChange(() => this.retheme());
    bindGestures(app.canvas, {
      panBy: (dx, dy) => this.panBy(dx, dy),
      zoomAt: (x, y, factor) => this.zoomAt(x, y, factor),
      point: (x, y) => this.hover(x, y),
      leave: () => (this.tooltip.hidden = true),
    });
  }

  static async create(element: HTMLElement, scope: string): Promise<PlaceMap> {
    const app = new Application();
    await app.init({
      resizeTo: element,
      background: mapColors(element).sea,
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

  /** The colour the map draws the largest places nobody named in. */
  get missedColor(): string {
    return this.colors.missed;
  }

  /**
   * Adds the marker of a find. `live` for a find arriving now, one at a
   * time: it pulses, and shows as a dot until baked. Otherwise (a room's
   * finds on opening, the results) it is drawn with the next frame.
   */
  add(info: MarkerInfo, live: boolean): void {
    const point = this.projection([info.place.lon, info.place.lat]);
    if (!point) return;
    const [x, y] = point;
    const ring = this.perPlace.get(info.place.id) ?? 0;
    this.perPlace.set(info.place.id, ring + 1);
    const particle = new Particle({
      texture: this.markerTexture,
      x,
      y,
      anchorX: 0.5,
      anchorY: 0.5,
      tint: info.color,
    });
    const marker: Marker = { ...info, x, y, particle, ring };
    this.sizeParticle(marker);
    this.markers.push(marker);
    const screenX = x * this.k + this.tx;
    const screenY = y * this.k + this.ty;
    if (live && this.settled() && this.dots.size < MAX_DOTS) {
      this.dotted.push(marker);
      this.dots.add(screenX, screenY, particle.scaleX * MARKER_TEXTURE_RADIUS * this.k, info.color);
      this.scheduleBake();
    } else {
      this.fresh.addParticle(particle);
      this.requestRender();
    }
    if (live) pulseAt(this.element, screenX, screenY, info.color);
  }

  destroy(): void {
    this.destroyed = true;
    this.resizeObserver.disconnect();
    this.stopThemeWatch();
    window.clearTimeout(this.settleTimer);
    window.clearTimeout(this.bakeTimer);
    this.dots.remove();
    this.app.destroy(true, { children: true, texture: true });
    this.bakedScene.destroy({ children: true });
    this.batchScene.destroy({ children: true });
    this.tooltip.remove();
    for (const ring of this.element.querySelectorAll('.map-pulse')) ring.remove();
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
    if (this.fresh.particleChildren.length > 0 && this.settled()) this.drawFreshIntoTexture();
    else this.fresh.update();
    this.app.render();
  }

  /** Bakes the dots after a pause in the finds, or at once when they are many. */
  private scheduleBake() {
    window.clearTimeout(this.bakeTimer);
    if (this.dots.size >= MAX_DOTS) return this.bakeDots();
    this.bakeTimer = window.setTimeout(() => {
      // When the page has nothing else to do: a player may be typing.
      if ('requestIdleCallback' in window) requestIdleCallback(() => this.bakeDots());
      else this.bakeDots();
    }, BAKE_AFTER_QUIET_MS);
  }

  /** Moves the dotted markers into the texture (one WebGL frame) and removes the dots. */
  private bakeDots() {
    window.clearTimeout(this.bakeTimer);
    if (this.destroyed || this.dotted.length === 0) return;
    for (const marker of this.dotted) this.fresh.addParticle(marker.particle);
    this.dotted = [];
    this.dots.clear();
    this.requestRender();
  }

  /** Whether the texture shows the current view: no pan or zoom is under way. */
  private settled(): boolean {
    const { drawn } = this;
    return drawn !== null && drawn.k === this.k && drawn.tx === this.tx && drawn.ty === this.ty;
  }

  private drawShapes(loaded: LoadedShapes) {
    this.shapes = loaded;
    const { width, height } = this.box;
    this.projection = fittedProjection(this.scope, loaded, width, height);
    this.drawOutlines();
    this.redraw();
  }

  private drawOutlines() {
    const { shapes } = this;
    if (!shapes) return;
    const { land, otherLand, border } = this.colors;
    this.outlines.clear();
    // d3's path generator speaks the canvas API; Graphics speaks the same verbs.
    const path = geoPath(this.projection, pixiPathContext(this.outlines) as never);
    for (const f of shapes.shapes.features as Feature<Geometry, ShapeProperties>[]) {
      const own = f.properties?.inScope !== false;
      path(f);
      // fill and stroke apply to the same path; the next shape starts a new one.
      this.outlines.fill({ color: own ? land : otherLand });
      this.outlines.stroke({ width: own ? 0.8 : 0.5, color: border, alpha: own ? 1 : 0.6 });
    }
  }

  /**
   * Rasterises the outlines and every marker for the current view into the
   * texture at screen resolution. Run when a pan or zoom settles, when the
   * box changes size and when the theme changes.
   */
  private redraw() {
    window.clearTimeout(this.settleTimer);
    window.clearTimeout(this.bakeTimer);
    for (const marker of this.dotted) this.particles.addParticle(marker.particle);
    this.dotted = [];
    this.dots.clear();
    for (const particle of this.fresh.particleChildren) this.particles.addParticle(particle);
    this.fresh.removeParticles();
    this.fresh.update();
    this.particles.update();
    const { width, height } = this.app.screen;
    if (width === 0 || height === 0) return;
    if (!this.texture || this.texture.width !== width || this.texture.height !== height) {
      this.texture?.destroy(true);
      this.texture = RenderTexture.create({
        width,
        height,
        resolution: this.app.renderer.resolution,
      });
    }
    this.bakedScene.scale.set(this.k);
    this.bakedScene.position.set(this.tx, this.ty);
    this.app.renderer.render({ container: this.bakedScene, target: this.texture, clear: true });
    this.outlineSprite.texture = this.texture;
    this.drawn = { k: this.k, tx: this.tx, ty: this.ty };
    this.placeOutlineSprite();
    this.requestRender();
  }

  /** Draws the markers added since the last frame into the texture, over what it shows. */
  private drawFreshIntoTexture() {
    const added = this.fresh.particleChildren;
    for (const particle of added) this.batch.addParticle(particle);
    this.batch.update();
    this.batchScene.scale.set(this.k);
    this.batchScene.position.set(this.tx, this.ty);
    this.app.renderer.render({ container: this.batchScene, target: this.texture!, clear: false });
    for (const particle of added) this.particles.addParticle(particle);
    this.batch.removeParticles();
    this.fresh.removeParticles();
    this.fresh.update();
  }

  /** Between redraws, the last texture is moved and scaled with the view. */
  private placeOutlineSprite() {
    const drawn = this.drawn ?? { k: this.k, tx: this.tx, ty: this.ty };
    const ratio = this.k / drawn.k;
    this.outlineSprite.scale.set(ratio);
    this.outlineSprite.position.set(this.tx - drawn.tx * ratio, this.ty - drawn.ty * ratio);
  }

  /** Markers keep their size on screen whatever the zoom. */
  private sizeParticle(marker: Marker) {
    const radius = markerRadius(marker.place.population);
    const ringScale = RING_SCALES[Math.min(marker.ring, RING_SCALES.length - 1)]!;
    const scale =
      Math.max(radius * ringScale, marker.ring > 0 ? MIN_RING_RADIUS : 0) /
      MARKER_TEXTURE_RADIUS /
      this.k;
    marker.particle.scaleX = scale;
    marker.particle.scaleY = scale;
  }

  /**
   * The map's box changed size (the window, the phone's keyboard, the
   * layout): the canvas follows it, and what was in view is scaled to fit the
   * new box and centred in it, so the drawing always fills the box.
   */
  private resize() {
    if (this.destroyed) return;
    const next = { width: this.element.clientWidth, height: this.element.clientHeight };
    if (next.width === 0 || next.height === 0) return; // hidden: nothing to draw
    this.app.resize();
    if (next.width === this.box.width && next.height === this.box.height) return;
    const scale = Math.min(next.width / this.box.width, next.height / this.box.height);
    this.k *= scale;
    this.fitK *= scale;
    this.tx = this.tx * scale + (next.width - this.box.width * scale) / 2;
    this.ty = this.ty * scale + (next.height - this.box.height * scale) / 2;
    this.box = next;
    this.applyView(true);
  }

  private retheme() {
    if (this.destroyed) return;
    this.colors = mapColors(this.element);
    this.app.renderer.background.color = this.colors.sea;
    this.drawOutlines();
    this.redraw();
  }

  private applyView(settled: boolean) {
    // Dots sit at screen positions: the view is moving, so their markers are drawn on the stage.
    if (this.dotted.length > 0) this.bakeDots();
    this.world.scale.set(this.k);
    this.world.position.set(this.tx, this.ty);
    this.placeOutlineSprite();
    this.requestRender();
    window.clearTimeout(this.settleTimer);
    const settle = () => {
      for (const marker of this.markers) this.sizeParticle(marker);
      this.redraw();
    };
    if (settled) settle();
    else this.settleTimer = window.setTimeout(settle, SETTLE_MS);
  }

  private panBy(dx: number, dy: number) {
    this.tx += dx;
    this.ty += dy;
    this.applyView(false);
  }

  private zoomAt(screenX: number, screenY: number, factor: number) {
    const k = Math.min(64 * this.fitK, Math.max(0.8 * this.fitK, this.k * factor));
    const f = k / this.k;
    this.tx = screenX - (screenX - this.tx) * f;
    this.ty = screenY - (screenY - this.ty) * f;
    this.k = k;
    this.applyView(false);
  }

  /** Shows the place under the pointer (or finger): its name, region, population and finders. */
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
    const place = best.place.id;
    const finders = this.markers.filter((m) => m.place.id === place && m.by).map((m) => m.by);
    const name = this.describe?.(best.place) ?? best.label ?? best.place.name;
    // Each finder isolated, so that a right-to-left nickname keeps to itself (bidi.ts).
    const who = finders.map((by) => isolate(by ?? '')).join(', ');
    this.tooltip.textContent = finders.length > 0 ? `${name} — ${who}` : name;
    this.tooltip.style.left = `${best.x * this.k + this.tx + 12}px`;
    this.tooltip.style.top = `${best.y * this.k + this.ty - 12}px`;
    this.tooltip.hidden = false;
  }
}

function currentBox(element: HTMLElement): Box {
  const { clientWidth: width, clientHeight: height } = element;
  return width > 0 && height > 0 ? { width, height } : FALLBACK_BOX;
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
