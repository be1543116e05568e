/**
 * The server's local store: what must survive a crash on this machine (ids, watermarks, pending
 * associations, cursors). Everything in it is a hint that HubSpot's answers may overrule.
 */
package io.hsdest.store;
