package io.hsdest.delivery.resolve;

import com.fasterxml.jackson.databind.JsonNode;
import io.hsdest.delivery.policy.Verdict;
import io.hsdest.hubspot.Endpoint;
import io.hsdest.mapping.op.ContactWrite;
import java.util.List;

/**
 * After a 409 on an upsert by {@code userIdProperty}: reads the contact HubSpot says holds the
 * email, to decide whether the write may claim it ({@link ContactClaims}).
 *
 * @param candidate the record id HubSpot named
 * @param conflictAnswer HubSpot's words about the conflict, for the message should it stand
 */
public record ClaimCheck(ContactWrite write, String candidate, String conflictAnswer) implements ReadStep {

  @Override
  public Endpoint endpoint() {
    return Endpoint.CONTACTS_READ;
  }

  @Override
  public String lane() {
    return "claim:" + write.key().idProperty();
  }

  @Override
  public String recordKey() {
    return candidate;
  }

  @Override
  public List<String> userKeys() {
    return write.userKeys();
  }

  @Override
  public String objectType() {
    return "contacts";
  }

  @Override
  public String idProperty() {
    return null;
  }

  @Override
  public String value() {
    return candidate;
  }

  @Override
  public List<String> properties() {
    return List.of(write.key().idProperty(), "email");
  }

  @Override
  public Verdict found(JsonNode record, String refusal) {
    return ContactClaims.afterRead(this, record);
  }
}
