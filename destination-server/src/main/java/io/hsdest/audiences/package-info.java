/**
 * Audiences and cohorts as HubSpot static lists: the MANUAL list per audience (found or created, then bound by
 * its id), members resolved to contact record ids in batches (missing contacts created when allowed), full and
 * incremental membership syncs that apply only differences, and the HTTP endpoints for Amplitude's cohort webhook
 * and any other source. Every HubSpot call goes through the destination's paced client; ids kept locally are
 * hints that HubSpot's answers overrule. {@link io.hsdest.audiences.ListDirectory} is also the list machinery of
 * Engage audiences on identify/track.
 */
package io.hsdest.audiences;
