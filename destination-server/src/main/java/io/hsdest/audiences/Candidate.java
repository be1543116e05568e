package io.hsdest.audiences;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * One member as a request gave it, before the destination's settings judge it: the field that names it and that
 * field's value ({@code field} null when the member carries no identity at all).
 *
 * @param index the member's position in its array of the request
 * @param identity the identity the field stands for, or null when the settings decide ({@code user_id} of a cohort)
 * @param altEmail a cohort user's {@code user_properties.email}, used when its {@code user_id} is no email
 * @param given the member object itself, kept only when it carries no identity (to report it as it came)
 */
record Candidate(int index, String field, String value, Identity identity, String altEmail, JsonNode given) {}
