package io.hsdest.mapping;

import io.hsdest.config.DestinationSettings;
import io.hsdest.config.Policies.AudienceTrackMode;
import io.hsdest.ingest.message.Context;
import io.hsdest.ingest.message.Envelope;
import io.hsdest.ingest.message.Message;
import io.hsdest.ingest.message.Page;
import io.hsdest.ingest.message.Screen;
import io.hsdest.ingest.message.Track;
import io.hsdest.mapping.PropertyPipeline.Candidate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * track, page and screen calls to custom behavioral events. With {@code trackContextTraitsToContact},
 * non-empty {@code context.traits} also update the contact, before the event is sent; with
 * {@code trackEventTimeToContact}, a track also sets {@code last_<event>_at} on the contact, even
 * where the portal has no custom events. Engage's Audience Entered/Exited tracks set the audience
 * property and are sent as events where defined.
 */
final class TrackMapping {
  private TrackMapping() {}

  static Plan track(Track m, DestinationSettings settings, SchemaSnapshot schema) {
    List<Warning> warnings = new ArrayList<>();
    String audienceKey = audienceKey(m);
    if (audienceKey != null) return audienceTrack(m, audienceKey, settings, schema, warnings);
    EventNameResolver.Resolution name = EventNameResolver.resolve(m.event(), settings, schema.events(), schema.creationsTried());
    if (name.refusal() != null) {
      Plan contactOnly = settings.trackEventTimeToContact() ? contactOnly(m, name.refusal(), settings, schema, warnings) : null;
      return contactOnly != null ? contactOnly : Plan.terminal(m, name.refusal(), warnings);
    }
    Map<String, String> renames = name.mapping() == null ? Map.of() : name.mapping().properties();
    List<Candidate> candidates = EventMapping.candidates(m.properties(), renames, warnings);
    return event(m, name, candidates, m.properties(), m.traits(), settings, schema, warnings);
  }

  static Plan page(Page m, DestinationSettings settings, SchemaSnapshot schema) {
    if (settings.pageEventName() == null) {
      return Plan.terminal(m, Terminal.skipped(Reason.PAGE_EVENT_NOT_CONFIGURED, "page calls are sent to HubSpot only when"
          + " pageEventName names a custom event; device mode records page views in the browser"), List.of());
    }
    List<Warning> warnings = new ArrayList<>();
    EventNameResolver.Resolution name = EventNameResolver.resolve(settings.pageEventName(), settings, schema.events(), schema.creationsTried(), true);
    if (name.refusal() != null) return Plan.terminal(m, name.refusal(), warnings);
    Context c = m.context();
    Context.PageContext page = c.page();
    Context.Campaign campaign = c.campaign();
    Map<String, Object> p = m.properties();
    Map<String, Object> props = new LinkedHashMap<>();
    props.put("hs_page_url", first(p.get("url"), page == null ? null : page.url()));
    props.put("hs_page_title", first(p.get("title"), m.name()));
    props.put("hs_referrer", first(p.get("referrer"), page == null ? null : page.referrer()));
    props.put("hs_user_agent", c.userAgent());
    if (campaign != null) {
      props.put("hs_utm_source", campaign.source());
      props.put("hs_utm_medium", campaign.medium());
      props.put("hs_utm_campaign", campaign.name());
      props.put("hs_utm_term", campaign.term());
      props.put("hs_utm_content", campaign.content());
    }
    List<Candidate> candidates = new ArrayList<>();
    props.forEach((k, v) -> {
      if (v instanceof String s && !Text.trim(s).isEmpty()) candidates.add(new Candidate(k, v, k));
    });
    return event(m, name, candidates, p, m.traits(), settings, schema, warnings);
  }

  static Plan screen(Screen m, DestinationSettings settings, SchemaSnapshot schema) {
    if (settings.screenEventName() == null) {
      return Plan.terminal(m, Terminal.skipped(Reason.SCREEN_EVENT_NOT_CONFIGURED,
          "screen calls are sent to HubSpot only when screenEventName names a custom event"), List.of());
    }
    List<Warning> warnings = new ArrayList<>();
    EventNameResolver.Resolution name = EventNameResolver.resolve(settings.screenEventName(), settings, schema.events(), schema.creationsTried(), true);
    if (name.refusal() != null) return Plan.terminal(m, name.refusal(), warnings);
    List<Candidate> candidates = new ArrayList<>();
    if (m.name() != null) candidates.add(new Candidate("hs_page_title", m.name(), "name"));
    candidates.addAll(EventMapping.candidates(m.properties(), Map.of(), warnings));
    return event(m, name, candidates, m.properties(), m.traits(), settings, schema, warnings);
  }

  /** The shared tail: identity, the optional contact update, the event itself. */
  private static Plan event(Message m, EventNameResolver.Resolution name, List<Candidate> candidates,
      Map<String, Object> properties, Map<String, Object> traits, DestinationSettings settings, SchemaSnapshot schema,
      List<Warning> warnings) {
    Envelope envelope = m.envelope();
    EventIdentity identity = EventIdentity.of(properties, traits, envelope, warnings);
    if (identity.isEmpty()) {
      boolean invalidEmail = warnings.stream().anyMatch(w -> w.reason() == Reason.INVALID_EMAIL);
      return Plan.terminal(m, invalidEmail
          ? Terminal.dropped(Reason.INVALID_EMAIL, "the only identifier, the email, is not a valid address")
          : Terminal.dropped(Reason.MISSING_IDENTIFIER, "HubSpot needs an email, a hubspotutk or a known contact for an event;"
              + " none was in properties.email, context.traits.email, context.traits.hubspotutk or the userId"), warnings);
    }
    List<Step> steps = new ArrayList<>();
    List<PropertyToCreate> toCreate = new ArrayList<>();
    List<EventDefinitionToCreate> eventsToCreate = new ArrayList<>();
    Integer contactStep = contactUpdate(m, settings, schema, steps, warnings, toCreate);
    var definition = name.create() ? null : schema.events().get(name.name());
    EventMapping.Result event = EventMapping.build(name.name(), name.create(), candidates, definition,
        schema.events().known(), identity, envelope, settings, schema.creationsTried());
    if (event.event() == null) return Plan.terminal(m, Terminal.dropped(event.warnings().get(0)), warnings);
    warnings.addAll(event.warnings());
    if (event.definitionToCreate() != null) eventsToCreate.add(event.definitionToCreate());
    steps.add(new Step(event.event(), true, contactStep == null ? List.of() : List.of(contactStep)));
    return new Plan(m, steps, warnings, null, toCreate, eventsToCreate);
  }

  /**
   * The event cannot be sent (no definition: custom events need Enterprise), but the contact can
   * still learn when it happened: the contact update is what the message delivers.
   */
  private static Plan contactOnly(Track m, Terminal refusal, DestinationSettings settings, SchemaSnapshot schema,
      List<Warning> warnings) {
    List<Step> steps = new ArrayList<>();
    List<PropertyToCreate> toCreate = new ArrayList<>();
    List<Warning> all = new ArrayList<>(warnings);
    Integer at = contactUpdate(m, settings, schema, steps, all, toCreate);
    if (at == null) return null;
    steps.set(at, new Step(steps.get(at).op(), true, List.of()));
    all.add(Warning.of(Reason.EVENT_NOT_SENT, null, refusal.detail()));
    return new Plan(m, steps, all, null, toCreate, List.of());
  }

  /**
   * The contact update that goes before the event: context.traits (when enabled and they carry
   * more than identity) and the event's time as {@code last_<event>_at} (when enabled).
   */
  private static Integer contactUpdate(Message m, DestinationSettings settings, SchemaSnapshot schema, List<Step> steps,
      List<Warning> warnings, List<PropertyToCreate> toCreate) {
    Map<String, Object> context = m.context().traits();
    boolean withTraits = settings.trackContextTraitsToContact() && !onlyIdentity(context);
    Track track = settings.trackEventTimeToContact() && m instanceof Track t && t.event() != null
        && !EventNameResolver.normalise(t.event()).isEmpty() ? t : null;
    if (!withTraits && track == null) return null;
    Map<String, Object> traits = new LinkedHashMap<>(withTraits ? context : Map.of());
    if (track != null) {
      Object email = track.properties().get("email");
      if (email != null && !context.containsKey("email")) traits.putIfAbsent("email", email);
      traits.put(lastEventTimeProperty(track.event()), m.eventTime().toString());
    }
    ContactMapping.Result contact = ContactMapping.map(traits, m.envelope(), settings, schema, null);
    if (contact.write() == null) {
      warnings.add(Warning.of(Reason.CONTACT_NOT_UPDATED, null, "the contact was not updated from this call: "
          + contact.failure().reason() + " (" + contact.failure().detail() + ")"));
      return null;
    }
    warnings.addAll(contact.warnings());
    if (contact.toCreate().isEmpty() && onlyKeys(contact.write().properties().keySet(), settings)) {
      return null; // every value was dropped: an upsert of the keys alone would change nothing
    }
    toCreate.addAll(contact.toCreate());
    steps.add(new Step(contact.write(), false, List.of()));
    return steps.size() - 1;
  }

  /** {@code last_<event>_at}: the event's name normalised as a derived event name is. */
  private static String lastEventTimeProperty(String event) {
    return "last_" + EventNameResolver.normalise(event) + "_at";
  }

  /** Whether a contact write would carry nothing but the keys that find the contact. */
  private static boolean onlyKeys(java.util.Set<String> properties, DestinationSettings settings) {
    for (String p : properties) {
      if (!p.equals("email") && !p.equals(settings.userIdProperty()) && !p.equals(settings.contactIdProperty())) return false;
    }
    return true;
  }

  private static boolean onlyIdentity(Map<String, Object> traits) {
    for (String k : traits.keySet()) if (!EventIdentity.KEYS.contains(k)) return false;
    return true;
  }

  /** Engage's Audience Entered / Exited track: the audience key, or null for any other track. */
  private static String audienceKey(Track m) {
    if (m.event() == null) return null;
    String e = Text.trim(m.event());
    if (!e.equalsIgnoreCase("Audience Entered") && !e.equalsIgnoreCase("Audience Exited")) return null;
    Object key = m.properties().get("audience_key");
    if (key instanceof String s && !s.isBlank()) return s.trim();
    Context.Personas p = m.context().personas();
    return p != null && p.computationKey() != null ? p.computationKey() : null;
  }

  /**
   * The audience property (when {@code audienceMode} includes property), plus the event itself
   * when {@code audienceTrackMode=event} and the portal defines it.
   */
  private static Plan audienceTrack(Track m, String key, DestinationSettings settings, SchemaSnapshot schema, List<Warning> warnings) {
    boolean entered = Text.trim(m.event()).equalsIgnoreCase("Audience Entered");
    List<Step> steps = new ArrayList<>();
    List<PropertyToCreate> toCreate = new ArrayList<>();
    Map<String, Object> traits = new LinkedHashMap<>(m.context().traits());
    Object email = m.properties().get("email");
    if (email != null) traits.putIfAbsent("email", email);
    traits.put(key, entered);
    ContactMapping.Result contact = ContactMapping.map(traits, m.envelope(), settings, schema, key);
    Terminal contactRefusal = contact.failure();
    if (contact.write() != null) {
      warnings.addAll(contact.warnings());
      toCreate.addAll(contact.toCreate());
      steps.add(new Step(contact.write(), true, List.of()));
      for (var list : contact.lists()) steps.add(new Step(list, true, List.of(steps.size() - 1)));
    }
    Terminal eventRefusal = null;
    List<EventDefinitionToCreate> eventsToCreate = new ArrayList<>();
    if (settings.audienceTrackMode() == AudienceTrackMode.EVENT) {
      EventNameResolver.Resolution name = EventNameResolver.resolve(m.event(), settings, schema.events(), schema.creationsTried());
      if (name.refusal() != null) {
        eventRefusal = name.refusal();
        if (!steps.isEmpty()) warnings.add(Warning.of(Reason.AUDIENCE_EVENT_NOT_SENT, null, name.refusal().detail()));
      } else {
        List<Candidate> candidates = EventMapping.candidates(m.properties(), Map.of(), warnings);
        EventIdentity identity = EventIdentity.of(m.properties(), m.traits(), m.envelope(), warnings);
        var definition = name.create() ? null : schema.events().get(name.name());
        EventMapping.Result event = EventMapping.build(name.name(), name.create(), candidates, definition,
            schema.events().known(), identity, m.envelope(), settings, schema.creationsTried());
        if (event.event() != null && !identity.isEmpty()) {
          warnings.addAll(event.warnings());
          if (event.definitionToCreate() != null) eventsToCreate.add(event.definitionToCreate());
          steps.add(new Step(event.event(), steps.isEmpty(), steps.isEmpty() ? List.of() : List.of(0)));
        }
      }
    }
    if (steps.isEmpty()) {
      Terminal why = contactRefusal != null ? contactRefusal : eventRefusal != null ? eventRefusal
          : Terminal.dropped(Reason.MISSING_IDENTIFIER, "no contact could be identified for the audience update");
      return Plan.terminal(m, why, warnings);
    }
    return new Plan(m, steps, warnings, null, toCreate, eventsToCreate);
  }

  private static Object first(Object a, Object b) {
    return a instanceof String s && !s.isBlank() ? a : b;
  }
}
