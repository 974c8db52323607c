/**
 * The sound and the desktop notification of a new interaction. Browsers allow audio and the
 * notification permission prompt only after a user gesture, so `primeIncomingAlerts` is called
 * from one (the agent going available) and everything after that can play on its own.
 */

let audio: AudioContext | null = null;

export function primeIncomingAlerts(): void {
  if (typeof AudioContext !== 'undefined') {
    audio ??= new AudioContext();
    if (audio.state === 'suspended') void audio.resume();
  }
  if (typeof Notification !== 'undefined' && Notification.permission === 'default') {
    void Notification.requestPermission();
  }
}

/** Two short rising tones: distinct from the operating system's own sounds, not alarming. */
export function playIncomingTone(): void {
  if (!audio || audio.state !== 'running') return;
  const start = audio.currentTime;
  for (const [index, frequency] of [660, 880].entries()) {
    const at = start + index * 0.18;
    const oscillator = audio.createOscillator();
    const gain = audio.createGain();
    oscillator.type = 'sine';
    oscillator.frequency.value = frequency;
    // Ramped in and out: a tone switched on and off at full volume clicks.
    gain.gain.setValueAtTime(0.0001, at);
    gain.gain.exponentialRampToValueAtTime(0.2, at + 0.02);
    gain.gain.exponentialRampToValueAtTime(0.0001, at + 0.15);
    oscillator.connect(gain).connect(audio.destination);
    oscillator.start(at);
    oscillator.stop(at + 0.16);
  }
}

/**
 * A desktop notification, only when the console is not what the agent is looking at (another
 * tab or window): on screen, the pop itself is the notice. Clicking it brings the console back.
 */
export function notifyIncoming(title: string, body: string, tag: string, onOpen: () => void): (() => void) | null {
  if (typeof Notification === 'undefined' || Notification.permission !== 'granted') return null;
  if (document.visibilityState === 'visible' && document.hasFocus()) return null;
  const notification = new Notification(title, { body, tag });
  notification.onclick = () => {
    window.focus();
    onOpen();
    notification.close();
  };
  return () => notification.close();
}
