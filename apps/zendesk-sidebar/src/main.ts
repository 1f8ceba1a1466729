import { h, render } from 'preact';
import { App } from './app.js';

/** Entry point: Zendesk's SDK (or the preview's stand-in) defines `ZAFClient` before this runs. */
const root = document.getElementById('app');
const client = window.ZAFClient?.init();
if (root !== null) {
  if (client === undefined || client === false) {
    root.textContent =
      'This is the casebridge Zendesk app: install it in Zendesk, or open the casebridge preview.';
  } else {
    // `data-timeout-ms` lets tests shorten the 8 s request timeout.
    const timeoutMs = Number(root.dataset.timeoutMs ?? '') || 8000;
    render(h(App, { client, timeoutMs }), root);
  }
}
