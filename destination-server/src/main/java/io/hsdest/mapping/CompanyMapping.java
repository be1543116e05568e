package io.hsdest.mapping;

import io.hsdest.config.DestinationSettings;
import io.hsdest.hubspot.schema.ObjectSchema;
import io.hsdest.hubspot.schema.PropertyDefinition;
import io.hsdest.ingest.message.Group;
import io.hsdest.mapping.op.Association;
import io.hsdest.mapping.op.CompanyWrite;
import io.hsdest.mapping.op.ContactKey;
import io.hsdest.mapping.op.ContactRef;
import io.hsdest.mapping.op.ContactWrite;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * group to a company write keyed by {@code companyIdProperty = groupId}, and (with
 * {@code associateContactToCompany}) an association with the user's contact. Group traits never
 * change contact properties; the contact write a group may carry only makes sure the contact exists.
 */
final class CompanyMapping {
  private CompanyMapping() {}

  static Plan group(Group m, DestinationSettings settings, SchemaSnapshot schema) {
    List<Warning> warnings = new ArrayList<>();
    if (m.groupId() == null) {
      return Plan.terminal(m, Terminal.dropped(Reason.MISSING_GROUP_ID, "a group call needs a groupId"), warnings);
    }
    ObjectSchema companies = schema.companies();
    List<PropertyToCreate> toCreate = new ArrayList<>();
    String idProperty = settings.companyIdProperty();
    if (companies.known()) {
      PropertyDefinition def = companies.get(idProperty);
      if (def == null) {
        if (!settings.autoCreateCompanyIdProperty() || schema.creationsTried()) {
          return Plan.terminal(m, Terminal.dropped(Reason.COMPANY_ID_PROPERTY_MISSING, "the company property " + idProperty
              + " does not exist" + (schema.creationsTried() ? " and could not be created" : "")
              + "; create it as a unique text property"), warnings);
        }
        toCreate.add(new PropertyToCreate("companies", idProperty, "string", "text", true));
      } else if (!def.hasUniqueValue()) {
        return Plan.terminal(m, Terminal.dropped(Reason.ID_PROPERTY_NOT_UNIQUE, "the company property " + idProperty
            + " must require unique values to identify companies"), warnings);
      }
    }
    CompanyFields.Mapped fields = CompanyFields.candidates(m.traits());
    warnings.addAll(fields.warnings());
    PropertyPipeline.Result mapped = PropertyPipeline.run(fields.candidates(),
        ContactMapping.rules(settings, companies, schema, Reason.PROPERTY_UNKNOWN));
    if (mapped.failure() != null) return Plan.terminal(m, Terminal.dropped(mapped.failure()), warnings);
    warnings.addAll(mapped.warnings());
    toCreate.addAll(mapped.toCreate());
    Map<String, String> properties = new LinkedHashMap<>();
    properties.put(idProperty, m.groupId());
    mapped.properties().forEach(properties::putIfAbsent);

    List<Step> steps = new ArrayList<>();
    steps.add(new Step(new CompanyWrite(idProperty, m.groupId(), properties, m.eventTime(), fields.domain(),
        settings.adoptCompanyByDomain(), null), true, List.of()));
    if (settings.associateContactToCompany()) association(m, settings, steps, warnings);
    return new Plan(m, steps, warnings, null, toCreate, List.of());
  }

  /**
   * The contact side: with an email or the {@code userIdProperty}, a contact write that creates the
   * contact if need be (so the association is made at once); otherwise only the userId, which
   * delivery resolves from remembered contacts or keeps as a pending association.
   */
  private static void association(Group m, DestinationSettings settings, List<Step> steps, List<Warning> warnings) {
    String userId = m.userId();
    String email = Emails.normalise(m.traits().containsKey("email") ? m.traits().get("email") : m.context().traits().get("email"));
    if (email != null && !Emails.isValid(email)) email = null;
    if (userId == null && email == null) return;
    ContactKey key = null;
    if (settings.userIdProperty() != null && userId != null) key = ContactKey.by(settings.userIdProperty(), userId);
    else if (email != null) key = ContactKey.by("email", email);
    List<Integer> after = new ArrayList<>(List.of(0));
    if (key != null) {
      Map<String, String> props = new LinkedHashMap<>();
      props.put(key.idProperty(), key.value());
      if (email != null) props.putIfAbsent("email", email);
      steps.add(new Step(new ContactWrite(key, props, m.eventTime(), null, null, settings.createContactsAsNonMarketing(),
          userId, email), false, List.of()));
      after.add(steps.size() - 1);
    }
    steps.add(new Step(new Association(new ContactRef(userId, email, settings.userIdProperty()),
        settings.companyIdProperty(), m.groupId(), settings.associationTypeId()), false, after));
  }
}
