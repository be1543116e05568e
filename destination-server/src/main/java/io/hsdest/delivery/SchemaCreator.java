package io.hsdest.delivery;

import io.hsdest.hubspot.Calls;
import io.hsdest.hubspot.HubSpotApi;
import io.hsdest.hubspot.HubSpotError;
import io.hsdest.hubspot.HubSpotResponse;
import io.hsdest.mapping.EventDefinitionToCreate;
import io.hsdest.mapping.PropertyToCreate;
import io.vertx.core.Future;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Creates what the create policies allow: properties ({@code unknownPropertyPolicy=create}, the
 * company and user id properties) and custom event definitions ({@code autoCreateEventDefinitions}).
 * Concurrent requests for the same name share one call; 409 (it exists) counts as done; every
 * creation is logged as an audit line, and a failure is logged and left to the second mapping,
 * which then reports the property as unknown.
 */
final class SchemaCreator {
  private static final Logger LOG = LoggerFactory.getLogger(SchemaCreator.class);

  private final String destinationId;
  private final HubSpotApi api;
  private final Calls calls;
  private final Map<String, Future<Void>> creating = new ConcurrentHashMap<>();

  SchemaCreator(String destinationId, HubSpotApi api, Calls calls) {
    this.destinationId = destinationId;
    this.api = api;
    this.calls = calls;
  }

  /** Creates a contact, company or event property (once per name, however many messages ask). */
  Future<Void> property(PropertyToCreate c) {
    return creating.computeIfAbsent("p:" + c.objectType() + "/" + c.name(), k -> {
      boolean crm = c.objectType().equals("contacts") || c.objectType().equals("companies");
      Map<String, Object> body = new LinkedHashMap<>();
      body.put("name", c.name());
      body.put("label", c.label());
      body.put("type", c.type());
      body.put("fieldType", c.fieldType());
      if (crm) {
        body.put("groupName", c.objectType().equals("contacts") ? "contactinformation" : "companyinformation");
        body.put("hasUniqueValue", c.unique());
        body.put("formField", false);
        body.put("hidden", c.unique());
        body.put("description", "Created by the HubSpot destination for CDP data.");
      }
      if (c.type().equals("bool") || (c.type().equals("enumeration") && c.fieldType().equals("booleancheckbox"))) {
        body.put("options", List.of(Map.of("label", "Yes", "value", "true", "displayOrder", 0),
            Map.of("label", "No", "value", "false", "displayOrder", 1)));
      }
      var call = crm ? calls.createProperty(c.objectType(), body) : calls.createEventProperty(c.objectType(), body);
      return audited(api.call(call), (crm ? c.objectType() : "event " + c.objectType()) + " property " + c.name(), k);
    });
  }

  /** Creates a custom event definition with its properties. */
  Future<Void> eventDefinition(EventDefinitionToCreate e) {
    return creating.computeIfAbsent("e:" + e.fullyQualifiedName(), k -> {
      List<Map<String, Object>> props = new ArrayList<>();
      for (PropertyToCreate p : e.properties()) {
        Map<String, Object> prop = new LinkedHashMap<>();
        prop.put("name", p.name());
        prop.put("label", p.label());
        prop.put("type", p.type().equals("bool") ? "enumeration" : p.type());
        if (p.type().equals("bool")) {
          prop.put("options", List.of(Map.of("label", "true", "value", "true"), Map.of("label", "false", "value", "false")));
        }
        props.add(prop);
      }
      Map<String, Object> body = new LinkedHashMap<>();
      body.put("label", e.name().replace('_', ' '));
      body.put("name", e.name());
      body.put("description", "Created by the HubSpot destination for CDP data.");
      body.put("primaryObject", "CONTACT");
      body.put("propertyDefinitions", props);
      return audited(api.call(calls.createEventDefinition(body)), "custom event " + e.fullyQualifiedName(), k);
    });
  }

  /** 2xx and 409 (it exists already) are both fine; every creation is logged as an audit line. */
  private Future<Void> audited(Future<HubSpotResponse> call, String what, String key) {
    return call.transform(ar -> {
      creating.remove(key);
      if (ar.succeeded() && (ar.result().isSuccess() || ar.result().status() == 409)) {
        if (ar.result().isSuccess()) LOG.info("destination {}: created {}", destinationId, what);
        return Future.<Void>succeededFuture();
      }
      String why = ar.succeeded() ? HubSpotError.of(ar.result()).describe() : ar.cause().getMessage();
      LOG.warn("destination {}: could not create {}: {}", destinationId, what, why);
      return Future.<Void>succeededFuture();
    });
  }
}
