import type { SlackBotDeps } from '../deps.js';
import type { SlackApp } from '../runtime/app.js';

export function register(_app: SlackApp, _deps: SlackBotDeps): void {}
