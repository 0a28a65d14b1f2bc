/** The operator's page (client/admin.html): the dashboard and the spectator view. */
import '../style.css';
import './admin.css';
import { installErrorReporting } from '../report-errors.js';
import { AdminApp } from './admin-app.js';

// The dashboard's own errors reach the dashboard like the players'.
installErrorReporting(__APP_VERSION__);
const root = document.getElementById('admin')!;
const status = document.getElementById('connection')!;
void new AdminApp(root, status).route();
