package io.hsdest.mapping;

import io.hsdest.config.DestinationSettings;
import io.hsdest.ingest.message.Alias;
import io.hsdest.ingest.message.Group;
import io.hsdest.ingest.message.Identify;
import io.hsdest.ingest.message.Message;
import io.hsdest.ingest.message.Page;
import io.hsdest.ingest.message.Screen;
import io.hsdest.ingest.message.Track;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/** The entry point of mapping: any message to its {@link Plan}. */
public final class Mapper {
  private Mapper() {}

  /** The parts of the portal schema that mapping this message reads. */
  public enum SchemaPart { CONTACTS, COMPANIES, EVENTS }

  public static Set<SchemaPart> needs(Message m, DestinationSettings settings) {
    Set<SchemaPart> parts = EnumSet.noneOf(SchemaPart.class);
    if (m instanceof Identify) parts.add(SchemaPart.CONTACTS);
    if (m instanceof Track || (m instanceof Page && settings.pageEventName() != null)
        || (m instanceof Screen && settings.screenEventName() != null)) {
      parts.add(SchemaPart.EVENTS);
      if (settings.trackContextTraitsToContact() || m instanceof Track) parts.add(SchemaPart.CONTACTS);
    }
    if (m instanceof Group) parts.add(SchemaPart.COMPANIES);
    return parts;
  }

  public static Plan map(Message m, DestinationSettings settings, SchemaSnapshot schema) {
    if (m instanceof Identify i) return identify(i, settings, schema);
    if (m instanceof Track t) return TrackMapping.track(t, settings, schema);
    if (m instanceof Page p) return TrackMapping.page(p, settings, schema);
    if (m instanceof Screen s) return TrackMapping.screen(s, settings, schema);
    if (m instanceof Group g) return CompanyMapping.group(g, settings, schema);
    Alias a = (Alias) m;
    return Plan.terminal(a, Terminal.skipped(Reason.ALIAS_NOT_SUPPORTED, "HubSpot has no alias operation; identify with a"
        + " userIdProperty keeps one contact across email changes"), List.of());
  }

  private static Plan identify(Identify m, DestinationSettings settings, SchemaSnapshot schema) {
    var traits = m.traits().isEmpty() ? m.context().traits() : m.traits();
    ContactMapping.Result r = ContactMapping.map(traits, m.envelope(), settings, schema);
    if (r.write() == null) return Plan.terminal(m, r.failure(), r.warnings());
    List<Step> steps = new ArrayList<>();
    steps.add(new Step(r.write(), true, List.of()));
    for (var list : r.lists()) steps.add(new Step(list, false, List.of(0)));
    List<Warning> warnings = new ArrayList<>(r.warnings());
    if (!schema.contacts().known()) {
      warnings.add(Warning.of(Reason.SCHEMA_UNKNOWN, null, "no HubSpot token: property names and types were not checked"));
    }
    return new Plan(m, steps, warnings, null, r.toCreate(), List.of());
  }
}
