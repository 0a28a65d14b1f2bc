/**
 * Pan, zoom and point on the map's canvas with a mouse, a wheel or fingers
 * (one to drag, two to pinch). Positions are in the canvas's CSS pixels.
 */
export interface GestureHandlers {
  panBy(dx: number, dy: number): void;
  zoomAt(x: number, y: number, factor: number): void;
  /** A pointer rests at (x, y), or a finger tapped there. */
  point(x: number, y: number): void;
  leave(): void;
}

/** A tap moves less than this; more is a drag. */
const TAP_SLOP_PX = 4;

export function bindGestures(canvas: HTMLCanvasElement, on: GestureHandlers): void {
  canvas.style.touchAction = 'none';
  const pointers = new Map<number, { x: number; y: number }>();
  const downAt = new Map<number, { x: number; y: number }>();
  let pinchDistance = 0;
  const local = (e: PointerEvent | WheelEvent) => {
    const rect = canvas.getBoundingClientRect();
    return { x: e.clientX - rect.left, y: e.clientY - rect.top };
  };
  const spread = () => {
    const [a, b] = [...pointers.values()];
    return {
      distance: Math.hypot(a!.x - b!.x, a!.y - b!.y),
      x: (a!.x + b!.x) / 2,
      y: (a!.y + b!.y) / 2,
    };
  };
  canvas.addEventListener(
    'wheel',
    (e) => {
      e.preventDefault();
      const p = local(e);
      on.zoomAt(p.x, p.y, Math.exp(-e.deltaY * (e.deltaMode === 1 ? 0.05 : 0.0015)));
    },
    { passive: false },
  );
  canvas.addEventListener('pointerdown', (e) => {
    canvas.setPointerCapture(e.pointerId);
    pointers.set(e.pointerId, local(e));
    downAt.set(e.pointerId, local(e));
    if (pointers.size === 2) pinchDistance = spread().distance;
  });
  canvas.addEventListener('pointermove', (e) => {
    const p = local(e);
    const previous = pointers.get(e.pointerId);
    if (!previous) return on.point(p.x, p.y);
    pointers.set(e.pointerId, p);
    if (pointers.size === 1) on.panBy(p.x - previous.x, p.y - previous.y);
    else if (pointers.size === 2) {
      const now = spread();
      if (pinchDistance > 0) on.zoomAt(now.x, now.y, now.distance / pinchDistance);
      pinchDistance = now.distance;
    }
  });
  const release = (e: PointerEvent) => {
    const p = local(e);
    const start = downAt.get(e.pointerId);
    pointers.delete(e.pointerId);
    downAt.delete(e.pointerId);
    if (pointers.size < 2) pinchDistance = 0;
    if (e.type === 'pointerup' && start && Math.hypot(start.x - p.x, start.y - p.y) < TAP_SLOP_PX)
      on.point(p.x, p.y);
  };
  canvas.addEventListener('pointerup', release);
  canvas.addEventListener('pointercancel', release);
  canvas.addEventListener('pointerleave', () => on.leave());
}
