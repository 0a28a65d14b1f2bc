import { App } from './app.js';
import { installErrorReporting } from './report-errors.js';

installErrorReporting(__APP_VERSION__);
const root = document.getElementById('app')!;
const status = document.getElementById('connection')!;
void new App(root, status).route();
