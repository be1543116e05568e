package io.hsdest.delivery.resolve;

import com.fasterxml.jackson.databind.JsonNode;
import io.hsdest.delivery.policy.Verdict;
import io.hsdest.delivery.policy.Verdict.Fail;
import io.hsdest.delivery.policy.Verdict.Next;
import io.hsdest.hubspot.HubSpotError;
import io.hsdest.mapping.Reason;
import io.hsdest.mapping.op.ContactWrite;

/**
 * An email already on another contact (409). Upserting by {@code userIdProperty}, the email's contact
 * N without a userId yet (a form fill, an import) is this user: it is claimed (updated by id, the
 * userId written onto it) instead of a second contact being made; one read decides. When the email
 * is another user's contact's, the write is dropped with {@code EMAIL_CONFLICT} (cloud-mode.md V13),
 * naming both contacts, as no retry can fix it.
 */
public final class ContactClaims {
  private ContactClaims() {}

  /**
   * HubSpot answered 409 to this write.
   *
   * @param emailSent whether the write carried the email (else the conflict is about another unique value)
   * @param checked whether a claim check already ran for this write (a second conflict is final)
   */
  public static Verdict onConflict(ContactWrite write, boolean emailSent, boolean checked, HubSpotError e) {
    String existing = e.existingId();
    boolean byUserId = !write.key().isRecordId() && !"email".equals(write.key().idProperty());
    if (existing != null && byUserId && emailSent && !checked) {
      String answer = e.describe();
      return Next.as(op -> new ClaimCheck((ContactWrite) op, existing, answer));
    }
    if (emailSent && byUserId) {
      return new Fail(Reason.EMAIL_CONFLICT, conflictDetail(write, existing, null) + " (HubSpot: " + e.describe() + ")");
    }
    return new Fail(Reason.CONFLICT, e.describe());
  }

  /** The contact holding the email, as read (null when HubSpot no longer has it). */
  static Verdict afterRead(ClaimCheck check, JsonNode record) {
    ContactWrite write = check.write();
    if (record == null) return Next.as(op -> ((ClaimCheck) op).write()); // gone since: the upsert is tried once more
    String holder = record.path("properties").path(write.key().idProperty()).asText("");
    if (!holder.isEmpty() && !holder.equals(write.key().value())) {
      return new Fail(Reason.EMAIL_CONFLICT, conflictDetail(write, check.candidate(), holder)
          + (check.conflictAnswer() == null ? "" : " (HubSpot: " + check.conflictAnswer() + ")"));
    }
    String candidate = check.candidate();
    return Next.as(op -> ((ClaimCheck) op).write().toRecord(candidate));
  }

  static String conflictDetail(ContactWrite w, String existing, String holder) {
    return "the email " + w.email() + " belongs to HubSpot contact " + (existing == null ? "(id not given)" : existing)
        + (holder == null || holder.isEmpty() ? "" : ", whose userId is " + holder) + ", not to user " + w.key().value()
        + "; HubSpot keeps emails unique, so nothing was written (merge the two contacts in HubSpot, or correct the email)";
  }
}
