package io.hsdest.audiences;

import com.fasterxml.jackson.databind.JsonNode;
import io.hsdest.config.DestinationSettings;

/**
 * The settings audience sync reads, typed. Built from the destination's settings, which the schema has validated
 * and filled with defaults.
 *
 * @param cohortIdentity what an Amplitude cohort's {@code user_id} is
 * @param userIdProperty the unique contact property holding CDP userIds, or null
 */
record AudienceSettings(String portalId, String listNamePrefix, Identity cohortIdentity, boolean createMissingContacts,
    String userIdProperty, boolean dryRun) {

  static AudienceSettings of(DestinationSettings s) {
    JsonNode raw = s.raw() == null ? com.fasterxml.jackson.databind.node.MissingNode.getInstance() : s.raw();
    return new AudienceSettings(s.portalId(), s.listNamePrefix(), Identity.ofSetting(raw.path("cohortIdentity").asText("email")),
        raw.path("createMissingContacts").asBoolean(true), s.userIdProperty(), s.dryRun());
  }
}
