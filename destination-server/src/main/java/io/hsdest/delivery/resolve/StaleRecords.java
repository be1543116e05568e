package io.hsdest.delivery.resolve;

import io.hsdest.delivery.policy.Verdict;
import io.hsdest.delivery.policy.Verdict.Next;
import io.hsdest.hubspot.HubSpotError;
import io.hsdest.mapping.Reason;
import io.hsdest.mapping.Warning;
import io.hsdest.mapping.op.Association;
import io.hsdest.mapping.op.ContactKey;
import io.hsdest.mapping.op.NeedsContact;
import java.util.List;
import java.util.Locale;

/**
 * HubSpot refused a record id that this server remembered (or that a step handed on): the contact
 * or company was merged or deleted, or the portal was reset under the same data directory. The id
 * is forgotten, the record is found again by its key once, and the operation goes on with a
 * {@code STALE_RECORD_ID} warning; when HubSpot has no record by that key either, the operation
 * waits for it (an association kept for its contact) or fails with a reason.
 */
public final class StaleRecords {
  private StaleRecords() {}

  /** The error item (of a batch answer) about this association: it names the contact or the company id. */
  public static HubSpotError naming(Association a, List<HubSpotError> errors) {
    for (HubSpotError e : errors) {
      String text = " " + e.message() + " " + e.ids();
      if (e.ids().contains(a.contactId()) || e.ids().contains(a.companyId())
          || text.matches("(?s).*\\b(" + a.contactId() + "|" + a.companyId() + ")\\b.*")) {
        return e;
      }
    }
    return null;
  }

  /**
   * An association HubSpot refused: when it says one end does not exist, that end is found again
   * by its key; null when the refusal is about something else.
   *
   * @param lookedUp whether the association already went through such a lookup (then it fails instead)
   */
  public static Verdict associationRefused(Association a, HubSpotError e, boolean lookedUp) {
    String sub = e.subCategory() == null ? "" : e.subCategory();
    String message = e.message() == null ? "" : e.message().toLowerCase(Locale.ROOT);
    boolean missing = sub.contains("NOT_FOUND") || e.kind() == HubSpotError.Kind.NOT_FOUND || message.contains("exist")
        || message.contains("not found");
    if (!missing || lookedUp) return null;
    if (a.groupId() == null && !e.ids().contains(a.contactId())) return null; // a kept promise names no key to look for
    boolean contactGone = sub.contains("FROM_OBJECT") || (!sub.contains("TO_OBJECT") && (e.ids().contains(a.contactId())
        || message.contains("contact")));
    if (contactGone) {
      Warning stale = Warning.of(Reason.STALE_RECORD_ID, null, "HubSpot has no contact " + a.contactId()
          + " any more (merged or deleted); the contact of user " + (a.contact().userId() != null ? a.contact().userId()
          : a.contact().email()) + " was looked up again");
      return new Next(op -> contactLookup(((Association) op).withContactId(null)), List.of(stale),
          Verdict.Stale.contact(a.contactId()), null);
    }
    Warning stale = Warning.of(Reason.STALE_RECORD_ID, null, "HubSpot has no company " + a.companyId()
        + " any more (merged or deleted); the company of group " + a.groupId() + " was looked up again");
    return new Next(op -> RecordLookup.companyOf(((Association) op).withCompanyId(null)), List.of(stale),
        Verdict.Stale.company(a.companyId()), null);
  }

  /**
   * The contact of an operation whose contact id HubSpot refused: looked up by email or userId
   * property; without either (or when HubSpot has none), the operation goes back to routing without
   * a contact (an association then waits for it).
   */
  public static io.hsdest.mapping.op.Operation contactLookup(NeedsContact op) {
    ContactKey key = op.contact().lookupKey();
    if (key == null) return op;
    return RecordLookup.contactOf(op, key, Next.as(lookup -> ((RecordLookup) lookup).waiting()));
  }
}
