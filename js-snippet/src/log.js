/** Console output with one prefix; never prints payloads or settings. */
const P = '[HubSpotDestination] ';

export const error = (msg) => console.error(P + msg);
export const warn = (msg) => console.warn(P + msg);
export const debug = (msg) => console.debug(P + msg);
