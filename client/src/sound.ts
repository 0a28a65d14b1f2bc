/**
 * Short sounds for a find, a place someone else took, and the end of a
 * game, synthesised with the Web Audio API (no files to load), and a mute
 * the browser remembers. Browsers start audio only after a gesture: the
 * context is made on the first sound, which a guess (a key press) causes.
 */
export type SoundName = 'found' | 'taken' | 'end';

const MUTED_KEY = 'placerace:muted';

/** Notes as [frequency Hz, start s, length s]; soft triangles, quickly faded. */
const NOTES: Record<SoundName, [number, number, number][]> = {
  found: [
    [660, 0, 0.09],
    [990, 0.07, 0.14],
  ],
  taken: [
    [330, 0, 0.1],
    [247, 0.09, 0.16],
  ],
  end: [
    [523, 0, 0.14],
    [659, 0.12, 0.14],
    [784, 0.24, 0.3],
  ],
};

let context: AudioContext | undefined;

function storedMuted(): boolean {
  try {
    return window.localStorage.getItem(MUTED_KEY) === '1';
  } catch {
    return false;
  }
}

let muted = storedMuted();
const listeners = new Set<(muted: boolean) => void>();

export const isMuted = (): boolean => muted;

export function setMuted(value: boolean): void {
  muted = value;
  try {
    window.localStorage.setItem(MUTED_KEY, value ? '1' : '0');
  } catch {
    // private mode: the choice lasts for this page
  }
  for (const listener of listeners) listener(value);
}

export function play(name: SoundName): void {
  if (muted) return;
  try {
    context ??= new AudioContext();
    if (context.state === 'suspended') void context.resume();
    const start = context.currentTime + 0.01;
    for (const [frequency, at, length] of NOTES[name]) tone(context, frequency, start + at, length);
    document.documentElement.dataset.lastSound = name;
  } catch {
    // no audio device, or audio not allowed: the game goes on in silence
  }
}

function tone(audio: AudioContext, frequency: number, at: number, length: number) {
  const oscillator = audio.createOscillator();
  const gain = audio.createGain();
  oscillator.type = 'triangle';
  oscillator.frequency.value = frequency;
  gain.gain.setValueAtTime(0.0001, at);
  gain.gain.exponentialRampToValueAtTime(0.18, at + 0.015);
  gain.gain.exponentialRampToValueAtTime(0.0001, at + length);
  oscillator.connect(gain).connect(audio.destination);
  oscillator.start(at);
  oscillator.stop(at + length + 0.02);
}

const SVG = 'http://www.w3.org/2000/svg';
/** A speaker, with sound waves or a cross: drawn, as emoji fonts are missing on many systems. */
function speakerIcon(silent: boolean): SVGSVGElement {
  const svg = document.createElementNS(SVG, 'svg');
  svg.setAttribute('viewBox', '0 0 24 24');
  svg.setAttribute('width', '18');
  svg.setAttribute('height', '18');
  svg.setAttribute('aria-hidden', 'true');
  const path = document.createElementNS(SVG, 'path');
  path.setAttribute(
    'd',
    silent
      ? 'M4 9h4l5-4v14l-5-4H4z M16 9l5 6 M21 9l-5 6'
      : 'M4 9h4l5-4v14l-5-4H4z M16 8.5a5 5 0 0 1 0 7 M18.5 6a8.5 8.5 0 0 1 0 12',
  );
  path.setAttribute('fill', 'none');
  path.setAttribute('stroke', 'currentColor');
  path.setAttribute('stroke-width', '2');
  path.setAttribute('stroke-linejoin', 'round');
  path.setAttribute('stroke-linecap', 'round');
  svg.append(path);
  return svg;
}

/** Makes `button` the visible mute switch: it shows the state and flips it. */
export function bindMuteButton(button: HTMLButtonElement): void {
  // A toggle: its name stays "Mute"; aria-pressed and the icon say whether it is on.
  const show = (value: boolean) => {
    button.setAttribute('aria-pressed', String(value));
    button.replaceChildren(speakerIcon(value), ' Mute');
    button.title = value ? 'Sounds are off; press to hear them again' : 'Turn the sounds off';
  };
  show(muted);
  listeners.add(show);
  button.addEventListener('click', () => setMuted(!muted));
}
