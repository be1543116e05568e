// Entry of the dist bundle: defines window.HubSpotDestination (src/index.js is the ES-module API).
import { plugin, load, boot, consent, utk, version } from './index.js';

window.HubSpotDestination = { plugin, load, boot, consent, utk, version };
