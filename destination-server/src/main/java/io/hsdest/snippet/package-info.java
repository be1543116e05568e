/**
 * Serves the device-mode browser script ({@code js-snippet}'s build) with one destination's public
 * settings baked in. Only settings the schema marks {@code x-public} are ever written into it.
 */
package io.hsdest.snippet;
