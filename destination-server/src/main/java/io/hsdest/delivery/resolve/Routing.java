package io.hsdest.delivery.resolve;

import io.hsdest.delivery.batch.Feeders.Category;
import io.hsdest.delivery.policy.Verdict;
import io.hsdest.mapping.Reason;
import io.hsdest.mapping.op.Association;
import io.hsdest.mapping.op.CompanyWrite;
import io.hsdest.mapping.op.ContactKey;
import io.hsdest.mapping.op.ContactRef;
import io.hsdest.mapping.op.ContactWrite;
import io.hsdest.mapping.op.EventSend;
import io.hsdest.mapping.op.ListMembership;
import io.hsdest.mapping.op.Operation;
import io.hsdest.store.RecordIds;
import io.vertx.core.Future;
import java.util.function.Function;

/**
 * Where an operation goes once the steps it runs after are done: the record ids it needs are
 * filled in (from those steps, else from the hints), an undecided group first searches for a
 * company to adopt, an event that names only a userId first asks HubSpot for its contact, an
 * association whose contact is not known yet is kept for later, a membership waits for its list's id.
 */
public final class Routing {
  /** What to do with an operation now. */
  public sealed interface Route {
    /**
     * Queue this operation in its lane.
     *
     * @param onItsWayTo the kind of lane the operation is finally headed for, while it goes through another step first; or null
     */
    record Queue(Operation op, Category onItsWayTo) implements Route {}

    /** The operation fails for good. */
    record Fail(Reason reason, String detail) implements Route {}

    /** The association waits (on disk) for its contact to be written. */
    record Pend(Association association) implements Route {}

    /** The operation can go once this completes (a list's id being found). */
    record Later(Future<Operation> op) implements Route {}
  }

  private final RecordIds ids;
  private final CompanyAdoption adoption;
  private final ListIds lists;
  /** Whether associations may wait for their contact (false where nothing can be kept). */
  private final boolean canPend;

  public Routing(RecordIds ids, CompanyAdoption adoption, ListIds lists, boolean canPend) {
    this.ids = ids;
    this.adoption = adoption;
    this.lists = lists;
    this.canPend = canPend;
  }

  /**
   * @param written the record id written by a step of this kind that the operation ran after, or null
   */
  public Route route(Operation op, Function<Class<? extends Operation>, String> written) {
    if (op instanceof EventSend e) return event(e);
    if (op instanceof CompanyWrite c) return company(c);
    if (op instanceof Association a) return association(a, written);
    if (op instanceof ListMembership l) return list(l, written);
    return new Route.Queue(op, null);
  }

  /** An event without objectId takes the contact remembered for its userId (its contact write has run by now). */
  private Route event(EventSend e) {
    if (e.objectId() == null && e.userId() != null) {
      String id = ids.contactByUser(e.userId());
      if (id != null) e = e.withContactId(id);
    }
    if (e.identified()) return new Route.Queue(e, null);
    if (e.userId() != null && e.userIdProperty() != null) {
      Verdict missing = new Verdict.Fail(Reason.MISSING_IDENTIFIER, "no email or hubspotutk, and HubSpot has no contact whose "
          + e.userIdProperty() + " is " + e.userId() + "; identify the user first");
      return new Route.Queue(RecordLookup.contactOf(e, ContactKey.by(e.userIdProperty(), e.userId()), missing), Category.EVENTS);
    }
    return new Route.Fail(Reason.MISSING_IDENTIFIER, "no email or hubspotutk, and no HubSpot contact is known for userId "
        + e.userId() + " yet (identify the user with an email first)");
  }

  private Route company(CompanyWrite c) {
    if (!adoption.needsSearch(c)) {
      CompanyWrite decided = c.recordId() == null && c.adoptByDomain() && c.domain() != null ? adoption.decidedWrite(c) : null;
      return new Route.Queue(decided != null ? decided : c, null);
    }
    return new Route.Queue(new AdoptionSearch(c), Category.COMPANIES);
  }

  private Route association(Association a, Function<Class<? extends Operation>, String> written) {
    if (a.companyId() == null) {
      String company = written.apply(CompanyWrite.class);
      if (company == null) company = ids.companyByGroup(a.groupId());
      if (company == null) {
        return new Route.Fail(Reason.ASSOCIATION_COMPANY_UNKNOWN, "the company " + a.groupId() + " was not written, so the contact"
            + " could not be associated with it");
      }
      a = a.withCompanyId(company);
    }
    if (a.contactId() == null) {
      String contact = contactOf(a.contact(), written);
      if (contact == null) {
        if (canPend && a.contact().userId() != null) return new Route.Pend(a);
        return new Route.Fail(Reason.ASSOCIATION_CONTACT_UNRESOLVED, "no contact is known for this user, and there is no email"
            + " or userIdProperty to find it by; identify the user with an email");
      }
      a = a.withContactId(contact);
    }
    return new Route.Queue(a, null);
  }

  private Route list(ListMembership l, Function<Class<? extends Operation>, String> written) {
    if (l.contactId() == null) {
      String contact = contactOf(l.contact(), written);
      if (contact == null) return new Route.Fail(Reason.LIST_CONTACT_UNKNOWN, "the contact for list " + l.listName() + " is not known");
      l = l.withContactId(contact);
    }
    if (l.listId() != null) return new Route.Queue(l, null);
    ListMembership membership = l;
    return new Route.Later(lists.idOf(l.listName()).map(membership::withListId));
  }

  private String contactOf(ContactRef ref, Function<Class<? extends Operation>, String> written) {
    String id = written.apply(ContactWrite.class);
    if (id == null) id = ids.contactByUser(ref.userId());
    if (id == null) id = ids.contactByEmail(ref.email());
    return id;
  }
}
