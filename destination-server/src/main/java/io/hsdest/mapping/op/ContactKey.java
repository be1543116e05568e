package io.hsdest.mapping.op;

/**
 * How a contact is addressed: by a unique property ({@code email}, {@code segment_user_id}) for an
 * upsert, or by HubSpot's record id ({@code idProperty == null}) for an update.
 */
public record ContactKey(String idProperty, String value) {

  public static ContactKey byId(String id) {
    return new ContactKey(null, id);
  }

  public static ContactKey by(String idProperty, String value) {
    return new ContactKey(idProperty, value);
  }

  public boolean isRecordId() {
    return idProperty == null;
  }

  /** A stable key for merging: emails are already lowercase. */
  public String recordKey() {
    return (idProperty == null ? "#id" : idProperty) + "=" + value;
  }
}
