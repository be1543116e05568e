package io.hsdest.fake;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.ArrayList;
import java.util.Base64;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * The legacy email campaigns API (hubspot-api.md section 9, scope {@code content}): {@code GET
 * /email/public/v1/campaigns/by-id?limit=&offset=} pages every campaign's id, app and last update time (offset is an
 * opaque token, {@code hasMore} says whether to ask again); {@code GET /email/public/v1/campaigns/{campaignId}} gives
 * one campaign's details, 404 when unknown. Paths verified through public clients; the page size rules (default
 * 250, at most 1,000) are the fake's assumption.
 */
final class EmailCampaignsApi {
  static final int DEFAULT_LIMIT = 250;
  static final int MAX_LIMIT = 1000;

  void register(ApiRoutes r) {
    var family = ApiRoutes.family(ApiFamily.CONTENT);
    r.get("/email/public/v1/campaigns/by-id", family, this::byId);
    r.get("/email/public/v1/campaigns/:campaignId", family, this::one);
  }

  private Reply byId(Exchange x) {
    int limit = ObjectReads.clamp(ObjectReads.intQuery(x, "limit", DEFAULT_LIMIT), 1, MAX_LIMIT);
    int start = position(x.query("offset"));
    List<EmailCampaign> all = new ArrayList<>(x.portal.campaigns.values());
    JsonArray campaigns = new JsonArray();
    for (int i = start; i < Math.min(all.size(), start + limit); i++) {
      campaigns.add(all.get(i).summary());
    }
    boolean more = start + limit < all.size();
    JsonObject body = new JsonObject().put("campaigns", campaigns).put("hasMore", more);
    if (more) {
      body.put("offset", token(start + limit));
    }
    return Reply.json(200, body);
  }

  private Reply one(Exchange x) {
    Long id = ObjectStore.parseId(x.param("campaignId"));
    EmailCampaign c = id == null ? null : x.portal.campaigns.get(id);
    if (c == null) {
      throw Envelopes.notFound("No campaign with id " + x.param("campaignId"));
    }
    return Reply.json(200, c.toJson());
  }

  private static String token(int position) {
    return Base64.getUrlEncoder().withoutPadding().encodeToString(("c" + position).getBytes(StandardCharsets.UTF_8));
  }

  private static int position(String token) {
    if (token == null || token.isEmpty()) {
      return 0;
    }
    try {
      String s = new String(Base64.getUrlDecoder().decode(token), StandardCharsets.UTF_8);
      if (s.startsWith("c")) {
        return Integer.parseInt(s.substring(1));
      }
    } catch (IllegalArgumentException e) {
      // falls through to the 400
    }
    throw Envelopes.validation("Invalid offset: " + token);
  }
}
