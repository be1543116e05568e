/**
 * The operations mapping produces and delivery carries out: one record per kind of HubSpot
 * write. They hold final HubSpot property values (strings) and the keys that let delivery merge
 * writes to the same record and order one user's writes.
 */
package io.hsdest.mapping.op;
