/**
 * The destination settings schema and its Java face.
 *
 * <p>{@link io.hsdest.settings.SettingsSchema} loads {@code hubspot-destination.schema.json} (one
 * destination's settings) and {@code destination-config.schema.json} (the config file) from the
 * classpath, validates against them and fills defaults; every problem comes back as a
 * {@link io.hsdest.settings.SchemaProblem} naming the field and the rule. {@link io.hsdest.settings.SettingsDocs}
 * renders the settings reference from the same files. The schema files are the single source: a
 * setting's name, type, default, description and whether it is secret or public live there only.
 */
package io.hsdest.settings;
