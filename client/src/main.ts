import { App } from './app.js';
import { installErrorReporting } from './report-errors.js';
import { bindMuteButton } from './sound.js';

installErrorReporting(__APP_VERSION__);
const root = document.getElementById('app')!;
const status = document.getElementById('connection')!;
bindMuteButton(document.getElementById('mute') as HTMLButtonElement);
void new App(root, status).route();
