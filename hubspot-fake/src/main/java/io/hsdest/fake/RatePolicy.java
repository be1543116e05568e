package io.hsdest.fake;

/** HubSpot's rate-limit policies as named in 429 bodies (hubspot-api.md section 3). */
enum RatePolicy {
  TEN_SECONDLY_ROLLING("You have reached your ten_secondly_rolling limit."),
  DAILY("You have reached your daily limit."),
  SECONDLY("You have reached your secondly limit.");

  final String message;

  RatePolicy(String message) {
    this.message = message;
  }
}
