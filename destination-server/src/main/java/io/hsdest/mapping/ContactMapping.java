package io.hsdest.mapping;

import io.hsdest.config.DestinationSettings;
import io.hsdest.config.Policies.UnknownProperty;
import io.hsdest.hubspot.schema.ObjectSchema;
import io.hsdest.hubspot.schema.PropertyDefinition;
import io.hsdest.ingest.message.Context;
import io.hsdest.ingest.message.Envelope;
import io.hsdest.mapping.PropertyPipeline.Candidate;
import io.hsdest.mapping.op.ContactKey;
import io.hsdest.mapping.op.ContactRef;
import io.hsdest.mapping.op.ContactWrite;
import io.hsdest.mapping.op.ListMembership;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Traits to one contact write. Identity, first match wins: a known HubSpot record id (update by
 * id); {@code userIdProperty} with the userId (upsert by it, email is then an ordinary property,
 * so an email change never makes a second contact); {@code contactIdProperty} (default email:
 * trimmed, lowercased, checked). No identifier means no call. Never search-then-create.
 */
final class ContactMapping {
  static final String HUBSPOT_CONTACT_ID = "hubspot_contact_id";

  private ContactMapping() {}

  /** A contact write, or why there is none; plus warnings, creations and list memberships. */
  record Result(
      ContactWrite write,
      Terminal failure,
      List<Warning> warnings,
      List<PropertyToCreate> toCreate,
      List<ListMembership> lists) {}

  static Result map(Map<String, Object> traits, Envelope envelope, DestinationSettings settings, SchemaSnapshot schema) {
    return map(traits, envelope, settings, schema, audienceKey(traits, envelope.context()));
  }

  /** @param audienceKey the trait that carries Engage audience membership, or null */
  static Result map(Map<String, Object> traits, Envelope envelope, DestinationSettings settings, SchemaSnapshot schema,
      String audienceKey) {
    ObjectSchema contacts = schema.contacts();
    List<Warning> warnings = new ArrayList<>();
    List<PropertyToCreate> toCreate = new ArrayList<>();
    Context context = envelope.context();
    String userId = envelope.userId();

    Object rawEmail = traits.containsKey("email") ? traits.get("email") : context.traits().get("email");
    String email = Emails.normalise(rawEmail);
    boolean emailValid = Emails.isValid(email);

    String recordId = context.externalId(HUBSPOT_CONTACT_ID);
    if (recordId == null) recordId = integrationsContactId(envelope.integrations());

    ContactKey upsertKey = null;
    if (settings.userIdProperty() != null && userId != null) {
      upsertKey = ContactKey.by(settings.userIdProperty(), userId);
    } else if (!"email".equals(settings.contactIdProperty())) {
      Object custom = traits.get(settings.contactIdProperty());
      if (custom instanceof String s && !Text.trim(s).isEmpty()) upsertKey = ContactKey.by(settings.contactIdProperty(), Text.trim(s));
      else if (custom instanceof Number n) upsertKey = ContactKey.by(settings.contactIdProperty(), ValueCoercion.plainNumber(n));
    }
    if (upsertKey == null && email != null && emailValid) upsertKey = ContactKey.by("email", email);

    ContactKey key = recordId != null ? ContactKey.byId(recordId) : upsertKey;
    if (key == null) {
      if (email != null) return failed(Terminal.dropped(Reason.INVALID_EMAIL, "\"" + ValueCoercion.brief(email) + "\" is not a valid email address"));
      return failed(Terminal.dropped(Reason.MISSING_IDENTIFIER,
          "no email" + (settings.userIdProperty() != null ? ", no userId" : "")
              + " and no HubSpot contact id: HubSpot cannot tell which contact this is"));
    }
    if (email != null && !emailValid) {
      warnings.add(Warning.of(Reason.INVALID_EMAIL, "email", "\"" + ValueCoercion.brief(email) + "\" is not a valid email address; not sent"));
    }
    if (!key.isRecordId() && !"email".equals(key.idProperty()) && contacts.known()) {
      PropertyDefinition def = contacts.get(key.idProperty());
      if (def == null) {
        if (schema.creationsTried()) {
          return failed(Terminal.dropped(Reason.ID_PROPERTY_MISSING, "the contact property " + key.idProperty()
              + " does not exist and could not be created; create it as a unique text property"));
        }
        toCreate.add(new PropertyToCreate("contacts", key.idProperty(), "string", "text", true));
      } else if (!def.hasUniqueValue()) {
        return failed(Terminal.dropped(Reason.ID_PROPERTY_NOT_UNIQUE, "the contact property " + key.idProperty()
            + " must require unique values to identify contacts"));
      }
    }

    Map<String, String> properties = new LinkedHashMap<>();
    if (!key.isRecordId()) properties.put(key.idProperty(), key.value());
    if (email != null && emailValid) properties.putIfAbsent("email", email);

    ContactFields.Mapped fields = ContactFields.candidates(without(traits, audienceKey), settings.splitNameTrait());
    warnings.addAll(fields.warnings());
    PropertyPipeline.Result mapped = PropertyPipeline.run(fields.candidates(), rules(settings, contacts, schema, Reason.PROPERTY_UNKNOWN));
    if (mapped.failure() != null) return failed(Terminal.dropped(mapped.failure()));
    mapped.properties().forEach(properties::putIfAbsent);
    warnings.addAll(mapped.warnings());
    toCreate.addAll(mapped.toCreate());

    List<ListMembership> lists = new ArrayList<>();
    Terminal audienceFailure = audienceKey == null ? null
        : audience(audienceKey, traits.get(audienceKey), settings, schema, properties, warnings, toCreate, lists, userId, email);
    if (audienceFailure != null) return failed(audienceFailure);

    String stage = properties.get("lifecyclestage");
    ContactWrite write = new ContactWrite(
        key,
        properties,
        envelope.eventTime(),
        key.isRecordId() ? upsertKey : null,
        stage == null || stage.isEmpty() ? null : stage,
        settings.createContactsAsNonMarketing(),
        userId,
        emailValid ? email : null);
    return new Result(write, null, warnings, toCreate, lists);
  }

  /**
   * Engage audience membership: the boolean trait named by the audience key becomes a single
   * checkbox property (property mode) and/or a list membership (list mode). A missing property
   * follows {@code unknownPropertyPolicy}, and the warning names the property to create.
   */
  private static Terminal audience(String key, Object member, DestinationSettings settings,
      SchemaSnapshot schema, Map<String, String> properties, List<Warning> warnings, List<PropertyToCreate> toCreate,
      List<ListMembership> lists, String userId, String email) {
    String name = PropertyKeys.normalise(key);
    if (settings.audienceMode().lists() && member instanceof Boolean b) {
      lists.add(new ListMembership(settings.listNamePrefix() + key, new ContactRef(userId, email, settings.userIdProperty()), b));
    }
    if (!settings.audienceMode().properties()) return null;
    ObjectSchema contacts = schema.contacts();
    if (contacts.known() && contacts.get(name) == null) {
      String how = "create a single checkbox contact property named " + name + " in HubSpot";
      if (settings.unknownPropertyPolicy() == UnknownProperty.CREATE && !schema.creationsTried()) {
        toCreate.add(new PropertyToCreate("contacts", name, "bool", "booleancheckbox", false));
        return null;
      }
      if (settings.unknownPropertyPolicy() == UnknownProperty.FAIL) return Terminal.dropped(Reason.AUDIENCE_PROPERTY_MISSING, how);
      warnings.add(Warning.of(Reason.AUDIENCE_PROPERTY_MISSING, name, how + (schema.creationsTried() ? " (creating it failed)" : "")));
      return null;
    }
    PropertyPipeline.Result r = PropertyPipeline.run(List.of(new Candidate(name, member, key)),
        rules(settings, contacts, schema, Reason.AUDIENCE_PROPERTY_MISSING));
    if (r.failure() != null) return Terminal.dropped(r.failure());
    warnings.addAll(r.warnings());
    properties.putAll(r.properties());
    return null;
  }

  /** The trait that carries audience membership, when this is an Engage audience sync. */
  static String audienceKey(Map<String, Object> traits, Context context) {
    Context.Personas p = context.personas();
    if (p == null || !p.isAudience() || p.computationKey() == null) return null;
    return traits.containsKey(p.computationKey()) ? p.computationKey() : null;
  }

  private static Map<String, Object> without(Map<String, Object> traits, String key) {
    if (key == null || !traits.containsKey(key)) return traits;
    Map<String, Object> copy = new LinkedHashMap<>(traits);
    copy.remove(key);
    return copy;
  }

  static PropertyPipeline.Rules rules(DestinationSettings settings, ObjectSchema objects, SchemaSnapshot schema, Reason unknownCode) {
    UnknownProperty unknown = settings.unknownPropertyPolicy();
    if (unknown == UnknownProperty.CREATE && schema.creationsTried()) unknown = UnknownProperty.DROP;
    return new PropertyPipeline.Rules(objects::get, objects.known(), unknown, settings.invalidValuePolicy(),
        settings.nullPolicy(), unknownCode, objects.objectType(), name -> ValueCoercion.MAX_TEXT);
  }

  private static String integrationsContactId(Map<String, Object> integrations) {
    for (Map.Entry<String, Object> e : integrations.entrySet()) {
      if (e.getKey().equalsIgnoreCase("hubspot") && e.getValue() instanceof Map<?, ?> m && m.get("contactId") != null) {
        String id = String.valueOf(m.get("contactId")).trim();
        return id.isEmpty() ? null : id;
      }
    }
    return null;
  }

  private static Result failed(Terminal why) {
    return new Result(null, why, List.of(), List.of(), List.of());
  }
}
