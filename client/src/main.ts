import { App } from './app.js';

const root = document.getElementById('app')!;
const status = document.getElementById('connection')!;
void new App(root, status).route();
